/**
 * Everything the harness keeps goes through this interface: JSON documents in named collections.
 * The embedded default is node:sqlite (sqlite-store.ts); the interface is async and free of SQL so
 * that a PostgreSQL store for a shared stand can implement it unchanged.
 */
export type Scalar = string | number | boolean | null;

/** How a declared field is kept in its column: text, a whole number (booleans as 0/1) or a real. */
export type FieldType = 'text' | 'integer' | 'real';

/**
 * What a collection declares about its documents so that queries on them stay fast however large
 * it grows: the top-level fields kept in columns of their own, and the indexes over them. The
 * document itself stays whole; a query on an undeclared field still works, by a scan.
 *
 * A store maps it to its own DDL: SQLite (sqlite-store.ts) gives each collection a table
 * `"c:<name>" (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, doc TEXT, "f_<field>" <type>, …)` and one
 * index per entry of `indexes`, insertion order (seq) being the last key of every index; a
 * PostgreSQL store mirrors it as a table with a bigserial seq, a jsonb doc and B-tree indexes on
 * (fields…, seq).
 */
export interface CollectionSpec {
  fields: Readonly<Record<string, FieldType>>;
  /** Each index: declared fields, in order. */
  indexes?: readonly (readonly string[])[];
  /**
   * Declared fields that most documents leave out: an index that starts with one holds only the
   * documents that have it (a partial index), so the others cost no index entry. It serves queries
   * that give the field a value, not listings ordered by it. A sparse field declared on a collection
   * that already holds documents is not filled from them: declare one only for a field that
   * documents written before cannot have.
   */
  sparse?: readonly string[];
}

export interface FindQuery {
  /** Top-level document fields that must equal the given values. */
  where?: Record<string, Scalar>;
  /** An inclusive range on one top-level field (numbers or ISO strings). */
  range?: { field: string; from?: number | string; to?: number | string };
  /**
   * A top-level string field that contains this text, case-insensitively (Unicode lower case).
   * No index helps: it filters what the rest of the query selects, one document at a time.
   */
  contains?: { field: string; text: string };
  /** Order by insertion (default) or by a top-level field; ties in insertion order. */
  orderBy?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  /** Skips this many: kept for small listings; long ones page with `after`. */
  offset?: number;
  /**
   * Continues after the last document of a previous page: the `next` that `page()` returned for
   * the same where/range/order. Paging this way costs the same on the last page as on the first.
   * A document without the `orderBy` field is not reached by paging on that field.
   */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; absent when this page was the last. */
  next?: string;
}

/** A page as one JSON array of the documents' stored text, in UTF-8: bytes an adapter sends as they are. */
export interface JsonArrayPage {
  body: Uint8Array;
  /** How many documents the array holds. */
  count: number;
  /** As Page's. */
  next?: string;
  /** How many documents match (where, range, contains), read with the page, when asked for. */
  total?: number;
}

/**
 * The store's readers for client listings are all busy and enough reads wait already: retry after
 * the given seconds. Load, not the caller's mistake (an adapter answers 503 with Retry-After).
 */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A cursor the store did not hand out, or one for another order. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export interface Collection<T> {
  get(id: string): Promise<T | undefined>;
  /** Creates or replaces. */
  put(id: string, doc: T): Promise<void>;
  /** Creates only: false when the id is taken. Atomic, so it can guard against duplicates. */
  insert(id: string, doc: T): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  find(query?: FindQuery): Promise<T[]>;
  /** Like find, with the cursor of the next page. */
  page(query?: FindQuery): Promise<Page<T>>;
  /** Like page, the documents as their stored JSON text: for an adapter that passes them on unparsed. */
  pageJson(query?: FindQuery): Promise<Page<string>>;
  /**
   * Like pageJson, as one JSON array in bytes, for a listing a client asked for (an API page of up
   * to megabytes). A store may read it away from the request path — the SQLite file store reads on
   * a read-only connection in a worker thread, so no request waits behind it — from committed data
   * that includes every write made before the call. May reject with StoreBusyError.
   */
  pageJsonArray(query?: FindQuery, options?: { total?: boolean }): Promise<JsonArrayPage>;
  count(query?: Pick<FindQuery, 'where' | 'range' | 'contains'>): Promise<number>;
  /** Deletes all but the `keep` most recently inserted documents; resolves to how many went. */
  trim(keep: number): Promise<number>;
}

export interface Store {
  /**
   * A named collection. The spec, given once (each later call may repeat it or leave it out),
   * declares what is queried; a store that already holds the collection adds the new columns and
   * indexes and fills them from the documents.
   */
  collection<T>(name: string, spec?: CollectionSpec): Collection<T>;
  /** Runs fn so that all its writes land or none do. */
  transaction<R>(fn: () => Promise<R>): Promise<R>;
  /**
   * Resolves once every write made so far is durable. Writes may be grouped into one commit; an
   * adapter awaits this before it acknowledges anything (sends a response).
   */
  sync(): Promise<void>;
  /** Empties every collection (environment reset). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
