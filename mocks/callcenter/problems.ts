import type { ProblemTable } from '../http/problem-table.ts';
import type { CallCenterErrorCode } from './errors.ts';

/** The operator console API's answer to each refusal of the core. */
export const CALLCENTER_PROBLEMS: ProblemTable<CallCenterErrorCode> = {
  'not-found': { status: 404 },
  validation: { status: 400 },
  'callcenter-expired': { status: 409 },
  'callcenter-already-decided': { status: 409 },
  'callcenter-taken': { status: 409 },
};
