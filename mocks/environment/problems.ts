import type { ProblemTable } from '../http/problem-table.ts';
import type { EnvironmentErrorCode } from './errors.ts';

/** The environment API's answer to each refusal of the core. */
export const ENVIRONMENT_PROBLEMS: ProblemTable<EnvironmentErrorCode> = {
  'invalid-duration': { status: 400, type: 'validation' },
};
