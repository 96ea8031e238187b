import { DomainError } from '../errors.ts';

/** Why the 1414 contact center refused: stable codes, mapped to problem+json by callcenter/problems.ts. */
export type CallCenterErrorCode =
  'not-found' | 'validation' | 'callcenter-expired' | 'callcenter-already-decided' | 'callcenter-taken';

export class CallCenterError extends DomainError<CallCenterErrorCode> {
  override readonly name = 'CallCenterError';
  readonly system = 'callcenter';
}
