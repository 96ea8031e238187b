import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Collection, FindQuery, Scalar, Store } from './store.ts';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fieldPath(field: string): string {
  // Field names end up inside a JSON path; only plain identifiers are allowed there.
  if (!FIELD.test(field)) throw new Error(`invalid field name: ${field}`);
  return `$.${field}`;
}

function bindScalar(v: Scalar): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

interface Batch {
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * node:sqlite store, WAL journal: a crash of the process loses nothing committed; `:memory:` gives
 * a throwaway store. The file is locked exclusively: one environment owns it (a second `up` on the
 * same file is refused instead of the two overwriting each other), and commits skip the
 * inter-process lock and shared-memory index work.
 *
 * Group commit: writes outside an explicit transaction run at once (later reads see them) inside
 * an implicit transaction that commits at the end of the event-loop turn. Concurrent requests thus
 * share one commit instead of paying one each. `sync()` resolves once everything written so far is
 * committed: the HTTP layer awaits it before any response leaves, so nothing is acknowledged before
 * it is on disk (mocks/server.ts).
 */
export class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  private readonly stmts = new Map<string, StatementSync>();
  private depth = 0;
  private batch: Batch | null = null;

  constructor(
    readonly location: string,
    /**
     * 'process' (default): survives the process being killed; the OS flushes to disk in its own time.
     * 'power': also survives an OS crash or power loss (fsync at every commit), at a cost in speed.
     */
    durability: 'process' | 'power' = 'process',
  ) {
    if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
    this.db = new DatabaseSync(location);
    try {
      this.db.exec(`
        PRAGMA busy_timeout = 1000;
        PRAGMA locking_mode = EXCLUSIVE;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = ${durability === 'power' ? 'FULL' : 'OFF'};
        CREATE TABLE IF NOT EXISTS documents (
          seq INTEGER PRIMARY KEY,
          coll TEXT NOT NULL,
          id TEXT NOT NULL,
          doc TEXT NOT NULL,
          UNIQUE (coll, id)
        );
        BEGIN IMMEDIATE;
        COMMIT;
      `);
    } catch (err) {
      this.db.close();
      if (/locked|busy/i.test((err as Error).message)) {
        throw new Error(
          `the store ${location} is in use by another kdp-conformance process (one environment per file)`,
          { cause: err },
        );
      }
      throw err;
    }
  }

  private stmt(sql: string): StatementSync {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  collection<T>(name: string): Collection<T> {
    return new SqliteCollection<T>(
      name,
      (sql) => this.stmt(sql),
      () => this.joinBatch(),
    );
  }

  sync(): Promise<void> {
    return this.batch?.done ?? Promise.resolve();
  }

  /** Opens the implicit transaction if needed. */
  private joinBatch(): void {
    if (this.depth > 0) return;
    if (!this.batch) {
      this.db.exec('BEGIN');
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Nobody may be awaiting it; a failed commit must still not become an unhandled rejection.
      done.catch(() => {});
      this.batch = { done, resolve, reject };
      setImmediate(() => this.commitBatch());
    }
  }

  private commitBatch(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      this.db.exec('COMMIT');
      batch.resolve();
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // Nothing left to roll back: the failed COMMIT ended the transaction.
      }
      batch.reject(err);
    }
  }

  async transaction<R>(fn: () => Promise<R>): Promise<R> {
    // Nested calls join the outer transaction. Callers must not interleave other writers between
    // awaits; the mocks run on one event loop and keep transactions short.
    if (this.depth > 0) {
      this.depth++;
      try {
        return await fn();
      } finally {
        this.depth--;
      }
    }
    // Writes of this turn that came before are committed first: a rollback must not take them along.
    this.commitBatch();
    this.depth = 1;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.depth = 0;
    }
  }

  async clear(): Promise<void> {
    this.joinBatch();
    this.db.exec('DELETE FROM documents');
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    this.commitBatch();
    this.stmts.clear();
    this.db.close();
  }
}

class SqliteCollection<T> implements Collection<T> {
  constructor(
    private readonly name: string,
    private readonly stmt: (sql: string) => StatementSync,
    /** Called before every write (see group commit above). */
    private readonly joinBatch: () => void,
  ) {}

  async get(id: string): Promise<T | undefined> {
    const row = this.stmt('SELECT doc FROM documents WHERE coll = ? AND id = ?').get(this.name, id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async put(id: string, doc: T): Promise<void> {
    this.joinBatch();
    this.stmt(
      'INSERT INTO documents (coll, id, doc) VALUES (?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET doc = excluded.doc',
    ).run(this.name, id, JSON.stringify(doc));
  }

  async insert(id: string, doc: T): Promise<boolean> {
    this.joinBatch();
    const r = this.stmt('INSERT OR IGNORE INTO documents (coll, id, doc) VALUES (?, ?, ?)').run(
      this.name,
      id,
      JSON.stringify(doc),
    );
    return Number(r.changes) === 1;
  }

  async delete(id: string): Promise<boolean> {
    this.joinBatch();
    const r = this.stmt('DELETE FROM documents WHERE coll = ? AND id = ?').run(this.name, id);
    return Number(r.changes) === 1;
  }

  async find(query: FindQuery = {}): Promise<T[]> {
    const { sql, params } = this.where(query);
    const order = query.order === 'desc' ? 'DESC' : 'ASC';
    const orderBy = query.orderBy
      ? `json_extract(doc, '${fieldPath(query.orderBy)}') ${order}, seq ${order}`
      : `seq ${order}`;
    const limit = Math.max(0, Math.min(query.limit ?? 10_000, 100_000));
    const offset = Math.max(0, query.offset ?? 0);
    const rows = this.stmt(
      `SELECT doc FROM documents WHERE ${sql} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
    ).all(...params) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as T);
  }

  async count(query: Pick<FindQuery, 'where' | 'range'> = {}): Promise<number> {
    const { sql, params } = this.where(query);
    const row = this.stmt(`SELECT count(*) AS n FROM documents WHERE ${sql}`).get(...params) as { n: number };
    return Number(row.n);
  }

  private where(query: Pick<FindQuery, 'where' | 'range'>): { sql: string; params: (string | number | null)[] } {
    const clauses = ['coll = ?'];
    const params: (string | number | null)[] = [this.name];
    for (const [field, value] of Object.entries(query.where ?? {})) {
      if (value === null) {
        clauses.push(`json_extract(doc, '${fieldPath(field)}') IS NULL`);
      } else {
        clauses.push(`json_extract(doc, '${fieldPath(field)}') = ?`);
        params.push(bindScalar(value));
      }
    }
    if (query.range) {
      const path = fieldPath(query.range.field);
      if (query.range.from !== undefined) {
        clauses.push(`json_extract(doc, '${path}') >= ?`);
        params.push(query.range.from);
      }
      if (query.range.to !== undefined) {
        clauses.push(`json_extract(doc, '${path}') <= ?`);
        params.push(query.range.to);
      }
    }
    return { sql: clauses.join(' AND '), params };
  }
}

/** `:memory:` or a file path; the CLI's --db maps here. */
export function openStore(location: string): Store {
  return new SqliteStore(location);
}
