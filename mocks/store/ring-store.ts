import type { Collection, CollectionSpec, FindQuery, JsonArrayPage, Page, Store } from './store.ts';

/**
 * Bounds the collections that grow with every request, for a store in memory: each named
 * collection keeps only its newest N documents (a ring, by insertion order), as the journal does
 * with --journal-ring. Trimmed in steps of 1 % so the delete is amortised over many writes. Told
 * once per collection when old documents start to go, so a long run knows its store is not whole.
 */
export interface RingOptions {
  /** Collection name → how many documents it keeps; 0 or absent: unbounded. */
  capacities: Readonly<Record<string, number>>;
  onFirstDrop?: (info: { collection: string; capacity: number }) => void;
}

export class RingStore implements Store {
  private readonly dropped = new Map<string, number>();
  private readonly rings = new Map<string, RingCollection<unknown>>();

  constructor(
    private readonly inner: Store,
    private readonly options: RingOptions,
  ) {}

  /** Documents a ring dropped from a collection since start. */
  droppedFrom(collection: string): number {
    return this.dropped.get(collection) ?? 0;
  }

  collection<T>(name: string, spec?: CollectionSpec): Collection<T> {
    const inner = this.inner.collection<T>(name, spec);
    const capacity = this.options.capacities[name];
    if (!capacity || capacity <= 0 || !Number.isFinite(capacity)) return inner;
    let ring = this.rings.get(name);
    if (!ring) {
      ring = new RingCollection<unknown>(inner as Collection<unknown>, Math.floor(capacity), (gone) => {
        const before = this.droppedFrom(name);
        this.dropped.set(name, before + gone);
        if (before === 0) this.options.onFirstDrop?.({ collection: name, capacity: Math.floor(capacity) });
      });
      this.rings.set(name, ring);
    }
    return ring as Collection<T>;
  }

  transaction<R>(fn: () => Promise<R>): Promise<R> {
    return this.inner.transaction(fn);
  }

  sync(): Promise<void> {
    return this.inner.sync();
  }

  clear(): Promise<void> {
    return this.inner.clear();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

class RingCollection<T> implements Collection<T> {
  private sinceTrim = 0;

  constructor(
    private readonly inner: Collection<T>,
    private readonly capacity: number,
    private readonly onDrop: (gone: number) => void,
  ) {}

  private async written(): Promise<void> {
    if (++this.sinceTrim < Math.max(1, Math.floor(this.capacity / 100))) return;
    this.sinceTrim = 0;
    const gone = await this.inner.trim(this.capacity);
    if (gone > 0) this.onDrop(gone);
  }

  async put(id: string, doc: T): Promise<void> {
    await this.inner.put(id, doc);
    await this.written();
  }

  async insert(id: string, doc: T): Promise<boolean> {
    const inserted = await this.inner.insert(id, doc);
    if (inserted) await this.written();
    return inserted;
  }

  get(id: string): Promise<T | undefined> {
    return this.inner.get(id);
  }
  delete(id: string): Promise<boolean> {
    return this.inner.delete(id);
  }
  find(query?: FindQuery): Promise<T[]> {
    return this.inner.find(query);
  }
  page(query?: FindQuery): Promise<Page<T>> {
    return this.inner.page(query);
  }
  pageJson(query?: FindQuery): Promise<Page<string>> {
    return this.inner.pageJson(query);
  }
  pageJsonArray(query?: FindQuery, options?: { total?: boolean }): Promise<JsonArrayPage> {
    return this.inner.pageJsonArray(query, options);
  }
  count(query?: Pick<FindQuery, 'where' | 'range' | 'contains'>): Promise<number> {
    return this.inner.count(query);
  }
  trim(keep: number): Promise<number> {
    return this.inner.trim(keep);
  }
}
