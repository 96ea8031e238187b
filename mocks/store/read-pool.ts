import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { StoreBusyError } from './store.ts';

/**
 * Big reads of a SQLite file store, away from the event loop: node:sqlite answers synchronously,
 * so a page of megabytes read on the main thread holds every request for its whole time. Each
 * worker thread holds a read-only connection of its own; WAL lets it read the last committed state
 * while the writer goes on. The pool is bounded (workers and waiting reads), and what a worker
 * reads comes back as the bytes of one JSON array, transferred, not copied: the main thread sends
 * it on without parsing or joining anything.
 */
export interface ReadPoolOptions {
  /** Reads running at once, one worker thread each. Default: the cores less one for the main thread, 1 to 2. */
  workers?: number;
  /** Reads waiting for a worker; one more is refused (StoreBusyError). Default 16. */
  queue?: number;
  /** SQLite page cache of each reader, KiB. Default 2048 (SQLite's own default). */
  cacheKib?: number;
  /**
   * Niceness of the reader threads (Linux; elsewhere ignored). Default 10: when the cores are
   * short, the scheduler gives the main thread, which answers requests, the CPU first.
   */
  nice?: number;
  /** A cursor page ends early past this many bytes. Default DEFAULT_MAX_PAGE_BYTES (8 MiB). */
  maxPageBytes?: number;
  /** V8 heap of each reader thread, MiB: old generation (default 64) and young (default 4). */
  heapMb?: { old?: number; young?: number };
}

export interface ReadRequest {
  sql: string;
  params: (string | number | null)[];
  /** Rows wanted; the SQL asks for one more, which only says whether there is a next page. */
  limit: number;
  /**
   * Ends the page early, after at least one document, once it would pass this many bytes (its
   * cursor continues from there); 0: no cap (offset paging, which cannot continue by cursor).
   */
  maxBytes?: number;
  /** Also counts what matches (SELECT count(*) AS n …), in the same read transaction as the page. */
  count?: { sql: string; params: (string | number | null)[] };
}

export interface ReadResult {
  body: Uint8Array;
  count: number;
  more: boolean;
  /** The last row's seq and order key (k): the next page's cursor. */
  last?: { seq: number; k?: string | number | null };
  total?: number;
}

export const DEFAULT_READ_QUEUE = 16;
/** A cursor page ends early past this many bytes (followed by its Link like any page). */
export const DEFAULT_MAX_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * The worker, as plain JavaScript run with `eval`: no module file to find beside the built code,
 * and nothing a TypeScript loader could rewrite.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
try {
  // This thread only (a thread id given to setpriority names one thread on Linux).
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (workerData.nice !== 0) require('node:os').setPriority(tid, workerData.nice);
} catch {}
const db = new DatabaseSync(workerData.location, { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000; PRAGMA mmap_size = 0; PRAGMA cache_size = -' + workerData.cacheKib);
// As sqlite-store.ts's containsText (FindQuery.contains).
db.function('kdp_contains', { deterministic: true }, (value, needle) =>
  typeof value === 'string' && typeof needle === 'string' && value.toLowerCase().includes(needle) ? 1 : 0,
);
const stmts = new Map();
function prepared(sql) {
  let s = stmts.get(sql);
  if (!s) {
    s = db.prepare(sql);
    stmts.set(sql, s);
    if (stmts.size > 64) stmts.delete(stmts.keys().next().value);
  }
  return s;
}
const encoder = new TextEncoder();
// Documents are encoded one by one into this buffer, kept from read to read: no array of rows, no
// joined string, one exact copy per page. It grows to the largest page read.
let scratch = new Uint8Array(1 << 20);
function room(pos, bytes) {
  if (pos + bytes <= scratch.length) return;
  const bigger = new Uint8Array(Math.max(scratch.length * 2, pos + bytes));
  bigger.set(scratch.subarray(0, pos));
  scratch = bigger;
}
parentPort.on('message', (m) => {
  // A count and its page see one snapshot.
  if (m.count) db.exec('BEGIN');
  try {
    const total = m.count ? Number(prepared(m.count.sql).get(...m.count.params).n) : undefined;
    const s = prepared(m.sql);
    let pos = 1;
    let count = 0;
    let more = false;
    let last;
    scratch[0] = 0x5b;
    for (const row of s.iterate(...m.params)) {
      if (count === m.limit) { more = true; break; }
      const start = pos;
      room(pos, row.doc.length * 3 + 2);
      if (count > 0) scratch[pos++] = 0x2c;
      pos += encoder.encodeInto(row.doc, scratch.subarray(pos)).written;
      // Past the byte cap the page ends early; its cursor continues from the last document kept.
      if (m.maxBytes > 0 && count > 0 && pos > m.maxBytes) { pos = start; more = true; break; }
      last = row;
      count++;
    }
    room(pos, 1);
    scratch[pos++] = 0x5d;
    const body = scratch.slice(0, pos);
    parentPort.postMessage(
      { id: m.id, body, count, more, total, last: last && { seq: Number(last.seq), k: last.k } },
      [body.buffer],
    );
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  } finally {
    if (m.count) db.exec('COMMIT');
  }
});
`;

interface Job {
  id: number;
  request: ReadRequest;
  resolve: (r: ReadResult) => void;
  reject: (err: unknown) => void;
}

interface Reader {
  worker: Worker;
  job?: Job;
}

type Reply = ({ error?: undefined } & ReadResult) | { error: string };

export class ReadPool {
  private readonly readers: Reader[] = [];
  private readonly waiting: Job[] = [];
  private readonly size: number;
  private readonly queueLimit: number;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly location: string,
    private readonly options: ReadPoolOptions = {},
  ) {
    this.size = Math.max(1, Math.floor(options.workers ?? Math.min(2, Math.max(1, availableParallelism() - 1))));
    this.queueLimit = Math.max(0, Math.floor(options.queue ?? DEFAULT_READ_QUEUE));
  }

  /** Reads running now and waiting: for tests and diagnostics. */
  get load(): { running: number; waiting: number } {
    return { running: this.readers.filter((r) => r.job).length, waiting: this.waiting.length };
  }

  read(request: ReadRequest): Promise<ReadResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<ReadResult>((resolve, reject) => {
      const job: Job = { id: this.nextId++, request, resolve, reject };
      const idle = this.idleReader();
      if (idle) return this.start(idle, job);
      if (this.waiting.length >= this.queueLimit) {
        reject(
          new StoreBusyError(
            `${this.size} store reader(s) busy and ${this.waiting.length} read(s) waiting: retry shortly`,
            1,
          ),
        );
        return;
      }
      this.waiting.push(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const gone = new Error('the store is closed');
    for (const job of this.waiting.splice(0)) job.reject(gone);
    await Promise.all(
      this.readers.splice(0).map(async (r) => {
        r.job?.reject(gone);
        await r.worker.terminate();
      }),
    );
  }

  private idleReader(): Reader | undefined {
    const idle = this.readers.find((r) => !r.job);
    if (idle) return idle;
    if (this.readers.length >= this.size) return undefined;
    // Started on the first read that needs one: a store nobody lists costs no thread.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      name: 'kdp-store-reader',
      // Rows pass through one by one: a small heap is enough, and RSS stays small.
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.heapMb?.old ?? 64,
        maxYoungGenerationSizeMb: this.options.heapMb?.young ?? 4,
      },
      workerData: {
        location: this.location,
        cacheKib: Math.max(64, Math.floor(this.options.cacheKib ?? 2048)),
        nice: Math.min(19, Math.max(0, Math.floor(this.options.nice ?? 10))),
      },
    });
    // Idle readers must not keep a process alive that has nothing else left to do.
    worker.unref();
    const reader: Reader = { worker };
    worker.on('message', (reply: Reply & { id: number }) => this.finish(reader, reply));
    worker.on('error', (err) => this.lose(reader, err));
    worker.on('exit', (code) => this.lose(reader, new Error(`a store reader stopped (exit code ${code})`)));
    this.readers.push(reader);
    return reader;
  }

  private start(reader: Reader, job: Job): void {
    reader.job = job;
    reader.worker.postMessage({ id: job.id, maxBytes: 0, ...job.request });
  }

  private finish(reader: Reader, reply: Reply & { id: number }): void {
    const job = reader.job;
    if (!job || job.id !== reply.id) return;
    reader.job = undefined;
    if (reply.error !== undefined) job.reject(new Error(`store read failed: ${reply.error}`));
    else
      job.resolve({
        body: reply.body,
        count: reply.count,
        more: reply.more,
        ...(reply.last ? { last: reply.last } : {}),
        ...(reply.total !== undefined ? { total: reply.total } : {}),
      });
    this.next();
  }

  /** A reader died: its read fails, the next read starts a new one. */
  private lose(reader: Reader, err: unknown): void {
    const i = this.readers.indexOf(reader);
    if (i < 0) return;
    this.readers.splice(i, 1);
    reader.job?.reject(err);
    reader.job = undefined;
    if (!this.closed) this.next();
  }

  private next(): void {
    const job = this.waiting.shift();
    if (!job) return;
    const reader = this.idleReader();
    if (reader) this.start(reader, job);
    else this.waiting.unshift(job);
  }
}
