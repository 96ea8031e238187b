import { DomainError } from '../errors.ts';

/**
 * The state service's and the data services' refusal codes. The real codes are not public
 * (REAL-SYSTEMS.md: NOT FOUND); these are the profile's, grouped by hundreds: 1xx the request,
 * 2xx the initiator's security token (ovt), 3xx a pending request, 4xx the access token at a data
 * service, 5xx history and revocation. docs/kdp.md lists them; a test keeps the two in step.
 */
export const KDP_ERRORS = {
  'KDP-100': 'The request data is missing or is not a getUserDataRequest',
  'KDP-101': 'A required field is missing or empty',
  'KDP-102': 'uin is not a valid IIN',
  'KDP-103': 'company_bin is not a valid BIN',
  'KDP-104': "company_bin is not the BIN of the sender's organisation",
  'KDP-105': 'expiresIn is not a whole number within the allowed range',
  'KDP-106': 'omit-sms is not true or false',
  'KDP-107': 'The subject is unknown or has no registered mobile number',
  'KDP-108': "A field that reaches the subject's SMS holds a control character or a line break",
  'KDP-110': 'The organisation has no approved integration on this environment',
  'KDP-111': 'access_name is not a data service approved for the organisation',
  'KDP-112': 'The consent way is unknown',
  'KDP-113': 'The consent way is not approved for the organisation',
  'KDP-114': 'The request names contradictory consent ways',
  'KDP-115': 'The notification way needs a known Article 9 ground',
  'KDP-116': 'The Article 9 ground is not approved for the organisation',
  'KDP-117': 'Too many consent requests already wait for this subject',
  'KDP-118': 'Too many consent requests reached this subject in the last minute',
  'KDP-200': 'The own-means way needs the security token ovt',
  'KDP-201': 'ovt is malformed, uses a refused algorithm or is not signed by a registered key',
  'KDP-202': 'ovt is expired, not yet valid or lives too long',
  'KDP-203': 'ovt was already used',
  'KDP-204': 'ovt is bound to another organisation, subject, service or environment',
  'KDP-205': 'ovt lacks a required claim',
  'KDP-300': 'No request with this requestId',
  'KDP-301': 'The repeated request does not match the original one',
  'KDP-400': 'kdpToken is missing',
  'KDP-401': "kdpToken is malformed, uses a refused algorithm or is not signed by the state service's key",
  'KDP-402': 'kdpToken has expired',
  'KDP-403': 'kdpToken has been revoked',
  'KDP-404': 'kdpToken was issued for another subject',
  'KDP-405': 'kdpToken was issued to another initiator',
  'KDP-406': 'kdpToken was issued for another data service',
  'KDP-407': 'kdpToken was issued on the other environment',
  'KDP-408': 'kdpToken is unknown to the state service',
  'KDP-409': "publicKey is not the state service's public key",
  'KDP-410': 'No data for this subject',
  'KDP-411': "kdpToken's claims do not match the token the state service issued under its id",
  'KDP-500': 'start_date or end_date is not a date, or the range is reversed',
  'KDP-501': 'No revocation request with this id for the organisation',
  'KDP-502': 'The revocation request has already been decided',
  'KDP-503': 'solution must be ACCEPT or REJECT',
} as const;

/** The codes a refusal over SHEP carries as ErrorInfo/errorCode (mapped by kdp/soap.ts). */
export type KdpFaultCode = keyof typeof KDP_ERRORS;

/** Refusals of the state service's own API (revocation by the subject), mapped by kdp/problems.ts. */
export type KdpApiErrorCode = 'validation' | 'kdp-token-not-found' | 'kdp-token-revoked';

export type KdpErrorCode = KdpFaultCode | KdpApiErrorCode;

export class KdpError extends DomainError<KdpErrorCode> {
  override readonly name = 'KdpError';
  readonly system = 'kdp';
  /** The request field at fault (ErrorInfo/errorData over SHEP). */
  field?: string;
}

/**
 * A refusal with its code's standard message, what exactly was wrong, and the field at fault (as
 * the gateway names fields in its own refusals).
 */
export function kdpError(code: KdpFaultCode, detail?: string, field?: string): KdpError {
  const err = new KdpError(code, KDP_ERRORS[code], detail);
  if (field !== undefined) err.field = field;
  return err;
}
