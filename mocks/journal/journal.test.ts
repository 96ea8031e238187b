import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/clock.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { ExchangeJournal, JOURNAL_COLLECTION } from './journal.ts';

function journal(options: ConstructorParameters<typeof ExchangeJournal>[3] = {}) {
  const store = new SqliteStore(':memory:');
  const clock = new VirtualClock({}, () => Date.UTC(2026, 0, 1));
  let n = 0;
  return { store, clock, journal: new ExchangeJournal(store, clock, () => `id-${++n}`, options) };
}

const exchange = (sender: string, correlation?: string) => ({
  channel: 'shep',
  environment: 'test' as const,
  sender,
  service: 'S',
  ...(correlation ? { correlation } : {}),
  durationMs: 0,
  request: '<r/>',
  response: '<a/>',
  outcome: 'SCSS001',
});

describe('ExchangeJournal', () => {
  it('answers a query by sender over a window of time from one index range, in time order', async () => {
    const { store, journal: j } = journal();
    await j.record(exchange('A'));
    const plan = store
      .explain(JOURNAL_COLLECTION, { where: { sender: 'A' }, range: { field: 'at', from: 1, to: 2 }, orderBy: 'at' })
      .join('\n');
    expect(plan).toMatch(/SEARCH .* USING INDEX i:journal:sender,at \(f_sender=\? AND f_at>\? AND f_at<\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    const byCorrelation = store.explain(JOURNAL_COLLECTION, { where: { correlation: 'm' }, orderBy: 'at' }).join('\n');
    expect(byCorrelation).toMatch(/USING INDEX i:journal:correlation/);
  });

  it('keeps a ring of the newest exchanges when given a capacity, and says once that it dropped some', async () => {
    const notes: number[] = [];
    const { journal: j } = journal({ capacity: 200, onFirstDrop: ({ capacity }) => notes.push(capacity) });
    for (let i = 0; i < 450; i++) await j.record(exchange('R', `m-${i}`));
    const kept = await j.query({ sender: 'R', limit: 1000 });
    // Trimmed in steps of 1 %: never more than capacity + 1 % are kept.
    expect(kept.length).toBeGreaterThanOrEqual(200);
    expect(kept.length).toBeLessThanOrEqual(202);
    expect(kept.at(-1)!.correlation).toBe('m-449');
    expect(j.dropped).toBe(450 - kept.length);
    expect(notes).toEqual([200]);
  });

  it('keeps everything without a capacity', async () => {
    const { journal: j } = journal();
    for (let i = 0; i < 300; i++) await j.record(exchange('K'));
    expect(await j.query({ limit: 1000 })).toHaveLength(300);
    expect(j.dropped).toBe(0);
  });
});
