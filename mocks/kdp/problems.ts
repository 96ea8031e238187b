import type { ProblemTable } from '../http/problem-table.ts';
import type { KdpApiErrorCode } from './errors.ts';

/** The state service's own API (/kdp/api/v1): its answer to each refusal of the core. */
export const KDP_PROBLEMS: ProblemTable<KdpApiErrorCode> = {
  validation: { status: 400 },
  'kdp-token-not-found': { status: 404 },
  'kdp-token-revoked': { status: 409 },
};
