import { DomainError } from '../errors.ts';

/** Why the SMS gateway refused: stable codes, mapped to problem+json by sms/problems.ts. */
export type SmsErrorCode = 'invalid-sms' | 'invalid-phone' | 'message-not-found' | 'too-many-waiters';

export class SmsError extends DomainError<SmsErrorCode> {
  override readonly name = 'SmsError';
  readonly system = 'sms';
}
