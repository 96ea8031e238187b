import { DomainError } from '../errors.ts';

/** Why Smart Bridge refused: stable codes, mapped to problem+json by smart-bridge/problems.ts. */
export type SmartBridgeErrorCode =
  | 'forbidden'
  | 'validation'
  | 'application-not-found'
  | 'application-invalid'
  | 'not-eligible'
  | 'approval-invalid'
  | 'reasons-required'
  | 'testing-act-invalid'
  | 'invalid-transition'
  | 'invalid-instant'
  | 'not-approved'
  | 'documentation-missing'
  | 'testing-act-not-accepted'
  | 'credentials-already-issued'
  | 'signature-key-invalid'
  | 'signature-algorithm-refused'
  | 'signature-key-exists'
  | 'signature-key-missing'
  | 'too-many-keys'
  | 'upload-not-found'
  | 'upload-metadata-invalid'
  | 'upload-length-required'
  | 'upload-empty'
  | 'upload-too-large'
  | 'upload-offset-mismatch'
  | 'upload-exceeds-length'
  | 'upload-attached'
  | 'upload-incomplete'
  | 'unsupported-media-type';

export class SmartBridgeError extends DomainError<SmartBridgeErrorCode> {
  override readonly name = 'SmartBridgeError';
  readonly system = 'smart-bridge';
}
