import { normalizeKzMobile } from '../../protocol/identifiers/phone.ts';
import { SmsError } from './errors.ts';

/**
 * The project's one Kazakh-mobile validator, as the cores of the SMS gateway and 1414 need it:
 * the canonical +7XXXXXXXXXX, or a 400 problem naming the field. The refused value is not echoed,
 * so a problem body never carries a phone number.
 */
export function requireKzMobile(input: string, field = 'phone'): string {
  const r = normalizeKzMobile(input);
  if (r.ok) return r.phone;
  throw new SmsError('invalid-phone', 'Not a Kazakh mobile number', r.message, {
    errors: [{ field, message: r.message }],
    reason: r.reason,
  });
}
