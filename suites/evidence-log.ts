import type { Evidence } from './result.ts';
import type { Exchange } from './exchange.ts';
import type { ExchangeRecord } from './wire.ts';

type NewEvidence = Evidence extends infer E ? (E extends { id: string } ? Omit<E, 'id'> : never) : never;

/** Every piece of evidence of a run, kept once under a short id that results cite. */
export class EvidenceLog {
  readonly all: Record<string, Evidence> = {};
  private n = 0;
  private readonly byJournalId = new Map<string, Exchange>();

  add(e: NewEvidence): string {
    const prefix = { exchange: 'x', sms: 's', driver: 'd', person: 'p', note: 'n' }[e.kind];
    const id = `${prefix}${++this.n}`;
    this.all[id] = { ...e, id } as Evidence;
    return id;
  }

  /** A journal record as an Exchange for the checks, logged once however often it is read. */
  exchange(record: ExchangeRecord): Exchange {
    const known = this.byJournalId.get(record.id);
    if (known) return known;
    const evidenceId = this.add({
      kind: 'exchange',
      journalId: record.id,
      channel: record.channel,
      ...(record.environment ? { environment: record.environment } : {}),
      ...(record.sender ? { sender: record.sender } : {}),
      ...(record.service ? { service: record.service } : {}),
      at: new Date(record.at).toISOString(),
      request: record.request,
      response: record.response,
      outcome: record.outcome,
    });
    const x = { ...record, evidenceId };
    this.byJournalId.set(record.id, x);
    return x;
  }

  note(text: string): string {
    return this.add({ kind: 'note', at: new Date().toISOString(), text });
  }
}
