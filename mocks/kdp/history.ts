import type { Article9Ground, ConsentWay } from '../../protocol/kdp/ways.ts';
import type { Runtime } from '../runtime.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { CollectionSpec } from '../store/store.ts';

/** KDP_PERSONALDATA reads one subject's records over a window of time. */
const HISTORY_SPEC: CollectionSpec = {
  fields: { iin: 'text', environment: 'text', companyBin: 'text', at: 'integer' },
  indexes: [['iin', 'at']],
};

/**
 * The subject's access history, what KDP_PERSONALDATA answers (T-KDP-10). Modelled on Estonia's
 * Data Tracker: one record per event that touched the subject's data, saying who (organisation and
 * employee), when, what (data service and data named), by which way and on which ground.
 */
export type AccessEvent =
  /** The subject consented (ways sms, proactive, 1414, own means). */
  | 'CONSENT_GIVEN'
  /** Access without consent under Article 9; the subject was notified. */
  | 'NOTIFIED'
  /** A data service released data against a token. */
  | 'DATA_RELEASED'
  /** A revocation was accepted; the token stopped. */
  | 'REVOKED';

export interface AccessRecord {
  id: string;
  environment: ShepEnvironment;
  iin: string;
  at: number;
  event: AccessEvent;
  company: string;
  companyBin: string;
  employeeName: string;
  accessName: string;
  personalDataName: string;
  way: ConsentWay;
  ground?: Article9Ground;
  /** How the initiator checked consent itself (own means: ovt's mcheck). */
  mcheck?: string;
  requestId: string;
  tokenRef?: string;
}

export class AccessHistory {
  constructor(private readonly rt: Runtime) {}

  private get records() {
    return this.rt.store.collection<AccessRecord>('kdp.history', HISTORY_SPEC);
  }

  async add(entry: Omit<AccessRecord, 'id' | 'at'>): Promise<AccessRecord> {
    const record: AccessRecord = { ...entry, id: this.rt.random.uuid(), at: this.rt.clock.nowMs() };
    await this.records.put(record.id, record);
    return record;
  }

  /** A subject's records in [fromMs, toMs], oldest first; only one organisation's when `companyBin` is set. */
  async forSubject(q: {
    environment: ShepEnvironment;
    iin: string;
    fromMs: number;
    toMs: number;
    companyBin?: string;
    limit?: number;
  }): Promise<AccessRecord[]> {
    return this.records.find({
      where: { environment: q.environment, iin: q.iin, ...(q.companyBin ? { companyBin: q.companyBin } : {}) },
      range: { field: 'at', from: q.fromMs, to: q.toMs },
      orderBy: 'at',
      limit: q.limit ?? 1000,
    });
  }
}
