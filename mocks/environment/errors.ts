import { DomainError } from '../errors.ts';

/** Why the environment refused: stable codes, mapped to problem+json by environment/problems.ts. */
export type EnvironmentErrorCode = 'invalid-duration';

export class EnvironmentError extends DomainError<EnvironmentErrorCode> {
  override readonly name = 'EnvironmentError';
  readonly system = 'environment';
}
