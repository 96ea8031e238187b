import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/clock.ts';
import { ExchangeJournal } from '../journal/journal.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { LEGACY_MESSAGE_IDS_COLLECTION, UsedMessageIds, type MessageIdClaim } from './message-ids.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(file = ':memory:') {
  const store = new SqliteStore(file);
  let n = 0;
  const journal = new ExchangeJournal(store, new VirtualClock({ frozenAtMs: 1_700_000_000_000 }), () => `id-${++n}`);
  const ids = new UsedMessageIds(journal, store.collection(LEGACY_MESSAGE_IDS_COLLECTION));
  /** What the gateway does once the exchange is answered: journal it under the key, then settle. */
  const journalUnder = async (claim: MessageIdClaim) => {
    await journal.record({
      channel: 'shep',
      request: '',
      response: '',
      outcome: 'SCSS001',
      durationMs: 0,
      messageKey: claim.key,
    });
    ids.settle(claim);
  };
  return { store, journal, ids, journalUnder };
}

describe('T-SHEP-4 used messageIds live on the journal records', () => {
  it('refuses a twin while the first is in flight, and after it is journaled', async () => {
    const { ids, journalUnder, store } = open();
    const claim = await ids.claim('test', 'bank', 'm-1');
    expect(claim!.key).toBe(JSON.stringify(['test', 'bank', 'm-1']));
    expect(await ids.claim('test', 'bank', 'm-1')).toBeUndefined();
    await journalUnder(claim!);
    expect(await ids.claim('test', 'bank', 'm-1')).toBeUndefined();
    // Another sender, another environment: other spaces.
    expect(await ids.claim('test', 'other', 'm-1')).toBeDefined();
    expect(await ids.claim('prod', 'bank', 'm-1')).toBeDefined();
    await store.close();
  });

  it('frees a key whose exchange never reached the journal', async () => {
    const { ids, store } = open();
    const claim = await ids.claim('test', 'bank', 'lost');
    ids.settle(claim!);
    expect((await ids.claim('test', 'bank', 'lost'))!.key).toBe(claim!.key);
    await store.close();
  });

  it('still refuses a used messageId after a restart on the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-ids-'));
    dirs.push(dir);
    const file = join(dir, 'env.db');
    const first = open(file);
    await first.journalUnder((await first.ids.claim('test', 'bank', 'kept'))!);
    await first.store.close();
    const second = open(file);
    expect(await second.ids.claim('test', 'bank', 'kept')).toBeUndefined();
    expect(await second.ids.claim('test', 'bank', 'new')).toBeDefined();
    await second.store.close();
  });

  it('honours the per-id rows a store written before 0.2 kept', async () => {
    const { ids, store } = open();
    await store
      .collection(LEGACY_MESSAGE_IDS_COLLECTION)
      .insert(JSON.stringify(['test', 'bank', 'old']), { environment: 'test', senderId: 'bank', messageId: 'old' });
    expect(await ids.claim('test', 'bank', 'old')).toBeUndefined();
    expect(await ids.claim('test', 'bank', 'fresh')).toBeDefined();
    await store.close();
  });

  it('hashes a hostile, very long messageId into a short key, and still tells twins apart', async () => {
    const { ids, journalUnder, store } = open();
    const long = 'x'.repeat(100_000);
    const claim = await ids.claim('test', 'bank', long);
    expect(claim!.key.length).toBeLessThan(64);
    await journalUnder(claim!);
    expect(await ids.claim('test', 'bank', long)).toBeUndefined();
    expect(await ids.claim('test', 'bank', `${long}y`)).toBeDefined();
    await store.close();
  });

  it('forgets the claims of exchanges still running when the environment is reset', async () => {
    const { ids, store } = open();
    const before = (await ids.claim('test', 'bank', 'during-reset'))!;
    ids.forget();
    expect(ids.holds(before)).toBe(false);
    // The new environment may use the id; the old exchange settling later takes nothing from it.
    const after = (await ids.claim('test', 'bank', 'during-reset'))!;
    ids.settle(before);
    expect(ids.holds(after)).toBe(true);
    expect(await ids.claim('test', 'bank', 'during-reset')).toBeUndefined();
    await store.close();
  });
});
