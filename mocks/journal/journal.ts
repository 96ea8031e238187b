import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';

/**
 * Every exchange the gateway and the SMS gateway see, kept as evidence for the conformance suites.
 * Personal data stay unmasked here (this is the harness's own store); reports mask them.
 */
export interface ExchangeRecord {
  id: string;
  /** 'shep' | 'sms' | 'callcenter' | … : which mocked system saw it. */
  channel: string;
  environment?: 'test' | 'prod';
  sender?: string;
  service?: string;
  /** Virtual time (ms) the exchange started and how long it took (real ms). */
  at: number;
  durationMs: number;
  request: string;
  response: string;
  /** The outcome in the channel's own terms: SCSS001, a fault code, 'delivered', … */
  outcome: string;
}

export interface JournalQuery {
  channel?: string;
  sender?: string;
  service?: string;
  environment?: 'test' | 'prod';
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

export class ExchangeJournal {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  private get records() {
    return this.store.collection<ExchangeRecord>('journal');
  }

  async record(entry: Omit<ExchangeRecord, 'id' | 'at'> & { at?: number }): Promise<ExchangeRecord> {
    const at = entry.at ?? this.clock.nowMs();
    // Time first: records land at the end of the store's index instead of at random places in it,
    // which keeps each commit small (the journal takes one record per exchange).
    const rec: ExchangeRecord = { ...entry, id: `${String(at).padStart(15, '0')}-${this.newId()}`, at };
    await this.records.insert(rec.id, rec);
    return rec;
  }

  async query(q: JournalQuery = {}): Promise<ExchangeRecord[]> {
    const where: Record<string, string> = {};
    if (q.channel) where.channel = q.channel;
    if (q.sender) where.sender = q.sender;
    if (q.service) where.service = q.service;
    if (q.environment) where.environment = q.environment;
    return this.records.find({
      where,
      ...(q.from !== undefined || q.to !== undefined ? { range: { field: 'at', from: q.from, to: q.to } } : {}),
      limit: Math.min(q.limit ?? 100, 1000),
      offset: q.offset ?? 0,
    });
  }
}
