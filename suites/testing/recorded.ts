import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import type { Exchange } from '../exchange.ts';
import type { ExchangeRecord } from '../wire.ts';

/** What record-evidence.ts wrote: a good initiator's exchanges and what the checks know of it. */
export interface RecordedEvidence {
  recordedBy: string;
  bin: string;
  name: string;
  senders: { test: string; prod: string };
  approvedServices: string[];
  signingKey: JWK;
  ovtAudience: string;
  subjects: string[];
  pendingRequestId: string;
  exchanges: ExchangeRecord[];
}

const RAW = JSON.parse(readFileSync(new URL('./recorded.json', import.meta.url), 'utf8')) as RecordedEvidence;

/** A fresh copy each call, so that a test may alter it; exchanges carry evidence ids x1, x2… */
export function recorded(): Omit<RecordedEvidence, 'exchanges'> & { exchanges: Exchange[] } {
  const copy = structuredClone(RAW);
  return { ...copy, exchanges: copy.exchanges.map((x, i) => ({ ...x, evidenceId: `x${i + 1}` })) };
}

/** The recorded exchange that matches, or a test error. */
export function pick(exchanges: Exchange[], where: (x: Exchange) => boolean): Exchange {
  const x = exchanges.find(where);
  if (!x) throw new Error('no recorded exchange matches');
  return x;
}

/** The sender context of the recorded organisation, as the harness would know it. */
export function recordedContext(
  r: Omit<RecordedEvidence, 'exchanges'> = RAW,
): import('../checks/context.ts').SenderContext {
  return {
    bin: r.bin,
    senders: { test: [r.senders.test], prod: [r.senders.prod] },
    approvedServices: [...r.approvedServices],
    approvedGrounds: ['art9-1'],
    expiresIn: { min: 60, max: 157_680_000 },
    maxSkewMs: 120_000,
    // Recorded when the mocks wrote +06:00: the evidence is that profile's (utcOffsetMinutes 360).
    utcOffsetMinutes: 360,
    ovtKeys: [r.signingKey],
    ovtAudience: { test: r.ovtAudience, prod: r.ovtAudience.replace(':test:', ':prod:') },
  };
}

/** The recorded exchanges with one altered (by index) through a text replacement of its request. */
export function altered(index: number, from: string | RegExp, to: string) {
  const r = recorded();
  const x = r.exchanges[index]!;
  const before = x.request;
  x.request = x.request.replace(from, to);
  if (x.request === before) throw new Error(`the alteration of exchange ${index} changed nothing`);
  return { exchanges: r.exchanges, context: recordedContext(r), x };
}

export function good() {
  const r = recorded();
  return { exchanges: r.exchanges, context: recordedContext(r) };
}
