import { DomainError } from '../errors.ts';
import { KDP_ERRORS } from '../kdp/errors.ts';

/**
 * Why a data service refused its own part of a request (the token's checks are the state
 * service's: KdpError KDP-4xx). Codes share the state service's catalogue (docs/kdp.md).
 */
export type DataServiceErrorCode = 'KDP-100' | 'KDP-101' | 'KDP-102' | 'KDP-410';

export class DataServiceError extends DomainError<DataServiceErrorCode> {
  override readonly name = 'DataServiceError';
  readonly system = 'data-services';
  field?: string;
}

export function dataServiceError(code: DataServiceErrorCode, detail?: string, field?: string): DataServiceError {
  const err = new DataServiceError(code, KDP_ERRORS[code], detail);
  if (field !== undefined) err.field = field;
  return err;
}
