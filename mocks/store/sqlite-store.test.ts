import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { SqliteStore, STATEMENT_CACHE_SIZE } from './sqlite-store.ts';
import { InvalidCursorError, type CollectionSpec } from './store.ts';

interface Doc {
  id: string;
  sender: string;
  at: number;
  ok?: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SqliteStore', () => {
  it('puts, gets, replaces and deletes documents per collection', async () => {
    const store = new SqliteStore(':memory:');
    const a = store.collection<Doc>('a');
    const b = store.collection<Doc>('b');
    await a.put('1', { id: '1', sender: 'x', at: 1 });
    expect(await a.get('1')).toEqual({ id: '1', sender: 'x', at: 1 });
    expect(await b.get('1')).toBeUndefined();
    await a.put('1', { id: '1', sender: 'y', at: 2 });
    expect((await a.get('1'))?.sender).toBe('y');
    expect(await a.delete('1')).toBe(true);
    expect(await a.delete('1')).toBe(false);
  });

  it('insert refuses a taken id, so it can guard against duplicates', async () => {
    const c = new SqliteStore(':memory:').collection<Doc>('c');
    expect(await c.insert('m', { id: 'm', sender: 's', at: 0 })).toBe(true);
    expect(await c.insert('m', { id: 'm', sender: 'other', at: 0 })).toBe(false);
    expect((await c.get('m'))?.sender).toBe('s');
  });

  it('finds by field equality, range, order and limit', async () => {
    const c = new SqliteStore(':memory:').collection<Doc>('j');
    for (let i = 0; i < 10; i++)
      await c.put(String(i), { id: String(i), sender: i % 2 ? 'odd' : 'even', at: i * 10, ok: i > 4 });
    expect((await c.find({ where: { sender: 'odd' } })).map((d) => d.id)).toEqual(['1', '3', '5', '7', '9']);
    expect((await c.find({ where: { ok: true }, range: { field: 'at', from: 60, to: 80 } })).map((d) => d.id)).toEqual([
      '6',
      '7',
      '8',
    ]);
    expect((await c.find({ orderBy: 'at', order: 'desc', limit: 2 })).map((d) => d.id)).toEqual(['9', '8']);
    expect(await c.count({ where: { sender: 'even' } })).toBe(5);
  });

  it('reuses the SQL of a query shape without mixing shapes up (null or value, which bounds)', async () => {
    const store = new SqliteStore(':memory:');
    const c = store.collection<Doc & { tag?: string | null }>('shapes', { fields: { sender: 'text', at: 'integer' } });
    await c.put('1', { id: '1', sender: 'x', at: 1, tag: null });
    await c.put('2', { id: '2', sender: 'x', at: 2, tag: 't' });
    await c.put('3', { id: '3', sender: 'y', at: 3, tag: 't' });
    for (let round = 0; round < 2; round++) {
      expect(await c.count({ where: { sender: 'x' } })).toBe(2);
      expect(await c.count({ where: { sender: 'y' } })).toBe(1);
      expect(await c.count({ where: { tag: null } })).toBe(1);
      expect(await c.count({ where: { tag: 't' } })).toBe(2);
      expect(await c.count({ where: { sender: 'x', tag: 't' } })).toBe(1);
      expect(await c.count({ range: { field: 'at', from: 2 } })).toBe(2);
      expect(await c.count({ range: { field: 'at', to: 2 } })).toBe(2);
      expect(await c.count({ range: { field: 'at', from: 2, to: 2 } })).toBe(1);
      expect((await c.find({ where: { sender: 'x' }, range: { field: 'at', from: 2 } })).map((d) => d.id)).toEqual([
        '2',
      ]);
    }
    await expect(c.count({ where: { 'x) OR (1': 1 } })).rejects.toThrow();
    await store.close();
  });

  it('leaves documents without a sparse field out of its index, and still finds by it through the index', async () => {
    const store = new SqliteStore(':memory:');
    const spec: CollectionSpec = { fields: { key: 'text' }, indexes: [['key']], sparse: ['key'] };
    const c = store.collection<{ key?: string }>('sparse', spec);
    await c.put('1', { key: 'a' });
    await c.put('2', {});
    expect(await c.count({ where: { key: 'a' } })).toBe(1);
    expect(store.explain('sparse', { where: { key: 'a' } }).join(' ')).toMatch(/USING (COVERING )?INDEX/);
    const ddl = (store as unknown as { db: DatabaseSync }).db
      .prepare(`SELECT sql FROM sqlite_master WHERE name = 'i:sparse:key'`)
      .get() as { sql: string };
    expect(ddl.sql).toMatch(/WHERE "f_key" IS NOT NULL$/);
    expect(() => store.collection('bad', { fields: {}, sparse: ['nope'] })).toThrow(/not declared/);
    await store.close();
  });

  it('on a file store, reads join the transaction of the turn without making anyone wait for a commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-store-'));
    dirs.push(dir);
    const file = join(dir, 'env.db');
    const store = new SqliteStore(file);
    const c = store.collection<Doc>('reads');
    expect(await c.get('none')).toBeUndefined();
    expect(await c.count()).toBe(0);
    // Only reads so far: nothing to wait for.
    expect(store.pendingCommit).toBeUndefined();
    await c.put('1', { id: '1', sender: 'x', at: 1 });
    expect(store.pendingCommit).toBeDefined();
    await store.sync();
    const other = new DatabaseSync(file, { readOnly: true });
    expect((other.prepare('SELECT count(*) AS n FROM "c:reads"').get() as { n: number }).n).toBe(1);
    other.close();
    // A read after the commit opens the next turn's transaction, which commits on its own.
    expect(await c.get('1')).toEqual({ id: '1', sender: 'x', at: 1 });
    await new Promise((r) => setImmediate(r));
    await c.put('2', { id: '2', sender: 'y', at: 2 });
    await store.sync();
    expect(await c.count()).toBe(2);
    await store.close();
  });

  it('rejects a field name that is not a plain identifier', async () => {
    const c = new SqliteStore(':memory:').collection<Doc>('j');
    await expect(c.find({ where: { "a') OR 1=1 --": 'x' } })).rejects.toThrow(/invalid field/);
  });

  it('rolls back every write of a failed transaction', async () => {
    const store = new SqliteStore(':memory:');
    const c = store.collection<Doc>('t');
    await expect(
      store.transaction(async () => {
        await c.put('1', { id: '1', sender: 's', at: 0 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await c.get('1')).toBeUndefined();
  });

  it('shows a write to later reads at once and has it on disk once sync() resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-store-'));
    dirs.push(dir);
    const file = join(dir, 'env.db');
    const store = new SqliteStore(file);
    const c = store.collection<Doc>('g');
    const writes = [c.put('1', { id: '1', sender: 'a', at: 1 }), c.insert('2', { id: '2', sender: 'b', at: 2 })];
    expect(await c.count()).toBe(2);
    await Promise.all(writes);
    await store.sync();
    // What a kill -9 would leave: the files as they are now, with the store still open.
    const copy = join(dir, 'copy.db');
    for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
    const reader = new SqliteStore(copy);
    expect(await reader.collection<Doc>('g').count()).toBe(2);
    await reader.close();
    await store.close();
  });

  it('refuses a second store on a file another one holds, with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-store-'));
    dirs.push(dir);
    const file = join(dir, 'env.db');
    const first = new SqliteStore(file);
    expect(() => new SqliteStore(file)).toThrow(/in use by another kdp-conformance process/);
    await first.close();
    const again = new SqliteStore(file);
    await again.close();
  });

  it('commits the pending group before an explicit transaction, so its rollback cannot undo them', async () => {
    const store = new SqliteStore(':memory:');
    const c = store.collection<Doc>('g');
    void c.put('before', { id: 'before', sender: 'a', at: 0 });
    await expect(
      store.transaction(async () => {
        await c.put('inside', { id: 'inside', sender: 'a', at: 0 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await c.get('before')).toBeDefined();
    expect(await c.get('inside')).toBeUndefined();
  });

  it('keeps what was written across a reopen of the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-store-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'env.db');
    const first = new SqliteStore(file);
    await first.collection<Doc>('k').put('1', { id: '1', sender: 's', at: 5 });
    await first.close();
    const second = new SqliteStore(file);
    expect(await second.collection<Doc>('k').get('1')).toEqual({ id: '1', sender: 's', at: 5 });
    await second.close();
  });

  const SPEC: CollectionSpec = {
    fields: { sender: 'text', at: 'integer', ok: 'integer' },
    indexes: [['sender'], ['at']],
  };

  it('answers a query on a declared field from its index, not by a scan (EXPLAIN QUERY PLAN)', () => {
    const store = new SqliteStore(':memory:');
    store.collection<Doc>('j', SPEC);
    const bySender = store.explain('j', { where: { sender: 'x' }, limit: 100 }).join('\n');
    expect(bySender).toMatch(/USING INDEX i:j:sender/);
    expect(bySender).not.toMatch(/USE TEMP B-TREE/);
    // The last page of a long listing is a seek too: the cursor is part of the index range.
    const after = store.explain('j', { where: { sender: 'x' }, after: cursorAfter(5), limit: 100 }).join('\n');
    expect(after).toMatch(/USING INDEX i:j:sender \(f_sender=\? AND rowid>\?\)/);
    const byTime = store.explain('j', { range: { field: 'at', from: 1, to: 9 }, orderBy: 'at' }).join('\n');
    expect(byTime).toMatch(/USING INDEX i:j:at \(f_at>\? AND f_at<\?\)/);
    expect(byTime).not.toMatch(/USE TEMP B-TREE/);
    // An undeclared field still works, by a scan.
    expect(store.explain('j', { where: { other: 1 } }).join('\n')).toMatch(/SCAN/);
  });

  it('pages with a cursor in either order, by insertion or by a field, to the last page', async () => {
    const store = new SqliteStore(':memory:');
    const c = store.collection<Doc>('p', SPEC);
    for (let i = 0; i < 25; i++) await c.put(String(i), { id: String(i), sender: i % 2 ? 'odd' : 'even', at: i % 5 });
    const walk = async (q: Parameters<typeof c.page>[0]) => {
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const p = await c.page({ ...q, ...(after ? { after } : {}) });
        seen.push(...p.items.map((d) => d.id));
        after = p.next;
        pages++;
      } while (after);
      return { seen, pages };
    };
    const byInsertion = await walk({ where: { sender: 'odd' }, limit: 4 });
    expect(byInsertion.seen).toEqual(['1', '3', '5', '7', '9', '11', '13', '15', '17', '19', '21', '23']);
    expect(byInsertion.pages).toBe(3);
    const byField = await walk({ orderBy: 'at', order: 'desc', limit: 7 });
    const expected = [...Array(25).keys()]
      .map((i) => ({ id: String(i), at: i % 5, i }))
      .sort((a, b) => b.at - a.at || b.i - a.i)
      .map((d) => d.id);
    expect(byField.seen).toEqual(expected);
    // The same page as stored JSON text, for an adapter that passes documents on unparsed.
    const json = await c.pageJson({ where: { sender: 'odd' }, limit: 4 });
    expect(json.items.map((t) => JSON.parse(t).id)).toEqual(['1', '3', '5', '7']);
    expect(json.next).toBe((await c.page({ where: { sender: 'odd' }, limit: 4 })).next);
    // A cursor made for one order is refused for another, as is a forged one.
    const first = await c.page({ orderBy: 'at', limit: 2 });
    await expect(c.page({ orderBy: 'sender', after: first.next! })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(c.page({ after: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('binds limits, offsets and cursors: many distinct pages do not grow the statement cache', async () => {
    const store = new SqliteStore(':memory:');
    const c = store.collection<Doc>('s', SPEC);
    for (let i = 0; i < 50; i++) await c.put(String(i), { id: String(i), sender: 'a', at: i });
    let after: string | undefined;
    await c.page({ where: { sender: 'a' }, limit: 1 });
    const shapes = store.statementCacheSize;
    for (let limit = 1; limit <= 40; limit++) {
      await c.find({ where: { sender: 'a' }, limit, offset: limit });
      const p = await c.page({ where: { sender: 'a' }, limit, ...(after ? { after } : {}) });
      after = p.next;
    }
    // Two shapes (with and without a cursor) and the offset find: not one statement per value.
    expect(store.statementCacheSize).toBeLessThanOrEqual(shapes + 3);
    expect(STATEMENT_CACHE_SIZE).toBeLessThan(1000);
  });

  it('declares fields on a collection that already holds documents, and fills their columns', async () => {
    const store = new SqliteStore(':memory:');
    const plain = store.collection<Doc>('late');
    await plain.put('1', { id: '1', sender: 'x', at: 3 });
    await plain.put('2', { id: '2', sender: 'y', at: 4 });
    const declared = store.collection<Doc>('late', SPEC);
    expect((await declared.find({ where: { sender: 'y' } })).map((d) => d.id)).toEqual(['2']);
    expect(store.explain('late', { where: { sender: 'y' } }).join('\n')).toMatch(/USING INDEX/);
  });

  it('moves the documents of an older store (one shared table) into their own tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-store-'));
    dirs.push(dir);
    const file = join(dir, 'old.db');
    const old = new DatabaseSync(file);
    old.exec(
      'CREATE TABLE documents (seq INTEGER PRIMARY KEY, coll TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (coll, id))',
    );
    old.prepare('INSERT INTO documents (coll, id, doc) VALUES (?, ?, ?)').run('journal', 'a', '{"sender":"s","at":1}');
    old.prepare('INSERT INTO documents (coll, id, doc) VALUES (?, ?, ?)').run('kdp.tokens', 't', '{"iin":"1"}');
    old.close();
    const store = new SqliteStore(file);
    expect(await store.collection('journal', SPEC).find({ where: { sender: 's' } })).toEqual([{ sender: 's', at: 1 }]);
    expect(await store.collection('kdp.tokens').get('t')).toEqual({ iin: '1' });
    await store.close();
  });

  it('trims a collection to its newest documents', async () => {
    const c = new SqliteStore(':memory:').collection<Doc>('r');
    for (let i = 0; i < 10; i++) await c.insert(String(i), { id: String(i), sender: 's', at: i });
    expect(await c.trim(3)).toBe(7);
    expect((await c.find()).map((d) => d.id)).toEqual(['7', '8', '9']);
    expect(await c.trim(3)).toBe(0);
  });

  it('forgets a table made inside a rolled-back transaction and makes it again on next use', async () => {
    const store = new SqliteStore(':memory:');
    await expect(
      store.transaction(async () => {
        await store.collection<Doc>('fresh', SPEC).put('1', { id: '1', sender: 's', at: 0 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const c = store.collection<Doc>('fresh');
    await c.put('2', { id: '2', sender: 's', at: 0 });
    expect((await c.find({ where: { sender: 's' } })).map((d) => d.id)).toEqual(['2']);
  });
});

/** A cursor as the store encodes it, for the plan test (the plan does not depend on its value). */
function cursorAfter(seq: number): string {
  return Buffer.from(JSON.stringify({ o: '', d: 'asc', s: seq })).toString('base64url');
}
