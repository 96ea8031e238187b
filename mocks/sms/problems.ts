import type { ProblemTable } from '../http/problem-table.ts';
import type { SmsErrorCode } from './errors.ts';

/** The SMS API's answer to each refusal of the core. */
export const SMS_PROBLEMS: ProblemTable<SmsErrorCode> = {
  'invalid-sms': { status: 400 },
  'invalid-phone': { status: 400 },
  'message-not-found': { status: 404 },
  // The long-poll cap is load, not the caller's mistake: retry shortly.
  'too-many-waiters': { status: 503 },
};
