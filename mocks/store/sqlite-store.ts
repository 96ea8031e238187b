import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { holdStoreFile } from './file-owner.ts';
import { DEFAULT_MAX_PAGE_BYTES, ReadPool, type ReadPoolOptions } from './read-pool.ts';
import { readSliced, TurnGate } from './sliced-read.ts';
import {
  InvalidCursorError,
  type Collection,
  type CollectionSpec,
  type FieldType,
  type FindQuery,
  type JsonArrayPage,
  type Page,
  type Scalar,
  type Store,
} from './store.ts';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const SQL_TYPE: Record<FieldType, string> = { text: 'TEXT', integer: 'INTEGER', real: 'REAL' };
/** Distinct query shapes are few (values are always bound); this only guards against a runaway. */
export const STATEMENT_CACHE_SIZE = 256;
const DEFAULT_LIMIT = 10_000;
const MAX_LIMIT = 100_000;

function checkField(field: string): string {
  // Field names end up in SQL (a column name or a JSON path); only plain identifiers are allowed.
  if (!FIELD.test(field)) throw new Error(`invalid field name: ${field}`);
  return field;
}

const tableOf = (name: string) => `"c:${name}"`;
const columnOf = (field: string) => `"f_${field}"`;

type Bound = string | number | null;

function bindScalar(v: Scalar): Bound {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** A document's value for its column: scalars only; anything else is not indexable and stays null. */
function columnValue(v: unknown): Bound {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

interface Batch {
  /** Whether it holds a write (a batch of reads only is committed too, but nobody waits for it). */
  wrote: boolean;
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** What the table of a collection has now. */
interface TableState {
  table: string;
  /** Declared fields that have a column. */
  fields: Map<string, FieldType>;
  insertSql: string;
  upsertSql: string;
  getSql: string;
  /**
   * SQL already built, by the shape of the query (which fields, which bounds): hot lookups (the
   * messageId guard, a token's record) reuse one string instead of building it per call, which also
   * keeps the statement cache's key the same object.
   */
  shapes: Map<string, string>;
}

/** Distinct query shapes kept per table; callers use a handful, this only bounds a misuse. */
const MAX_SHAPES = 256;

interface Declared {
  fields: Map<string, FieldType>;
  sparse: Set<string>;
  indexes: Map<string, readonly string[]>;
  /** Specs already merged (by identity; weakly, so a spec written inline per call does not pile up). */
  seen: WeakSet<CollectionSpec>;
}

interface CursorData {
  /** orderBy ('' = insertion), order, the last key value and seq. */
  o: string;
  d: 'asc' | 'desc';
  k?: Bound;
  s: number;
}

function encodeCursor(c: CursorData): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string, orderBy: string, order: 'asc' | 'desc'): CursorData {
  let c: Partial<CursorData>;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<CursorData>;
  } catch {
    throw new InvalidCursorError('the cursor is not one this store handed out');
  }
  if (
    typeof c !== 'object' ||
    c === null ||
    !Number.isSafeInteger(c.s) ||
    (c.k !== undefined && c.k !== null && typeof c.k !== 'string' && typeof c.k !== 'number')
  )
    throw new InvalidCursorError('the cursor is not one this store handed out');
  if (c.o !== orderBy || c.d !== order)
    throw new InvalidCursorError('the cursor belongs to a listing in another order');
  return c as CursorData;
}

/**
 * node:sqlite store, WAL journal: a crash of the process loses nothing committed; `:memory:` gives
 * a throwaway store. One environment owns a file (a second `up` on it is refused instead of the two
 * overwriting each other): it holds an exclusive lock on `<file>-lock` for as long as it is open.
 * The database itself is in SQLite's normal locking mode so that the read-only connections of the
 * ReadPool (worker threads of this process) can read committed data while this one writes;
 * pageJsonArray reads there, a `:memory:` store in slices on the main thread.
 *
 * Each collection is a table of its own with a column per declared field (CollectionSpec), so a
 * query on a declared field is an index seek, not a scan of JSON. Every value is bound, never
 * written into the SQL: the statement cache holds one statement per query shape.
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
  private readonly declared = new Map<string, Declared>();
  private readonly tables = new Map<string, TableState>();
  private readonly collections = new Map<string, SqliteCollection<unknown>>();
  /** Tables created or altered inside the open explicit transaction: a rollback takes that back. */
  private ddlInTransaction: string[] = [];
  private depth = 0;
  private batch: Batch | null = null;
  private readonly owner: { close(): void } | undefined;
  private pool: ReadPool | undefined;
  /** @internal In-thread reads of pageJsonArray (`:memory:`): one slice per event-loop turn. */
  readonly gate = new TurnGate();

  constructor(
    readonly location: string,
    /**
     * 'process' (default): survives the process being killed; the OS flushes to disk in its own time.
     * 'power': also survives an OS crash or power loss (fsync at every commit), at a cost in speed.
     */
    durability: 'process' | 'power' = 'process',
    /** The worker threads that read pageJsonArray on a file store. */
    /** @internal */
    readonly readOptions: ReadPoolOptions = {},
  ) {
    const file = location !== ':memory:';
    if (file) {
      mkdirSync(dirname(location), { recursive: true });
      this.owner = holdStoreFile(location);
    }
    this.db = new DatabaseSync(location);
    try {
      this.db.exec(`
        PRAGMA busy_timeout = 1000;
        PRAGMA locking_mode = ${file ? 'NORMAL' : 'EXCLUSIVE'};
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = ${durability === 'power' ? 'FULL' : 'OFF'};
        BEGIN IMMEDIATE;
        COMMIT;
      `);
    } catch (err) {
      this.db.close();
      this.owner?.close();
      if (/locked|busy/i.test((err as Error).message)) {
        throw new Error(
          `the store ${location} is in use by another kdp-conformance process (one environment per file)`,
          { cause: err },
        );
      }
      throw err;
    }
    this.migrateSharedTable();
    this.db.function(CONTAINS_FUNCTION, { deterministic: true }, containsText);
  }

  /** @internal The readers of pageJsonArray; none for `:memory:`, which no other connection can see. */
  readPool(): ReadPool | undefined {
    if (this.location === ':memory:' || !this.db.isOpen) return undefined;
    return (this.pool ??= new ReadPool(this.location, this.readOptions));
  }

  /** Statements prepared and kept; bounded whatever the values queried. */
  get statementCacheSize(): number {
    return this.stmts.size;
  }

  /** @internal */
  stmt(sql: string): StatementSync {
    let s = this.stmts.get(sql);
    if (s) {
      // Least recently used goes first: move this one to the end.
      this.stmts.delete(sql);
      this.stmts.set(sql, s);
      return s;
    }
    s = this.db.prepare(sql);
    this.stmts.set(sql, s);
    if (this.stmts.size > STATEMENT_CACHE_SIZE) this.stmts.delete(this.stmts.keys().next().value!);
    return s;
  }

  collection<T>(name: string, spec?: CollectionSpec): Collection<T> {
    if (spec) this.declare(name, spec);
    let c = this.collections.get(name);
    if (!c) {
      if (!NAME.test(name)) throw new Error(`invalid collection name: ${name}`);
      c = new SqliteCollection(name, this);
      this.collections.set(name, c);
    }
    return c as Collection<T>;
  }

  /**
   * The query plan SQLite chooses for a find, one line per step (tests assert an index is used).
   * SQLite-specific by nature, so not part of Store.
   */
  explain(name: string, query: FindQuery = {}): string[] {
    const built = (this.collection(name) as SqliteCollection<unknown>).selectSql(query);
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  private declare(name: string, spec: CollectionSpec): void {
    let d = this.declared.get(name);
    if (d?.seen.has(spec)) return;
    d ??= { fields: new Map(), sparse: new Set(), indexes: new Map(), seen: new WeakSet() };
    let changed = false;
    for (const [field, type] of Object.entries(spec.fields)) {
      checkField(field);
      const known = d.fields.get(field);
      if (known && known !== type)
        throw new Error(`collection ${name}: field ${field} declared both ${known} and ${type}`);
      if (!known) {
        d.fields.set(field, type);
        changed = true;
      }
    }
    for (const field of spec.sparse ?? []) {
      if (!d.fields.has(field)) throw new Error(`collection ${name}: sparse field ${field} is not declared`);
      if (!d.sparse.has(field)) {
        d.sparse.add(field);
        changed = true;
      }
    }
    for (const index of spec.indexes ?? []) {
      for (const f of index)
        if (!d.fields.has(f)) throw new Error(`collection ${name}: index on undeclared field ${f}`);
      const key = index.join(',');
      if (!d.indexes.has(key)) {
        d.indexes.set(key, index);
        changed = true;
      }
    }
    d.seen.add(spec);
    this.declared.set(name, d);
    // The table catches up on its next use.
    if (changed) this.tables.delete(name);
  }

  /** @internal The table of a collection, created or brought up to its declaration. */
  table(name: string): TableState {
    return this.tables.get(name) ?? this.ensureTable(name);
  }

  private ensureTable(name: string): TableState {
    const table = tableOf(name);
    const d = this.declared.get(name);
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
    );
    const existing = new Set(
      (this.db.prepare('SELECT name FROM pragma_table_info(?)').all(`c:${name}`) as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const fields = new Map<string, FieldType>();
    for (const [field, type] of d?.fields ?? []) {
      if (!existing.has(`f_${field}`)) {
        // A collection that held documents before the field was declared: fill the column from them.
        this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${columnOf(field)} ${SQL_TYPE[type]}`);
        // A sparse field is one documents written before it was declared do not have (store.ts):
        // reading every document of a large store at start-up to find none is not worth it.
        if (!d?.sparse.has(field))
          this.db.exec(`UPDATE ${table} SET ${columnOf(field)} = json_extract(doc, '$.${field}')`);
      }
      fields.set(field, type);
    }
    for (const index of d?.indexes.values() ?? []) {
      const partial = d?.sparse.has(index[0]!) ? ` WHERE ${columnOf(index[0]!)} IS NOT NULL` : '';
      this.db.exec(
        `CREATE INDEX IF NOT EXISTS "i:${name}:${index.join(',')}" ON ${table} (${index.map(columnOf).join(', ')})${partial}`,
      );
    }
    const cols = ['id', 'doc', ...[...fields.keys()].map(columnOf)];
    const state: TableState = {
      table,
      fields,
      insertSql: `INSERT OR IGNORE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      shapes: new Map(),
      getSql: `SELECT doc FROM ${table} WHERE id = ?`,
      upsertSql:
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (id) DO UPDATE SET ` +
        cols
          .slice(1)
          .map((c) => `${c} = excluded.${c}`)
          .join(', '),
    };
    this.tables.set(name, state);
    if (this.depth > 0) this.ddlInTransaction.push(name);
    return state;
  }

  /** Stores up to 0.1 kept every collection in one table `documents`: move them to their own. */
  private migrateSharedTable(): void {
    const legacy = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get();
    if (!legacy) return;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const names = this.db.prepare('SELECT DISTINCT coll FROM documents').all() as { coll: string }[];
      for (const { coll } of names) {
        if (!NAME.test(coll)) continue;
        const table = tableOf(coll);
        this.db.exec(
          `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
        );
        this.db
          .prepare(`INSERT OR IGNORE INTO ${table} (id, doc) SELECT id, doc FROM documents WHERE coll = ? ORDER BY seq`)
          .run(coll);
      }
      this.db.exec('DROP TABLE documents');
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  sync(): Promise<void> {
    return this.pendingCommit ?? Promise.resolve();
  }

  /** @internal Before a read: on a file store, into the turn's transaction (see joinBatch). */
  joinRead(): void {
    if (this.location !== ':memory:') this.joinBatch(false);
  }

  /** The commit writes are waiting for, or undefined when everything written is committed (no promise to await). */
  get pendingCommit(): Promise<void> | undefined {
    return this.batch?.wrote ? this.batch.done : undefined;
  }

  /**
   * @internal Opens the implicit transaction if needed; called before every write, and on a file
   * store before every read too. In SQLite's normal locking mode (which the ReadPool's connections
   * need) a statement outside a transaction takes and drops the WAL's read lock by itself — system
   * calls that cost more than the read; inside the turn's transaction they are taken once.
   */
  joinBatch(write = true): void {
    if (this.depth > 0) return;
    if (this.batch) {
      if (write) this.batch.wrote = true;
      return;
    }
    {
      this.db.exec('BEGIN');
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Nobody may be awaiting it; a failed commit must still not become an unhandled rejection.
      done.catch(() => {});
      this.batch = { done, resolve, reject, wrote: write };
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
      // Tables made in the batch may be gone with it.
      this.tables.clear();
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
    this.ddlInTransaction = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      for (const name of this.ddlInTransaction) this.tables.delete(name);
      throw err;
    } finally {
      this.depth = 0;
      this.ddlInTransaction = [];
    }
  }

  async clear(): Promise<void> {
    this.joinBatch();
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'c:%'").all() as {
      name: string;
    }[];
    for (const { name } of tables) this.db.exec(`DELETE FROM "${name}"`);
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    this.commitBatch();
    await this.pool?.close();
    this.stmts.clear();
    this.db.close();
    this.owner?.close();
  }
}

class SqliteCollection<T> implements Collection<T> {
  constructor(
    private readonly name: string,
    private readonly store: SqliteStore,
  ) {}

  private get t(): TableState {
    return this.store.table(this.name);
  }

  async get(id: string): Promise<T | undefined> {
    this.store.joinRead();
    const row = this.store.stmt(this.t.getSql).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  private values(id: string, doc: T): Bound[] {
    const out: Bound[] = [id, JSON.stringify(doc)];
    for (const field of this.t.fields.keys()) out.push(columnValue((doc as Record<string, unknown>)[field]));
    return out;
  }

  async put(id: string, doc: T): Promise<void> {
    this.store.joinBatch();
    const t = this.t;
    this.store.stmt(t.upsertSql).run(...this.values(id, doc));
  }

  async insert(id: string, doc: T): Promise<boolean> {
    this.store.joinBatch();
    const t = this.t;
    return Number(this.store.stmt(t.insertSql).run(...this.values(id, doc)).changes) === 1;
  }

  async delete(id: string): Promise<boolean> {
    this.store.joinBatch();
    const r = this.store.stmt(`DELETE FROM ${this.t.table} WHERE id = ?`).run(id);
    return Number(r.changes) === 1;
  }

  async find(query: FindQuery = {}): Promise<T[]> {
    this.store.joinRead();
    const { sql, params } = this.selectSql(query);
    const rows = this.store.stmt(sql).all(...params) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as T);
  }

  async page(query: FindQuery = {}): Promise<Page<T>> {
    const p = this.rows(query);
    return { items: p.items.map((doc) => JSON.parse(doc) as T), ...(p.next !== undefined ? { next: p.next } : {}) };
  }

  async pageJson(query: FindQuery = {}): Promise<Page<string>> {
    return this.rows(query);
  }

  private rows(query: FindQuery): Page<string> {
    this.store.joinRead();
    const limit = clampLimit(query.limit);
    // One more than asked says whether there is a next page without counting.
    const { sql, params } = this.selectSql({ ...query, limit: limit + 1 });
    const rows = this.store.stmt(sql).all(...params) as { doc: string; seq: number; k?: Bound }[];
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const page: Page<string> = { items: items.map((r) => r.doc) };
    if (more && last) page.next = cursorAfter(query, last);
    return page;
  }

  async pageJsonArray(query: FindQuery = {}, options: { total?: boolean } = {}): Promise<JsonArrayPage> {
    const limit = clampLimit(query.limit);
    const pool = this.store.readPool();
    if (!pool) {
      const total = options.total ? await this.count(query) : undefined;
      const page = await readSliced(this.store.gate, query, limit, (q) => this.rows(q));
      return total === undefined ? page : { ...page, total };
    }
    // The table (made or altered now if need be) and every write so far are committed before a
    // reader on another connection looks: a client sees what it was answered about.
    this.store.table(this.name);
    await this.store.sync();
    const { sql, params } = this.selectSql({ ...query, limit: limit + 1 });
    const count = options.total ? this.countSql(query) : undefined;
    const r = await pool.read({
      ...(count ? { count } : {}),
      sql,
      params,
      limit,
      maxBytes: query.offset ? 0 : (this.store.readOptions.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES),
    });
    return {
      body: r.body,
      count: r.count,
      ...(r.more && r.last ? { next: cursorAfter(query, r.last) } : {}),
      ...(r.total !== undefined ? { total: r.total } : {}),
    };
  }

  async count(query: Pick<FindQuery, 'where' | 'range' | 'contains'> = {}): Promise<number> {
    this.store.joinRead();
    const { sql, params } = this.countSql(query);
    const row = this.store.stmt(sql).get(...params) as { n: number };
    return Number(row.n);
  }

  private countSql(query: Pick<FindQuery, 'where' | 'range' | 'contains'>): { sql: string; params: Bound[] } {
    const { sql, params, shape } = this.where(query);
    return { sql: this.shaped('count', shape, () => `SELECT count(*) AS n FROM ${this.t.table} WHERE ${sql}`), params };
  }

  async trim(keep: number): Promise<number> {
    this.store.joinBatch();
    const t = this.t.table;
    const r =
      keep <= 0
        ? this.store.stmt(`DELETE FROM ${t}`).run()
        : this.store
            .stmt(`DELETE FROM ${t} WHERE seq < (SELECT seq FROM ${t} ORDER BY seq DESC LIMIT 1 OFFSET ?)`)
            .run(Math.floor(keep) - 1);
    return Number(r.changes);
  }

  /** @internal The SELECT a find runs (also what explain() shows). */
  selectSql(query: FindQuery): { sql: string; params: Bound[] } {
    const { sql: where, params } = this.where(query);
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const dir = order === 'desc' ? 'DESC' : 'ASC';
    const key = query.orderBy ? this.expr(query.orderBy) : undefined;
    const clauses = [where];
    if (query.after !== undefined) {
      const c = decodeCursor(query.after, query.orderBy ?? '', order);
      const cmp = order === 'desc' ? '<' : '>';
      if (key) {
        clauses.push(`(${key}, seq) ${cmp} (?, ?)`);
        params.push(c.k ?? null, c.s);
      } else {
        clauses.push(`seq ${cmp} ?`);
        params.push(c.s);
      }
    }
    params.push(clampLimit(query.limit), Math.max(0, Math.floor(query.offset ?? 0)));
    return {
      sql:
        `SELECT seq, doc${key ? `, ${key} AS k` : ''} FROM ${this.t.table} WHERE ${clauses.join(' AND ')} ` +
        `ORDER BY ${key ? `${key} ${dir}, ` : ''}seq ${dir} LIMIT ? OFFSET ?`,
      params,
    };
  }

  /** A field as SQL: its column when declared, else a path into the document. */
  private expr(field: string): string {
    checkField(field);
    return this.t.fields.has(field) ? columnOf(field) : `json_extract(doc, '$.${field}')`;
  }

  private where(query: Pick<FindQuery, 'where' | 'range' | 'contains'>): {
    sql: string;
    params: Bound[];
    shape: string;
  } {
    const params: Bound[] = [];
    let shape = '';
    const where = query.where;
    if (where) {
      for (const field in where) {
        if (!Object.hasOwn(where, field)) continue;
        const value = where[field]!;
        if (value === null) shape += `${field} null,`;
        else {
          shape += `${field},`;
          params.push(bindScalar(value));
        }
      }
    }
    const range = query.range;
    if (range) {
      shape += `range ${range.field}${range.from !== undefined ? ' from' : ''}${range.to !== undefined ? ' to' : ''}`;
      if (range.from !== undefined) params.push(range.from);
      if (range.to !== undefined) params.push(range.to);
    }
    const contains = query.contains;
    if (contains) {
      shape += `,contains ${contains.field}`;
      params.push(contains.text.toLowerCase());
    }
    const t = this.t;
    let sql = t.shapes.get(shape);
    if (sql === undefined) {
      sql = this.whereSql(query);
      if (t.shapes.size >= MAX_SHAPES) t.shapes.clear();
      t.shapes.set(shape, sql);
    }
    return { sql, params, shape };
  }

  /** The WHERE clause of a query's shape; its values are bound in the order where() pushes them. */
  private whereSql(query: Pick<FindQuery, 'where' | 'range' | 'contains'>): string {
    const clauses: string[] = [];
    for (const [field, value] of Object.entries(query.where ?? {}))
      clauses.push(value === null ? `${this.expr(field)} IS NULL` : `${this.expr(field)} = ?`);
    if (query.range) {
      const e = this.expr(query.range.field);
      if (query.range.from !== undefined) clauses.push(`${e} >= ?`);
      if (query.range.to !== undefined) clauses.push(`${e} <= ?`);
    }
    if (query.contains) clauses.push(`${CONTAINS_FUNCTION}(${this.expr(query.contains.field)}, ?)`);
    return clauses.length ? clauses.join(' AND ') : '1';
  }

  /** A whole statement built once per query shape (see TableState.shapes). */
  private shaped(kind: string, shape: string, build: () => string): string {
    const t = this.t;
    const key = `${kind}|${shape}`;
    let sql = t.shapes.get(key);
    if (sql === undefined) {
      sql = build();
      if (t.shapes.size >= MAX_SHAPES) t.shapes.clear();
      t.shapes.set(key, sql);
    }
    return sql;
  }
}

/** FindQuery.contains in SQL; registered on every connection, the readers' too (read-pool.ts). */
export const CONTAINS_FUNCTION = 'kdp_contains';

/** SQLite's lower() folds ASCII only: Cyrillic text is lower-cased here. The needle comes lower-cased. */
function containsText(value: unknown, needle: unknown): number {
  return typeof value === 'string' && typeof needle === 'string' && value.toLowerCase().includes(needle) ? 1 : 0;
}

/** The cursor of the page after the one whose last row this is. */
function cursorAfter(query: FindQuery, last: { seq: number | bigint; k?: Bound | undefined }): string {
  return encodeCursor({
    o: query.orderBy ?? '',
    d: query.order === 'desc' ? 'desc' : 'asc',
    ...(query.orderBy ? { k: last.k ?? null } : {}),
    s: Number(last.seq),
  });
}

function clampLimit(limit: number | undefined): number {
  return Math.max(0, Math.min(Math.floor(limit ?? DEFAULT_LIMIT), MAX_LIMIT));
}

/** `:memory:` or a file path; the CLI's --db maps here. */
export function openStore(location: string): Store {
  return new SqliteStore(location);
}
