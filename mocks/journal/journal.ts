import type { Clock } from '../clock/clock.ts';
import type { CollectionSpec, FindQuery, JsonArrayPage, Page, Store } from '../store/store.ts';

/**
 * Every exchange the gateway and the SMS gateway see, kept as evidence for the conformance suites.
 * Personal data stay unmasked here (this is the harness's own store); reports mask them.
 */
export interface ExchangeRecord {
  id: string;
  /** 'shep' | 'sms' | 'callcenter' | … : which mocked system saw it. */
  channel: string;
  environment?: 'test' | 'prod';
  sender?: string;
  service?: string;
  /**
   * What ties the exchange to others: the SHEP messageId, the token's jti on channel `kdp`. Found
   * by an index, so a check can go from one to the other without reading the journal through.
   */
  correlation?: string;
  /**
   * Set on a SHEP exchange that consumed its messageId (mocks/shep/message-ids.ts): the same
   * (environment, sender, messageId) is refused from then on. Indexed; absent on every other record.
   */
  messageKey?: string;
  /** Virtual time (ms) the exchange started and how long it took (real ms). */
  at: number;
  durationMs: number;
  request: string;
  response: string;
  /** The outcome in the channel's own terms: SCSS001, a fault code, 'delivered', … */
  outcome: string;
}

export interface JournalQuery {
  channel?: string;
  sender?: string;
  service?: string;
  environment?: 'test' | 'prod';
  correlation?: string;
  from?: number;
  to?: number;
  limit?: number;
  /** Kept for short listings; long ones page with `after`. */
  offset?: number;
  /** The `next` of the previous page. */
  after?: string;
}

export const JOURNAL_COLLECTION = 'journal';

/**
 * What the journal is queried by. Every index ends in time (and insertion order after it), so a
 * query by one field over a window of time, in time order, is one index range whatever the size.
 */
export const JOURNAL_SPEC: CollectionSpec = {
  fields: {
    channel: 'text',
    environment: 'text',
    sender: 'text',
    service: 'text',
    correlation: 'text',
    messageKey: 'text',
    at: 'integer',
  },
  indexes: [['sender', 'at'], ['service', 'at'], ['channel', 'at'], ['correlation'], ['messageKey'], ['at']],
  // Only SHEP exchanges that consumed their messageId carry one: the others add no entry to its index.
  sparse: ['messageKey'],
};

export interface JournalOptions {
  /**
   * Keep only the newest this many exchanges (a ring); older ones are dropped. Undefined: keep
   * everything (a file store); the environment bounds `:memory:` by default.
   */
  capacity?: number;
  /** Told once, the first time old exchanges are dropped. */
  onFirstDrop?: (info: { capacity: number }) => void;
}

export class ExchangeJournal {
  /** Exchanges dropped by the ring since start. */
  dropped = 0;
  private sinceTrim = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
    private readonly options: JournalOptions = {},
  ) {}

  get capacity(): number | undefined {
    return this.options.capacity;
  }

  private get records() {
    return this.store.collection<ExchangeRecord>(JOURNAL_COLLECTION, JOURNAL_SPEC);
  }

  async record(entry: Omit<ExchangeRecord, 'id' | 'at'> & { at?: number }): Promise<ExchangeRecord> {
    const at = entry.at ?? this.clock.nowMs();
    // Time first: records land at the end of the store's index instead of at random places in it,
    // which keeps each commit small (the journal takes one record per exchange).
    const rec: ExchangeRecord = { ...entry, id: `${String(at).padStart(15, '0')}-${this.newId()}`, at };
    await this.records.insert(rec.id, rec);
    await this.keepWithinCapacity();
    return rec;
  }

  /** Whether an exchange that consumed this messageKey is on record (one index seek). */
  async hasMessageKey(messageKey: string): Promise<boolean> {
    return (await this.records.count({ where: { messageKey } })) > 0;
  }

  /** One page of records in time order, oldest first (as `page`, without the cursor). */
  async query(q: JournalQuery = {}): Promise<ExchangeRecord[]> {
    return (await this.page(q)).items;
  }

  /** One page of records in time order, oldest first, and the cursor of the next page. */
  async page(q: JournalQuery = {}): Promise<Page<ExchangeRecord>> {
    return this.records.page(this.find(q));
  }

  /** As page, each record as its stored JSON text (what the journal API sends on unparsed). */
  async pageJson(q: JournalQuery = {}): Promise<Page<string>> {
    return this.records.pageJson(this.find(q));
  }

  /**
   * As pageJson, the records as one JSON array in bytes, for a client's listing: on a file store it
   * is read away from the request path, from committed data (StoreBusyError when readers are full).
   */
  async pageJsonArray(q: JournalQuery = {}): Promise<JsonArrayPage> {
    return this.records.pageJsonArray(this.find(q));
  }

  private find(q: JournalQuery): FindQuery {
    const where: Record<string, string> = {};
    if (q.channel) where.channel = q.channel;
    if (q.sender) where.sender = q.sender;
    if (q.service) where.service = q.service;
    if (q.environment) where.environment = q.environment;
    if (q.correlation) where.correlation = q.correlation;
    return {
      where,
      ...(q.from !== undefined || q.to !== undefined ? { range: { field: 'at', from: q.from, to: q.to } } : {}),
      orderBy: 'at',
      limit: Math.min(q.limit ?? 100, 1000),
      ...(q.offset ? { offset: q.offset } : {}),
      ...(q.after !== undefined ? { after: q.after } : {}),
    };
  }

  /** The ring: trimmed in steps of 1 % so that the delete is amortised over many exchanges. */
  private async keepWithinCapacity(): Promise<void> {
    const capacity = this.options.capacity;
    if (capacity === undefined || !Number.isFinite(capacity)) return;
    if (++this.sinceTrim < Math.max(1, Math.floor(capacity / 100))) return;
    this.sinceTrim = 0;
    const gone = await this.records.trim(capacity);
    if (gone > 0) {
      if (this.dropped === 0) this.options.onFirstDrop?.({ capacity });
      this.dropped += gone;
    }
  }
}
