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
}

export interface ReadRequest {
  sql: string;
  params: (string | number | null)[];
  /** Rows wanted; the SQL asks for one more, which only says whether there is a next page. */
  limit: number;
}

export interface ReadResult {
  body: Uint8Array;
  count: number;
  more: boolean;
  /** The last row's seq and order key (k): the next page's cursor. */
  last?: { seq: number; k?: string | number | null };
}

export const DEFAULT_READ_QUEUE = 16;

/**
 * The worker, as plain JavaScript run with `eval`: no module file to find beside the built code,
 * and nothing a TypeScript loader could rewrite.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.location, { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000; PRAGMA mmap_size = 0; PRAGMA cache_size = -' + workerData.cacheKib);
const stmts = new Map();
const encoder = new TextEncoder();
parentPort.on('message', (m) => {
  try {
    let s = stmts.get(m.sql);
    if (!s) {
      s = db.prepare(m.sql);
      stmts.set(m.sql, s);
      if (stmts.size > 64) stmts.delete(stmts.keys().next().value);
    }
    const rows = s.all(...m.params);
    const count = Math.min(rows.length, m.limit);
    const parts = new Array(count);
    for (let i = 0; i < count; i++) parts[i] = rows[i].doc;
    const body = encoder.encode('[' + parts.join(',') + ']');
    const last = count > 0 ? rows[count - 1] : undefined;
    parentPort.postMessage(
      { id: m.id, body, count, more: rows.length > m.limit, last: last && { seq: Number(last.seq), k: last.k } },
      [body.buffer],
    );
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
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
      workerData: { location: this.location, cacheKib: Math.max(64, Math.floor(this.options.cacheKib ?? 2048)) },
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
    reader.worker.postMessage({ id: job.id, ...job.request });
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
