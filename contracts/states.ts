/**
 * The provider states an initiator's pact may name, with the parameters each takes. The mock
 * environment's handlers (provider-states.ts) set each up through the environment's own cores;
 * docs/contracts.md lists them for integrators writing their own pacts.
 */
export const STATES = {
  /** { bin, senderId, password }: an organisation onboarded through Smart Bridge, with these test credentials. */
  organisation: 'an integrated organisation',
  /** { iin }: a subject the state service knows, with a registered mobile number. */
  subject: 'a subject with a registered mobile number',
  /**
   * { bin, iin, accessName, way, status, requestId }: a consent request of this organisation by
   * this way, brought to this status (PENDING, APPROVED, DECLINED, EXPIRED, LOCKED) by the subject,
   * the operator or the clock. `requestId` is the value the pact recorded: the request's real id
   * is put in its place.
   */
  consent: 'a consent request',
  /** { bin, iin, accessName, kdpToken, publicKey }: a consent given and its access token; the real token replaces the recorded one. */
  token: 'an access token issued to the organisation',
  /** { bin, iin, accessName, ovt }: the organisation signs a fresh security token for own means in place of the recorded one. */
  ovt: 'a security token signed by the organisation',
  /** { bin, iin, accessName, requestId }: the subject asked to revoke a consent; the real request id replaces the recorded one. */
  revocation: 'a revocation request waiting for the organisation',
  /**
   * { recordedAt }: replay mode. The clock of the state service reads `recordedAt` (an
   * xs:dateTime) for this interaction, so time-bound fields recorded in the pact (an ovt's iat and
   * exp) are judged at the time they were recorded. Signatures, keys, bindings and uniqueness are
   * still checked; the result says that the interaction passed in replay mode.
   */
  replay: 'time-bound fields replayed as recorded',
} as const;

export type StateName = (typeof STATES)[keyof typeof STATES];

export const KNOWN_STATES: ReadonlySet<string> = new Set(Object.values(STATES));

export type ConsentWayName = 'sms' | 'callcenter-1414' | 'own-means' | 'proactive' | 'notification';
export type ConsentStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'EXPIRED' | 'LOCKED';
