import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.ts';
import { StoreBusyError, type CollectionSpec, type JsonArrayPage } from './store.ts';

interface Doc {
  id: string;
  sender: string;
  at: number;
}

const SPEC: CollectionSpec = { fields: { sender: 'text', at: 'integer' }, indexes: [['sender', 'at']] };
const dirs: string[] = [];
const open: SqliteStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileStore(reads?: ConstructorParameters<typeof SqliteStore>[2]): { store: SqliteStore; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kdp-read-'));
  dirs.push(dir);
  const file = join(dir, 'env.db');
  const store = new SqliteStore(file, 'process', reads);
  open.push(store);
  return { store, file };
}

const docsOf = (p: JsonArrayPage) => JSON.parse(new TextDecoder().decode(p.body)) as Doc[];

describe('pageJsonArray (client listings read away from the request path)', () => {
  it.each(['memory', 'file'] as const)(
    'gives the documents pageJson gives, as one JSON array, and pages by the same cursors (%s)',
    async (where) => {
      const store = where === 'memory' ? new SqliteStore(':memory:') : fileStore().store;
      const c = store.collection<Doc>('j', SPEC);
      for (let i = 0; i < 250; i++) await c.insert(`d${i}`, { id: `d${i}`, sender: i % 2 ? 'odd' : 'even', at: i });
      const q = { where: { sender: 'odd' }, orderBy: 'at', limit: 120 };
      const seen: number[] = [];
      let after: string | undefined;
      do {
        const [bytes, text] = await Promise.all([
          c.pageJsonArray({ ...q, ...(after ? { after } : {}) }),
          c.pageJson({ ...q, ...(after ? { after } : {}) }),
        ]);
        expect(docsOf(bytes)).toEqual(text.items.map((d) => JSON.parse(d)));
        expect(bytes.count).toBe(text.items.length);
        expect(bytes.next).toBe(text.next);
        seen.push(...docsOf(bytes).map((d) => d.at));
        after = bytes.next;
      } while (after);
      expect(seen).toEqual([...Array(125).keys()].map((i) => 2 * i + 1));
      const deep = await c.pageJsonArray({ ...q, limit: 2, offset: 100 });
      expect(docsOf(deep).map((d) => d.at)).toEqual([201, 203]);
    },
  );

  it('reads its own writes on a file store: what was written before the call is there, synced or not', async () => {
    const { store } = fileStore();
    const c = store.collection<Doc>('fresh', SPEC);
    // Not awaited: the write is in the open group commit when the read is asked for.
    void c.put('a', { id: 'a', sender: 's', at: 1 });
    expect(docsOf(await c.pageJsonArray({ where: { sender: 's' } }))).toEqual([{ id: 'a', sender: 's', at: 1 }]);
    await c.put('a', { id: 'a', sender: 's', at: 2 });
    expect(docsOf(await c.pageJsonArray({ where: { sender: 's' } }))[0]!.at).toBe(2);
  });

  it('refuses a read beyond its workers and queue with StoreBusyError, and serves the next one', async () => {
    const { store } = fileStore({ workers: 1, queue: 1 });
    const c = store.collection<Doc>('q', SPEC);
    await c.put('a', { id: 'a', sender: 's', at: 1 });
    await store.sync();
    const reads = [0, 1, 2].map(() => c.pageJsonArray({}));
    const settled = await Promise.allSettled(reads);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const refusal = (settled[2] as PromiseRejectedResult).reason as StoreBusyError;
    expect(refusal).toBeInstanceOf(StoreBusyError);
    expect(refusal.retryAfterSeconds).toBe(1);
    expect((await c.pageJsonArray({})).count).toBe(1);
    expect(store.readPool()!.load).toEqual({ running: 0, waiting: 0 });
  });

  it.runIf(process.platform === 'linux')(
    'reads at a lower priority than the thread that answers requests (niceness 10)',
    async () => {
      const { store } = fileStore();
      await store.collection<Doc>('n', SPEC).pageJsonArray({});
      const niceness = readdirSync('/proc/self/task')
        .filter((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'kdp-store-reade')
        .map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
        });
      const main = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
      // 10, or the process's own when the whole run is niced further.
      expect(niceness).toEqual([Math.max(10, main)]);
    },
  );

  it('fails a read the worker cannot run with an error, and goes on reading', async () => {
    const { store } = fileStore();
    const c = store.collection<Doc>('e', SPEC);
    await c.put('a', { id: 'a', sender: 's', at: 1 });
    await expect(store.readPool()!.read({ sql: 'SELECT nonsense FROM nowhere', params: [], limit: 1 })).rejects.toThrow(
      /store read failed: no such table/,
    );
    expect((await c.pageJsonArray({})).count).toBe(1);
  });
});

describe('one environment per store file, across processes', () => {
  it('refuses a second process while the first holds the file; a killed owner leaves it free and its commits in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-owner-'));
    dirs.push(dir);
    const file = join(dir, 'env.db');
    const script = `
      import { SqliteStore } from ${JSON.stringify(new URL('./sqlite-store.ts', import.meta.url).href)};
      const store = new SqliteStore(${JSON.stringify(file)});
      await store.collection('k').put('1', { v: 1 });
      await store.sync();
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
    });
    expect(() => new SqliteStore(file)).toThrow(/in use by another kdp-conformance process/);
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    const next = new SqliteStore(file);
    open.push(next);
    expect(await next.collection('k').get('1')).toEqual({ v: 1 });
  });
});
