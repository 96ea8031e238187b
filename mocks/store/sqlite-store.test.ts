import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.ts';

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
});
