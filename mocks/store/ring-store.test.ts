import { describe, expect, it } from 'vitest';
import { RingStore } from './ring-store.ts';
import { SqliteStore } from './sqlite-store.ts';

interface Doc {
  n: number;
}

function ringed(capacities: Record<string, number>) {
  const notes: { collection: string; capacity: number }[] = [];
  const store = new RingStore(new SqliteStore(':memory:'), { capacities, onFirstDrop: (n) => notes.push(n) });
  return { store, notes };
}

describe('RingStore (bounded collections of an in-memory store)', () => {
  it('keeps the newest documents of a ringed collection, says so once, and leaves the others whole', async () => {
    const { store, notes } = ringed({ bounded: 200 });
    const bounded = store.collection<Doc>('bounded');
    const other = store.collection<Doc>('other');
    for (let n = 0; n < 450; n++) {
      await bounded.put(`b${n}`, { n });
      await other.put(`o${n}`, { n });
    }
    const kept = await bounded.find({ limit: 1000 });
    // Trimmed in steps of 1 %: never more than capacity + 1 % are kept.
    expect(kept.length).toBeGreaterThanOrEqual(200);
    expect(kept.length).toBeLessThanOrEqual(202);
    expect(kept.at(-1)).toEqual({ n: 449 });
    expect(kept[0]!.n).toBe(450 - kept.length);
    expect(store.droppedFrom('bounded')).toBe(450 - kept.length);
    expect(await other.count()).toBe(450);
    expect(store.droppedFrom('other')).toBe(0);
    expect(notes).toEqual([{ collection: 'bounded', capacity: 200 }]);
  });

  it('counts an update and a refused insert as no new document, and trims inside a transaction', async () => {
    const { store } = ringed({ r: 100 });
    const r = store.collection<Doc>('r');
    for (let n = 0; n < 100; n++) await r.insert(`d${n}`, { n });
    // The same ids again: replaced or refused, nothing new to drop for.
    for (let n = 0; n < 100; n++) expect(await r.insert(`d${n}`, { n: -1 })).toBe(false);
    expect(await r.count()).toBe(100);
    await store.transaction(async () => {
      for (let n = 100; n < 150; n++) await r.put(`d${n}`, { n });
    });
    expect(await r.count()).toBeLessThanOrEqual(101);
    expect(await r.get('d149')).toEqual({ n: 149 });
    expect(await r.get('d0')).toBeUndefined();
  });
});
