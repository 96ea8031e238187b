/**
 * Everything the harness keeps goes through this interface: JSON documents in named collections.
 * The embedded default is node:sqlite (sqlite-store.ts); the interface is async and free of SQL so
 * that a PostgreSQL store for a shared stand can implement it unchanged.
 */
export type Scalar = string | number | boolean | null;

export interface FindQuery {
  /** Top-level document fields that must equal the given values. */
  where?: Record<string, Scalar>;
  /** An inclusive range on one top-level field (numbers or ISO strings). */
  range?: { field: string; from?: number | string; to?: number | string };
  /** Order by insertion (default) or by a top-level field. */
  orderBy?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface Collection<T> {
  get(id: string): Promise<T | undefined>;
  /** Creates or replaces. */
  put(id: string, doc: T): Promise<void>;
  /** Creates only: false when the id is taken. Atomic, so it can guard against duplicates. */
  insert(id: string, doc: T): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  find(query?: FindQuery): Promise<T[]>;
  count(query?: Pick<FindQuery, 'where' | 'range'>): Promise<number>;
}

export interface Store {
  collection<T>(name: string): Collection<T>;
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
