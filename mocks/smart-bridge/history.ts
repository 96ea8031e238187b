import type { Store } from '../store/store.ts';
import type { HistoryEntry } from './model.ts';
import type { CollectionSpec } from '../store/store.ts';

const HISTORY_SPEC: CollectionSpec = { fields: { applicationId: 'text', seq: 'integer' }, indexes: [['applicationId', 'seq']] };

/** Every state change of an application: who, when, what and why, in order (clause 4–12 evidence). */
export class ApplicationHistory {
  constructor(private readonly store: Store) {}

  private get entries() {
    return this.store.collection<HistoryEntry>('smart-bridge-history', HISTORY_SPEC);
  }

  /** Call inside the transaction that writes the change, so that neither lands without the other. */
  async append(entry: Omit<HistoryEntry, 'id' | 'seq'>): Promise<HistoryEntry> {
    const seq = (await this.entries.count({ where: { applicationId: entry.applicationId } })) + 1;
    const full: HistoryEntry = { ...entry, id: `${entry.applicationId}:${String(seq).padStart(6, '0')}`, seq };
    if (!(await this.entries.insert(full.id, full))) throw new Error(`history entry ${full.id} already exists`);
    return full;
  }

  async list(applicationId: string): Promise<HistoryEntry[]> {
    return this.entries.find({ where: { applicationId }, orderBy: 'seq', limit: 100_000 });
  }
}
