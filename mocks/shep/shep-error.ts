import { DomainError } from '../errors.ts';

/**
 * Why the gateway itself refused. Keys of the catalogue in soap-faults.ts, which maps each to its
 * ErrorInfo code, faultcode and HTTP status; stable, never renamed.
 */
export type ShepErrorCode =
  | 'MALFORMED_XML'
  | 'HOSTILE_XML'
  | 'XML_LIMITS'
  | 'TOO_LARGE'
  | 'NOT_SEND_MESSAGE'
  | 'VERSION_MISMATCH'
  | 'INVALID_REQUEST'
  | 'FIELD_MISSING'
  | 'FIELD_INVALID'
  | 'UNKNOWN_SENDER'
  | 'WRONG_PASSWORD'
  | 'OTHER_ENVIRONMENT'
  | 'DUPLICATE_MESSAGE'
  | 'UNKNOWN_SERVICE'
  | 'INTERNAL'
  | 'SERVICE_TIMEOUT'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'BAD_HTTP_REQUEST'
  | 'UNKNOWN_PATH'
  | 'MUST_UNDERSTAND'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_FOREIGN_KEY'
  | 'SIGNATURE_ALGORITHM';

export class ShepError extends DomainError<ShepErrorCode> {
  override readonly name = 'ShepError';
  readonly system = 'shep';

  constructor(
    code: ShepErrorCode,
    detail?: string,
    readonly info: {
      errorData?: string;
      subErrors?: { errorCode: string; errorMessage: string; errorData?: string }[];
    } = {},
  ) {
    super(code, code, detail);
  }
}
