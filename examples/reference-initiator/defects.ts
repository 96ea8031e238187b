/**
 * Declared defects: each turns one conforming behaviour of the reference initiator into a known
 * mistake, so that the zoo of broken initiators (examples/broken/, issue 9) can prove the harness
 * catches it. Each is one small branch, marked `defects.has('…')`, at the one place it matters. An
 * unknown name is refused at start, so a typo cannot pass for a defect.
 */
export const KNOWN_DEFECTS = [
  // SHEP envelope (shep-client.ts)
  'message-date-utc',
  'message-date-old-offset',
  'message-date-without-millis',
  'message-date-plus-six',
  'message-id-reused-on-retry',
  'transient-fault-not-retried',
  'refusal-retried',
  'soap-fault-parsed-as-success',
  'shep-timeout-one-second',
  'purpose-in-windows-1251',
  // configuration (index.ts)
  'test-credential-in-production',
  // the state service's request and its answers (access-requests.ts)
  'personal-data-name-is-service-id',
  'personal-data-name-empty',
  'company-bin-of-another-organisation',
  'expires-in-not-whole',
  'notification-without-ground',
  'polling-without-backoff',
  'poll-not-stopped-at-final',
  'poll-without-correlation',
  'pending-taken-as-granted',
  'declined-ignored',
  'locked-reported-as-declined',
  'expired-treated-as-pending',
  'fault-code-not-shown',
  // the access token at the data service (access-requests.ts)
  'expired-token-reused',
  'token-of-another-subject',
  'token-sent-to-another-data-service',
  'kdp-token-padded',
  'kdp-token-reencoded',
  'public-key-pem-flattened',
  // the ovt (ovt-signer.ts)
  'ovt-signed-by-rotated-key',
  'ovt-replayed',
  'ovt-lifetime-a-day-in-production',
  'ovt-audience-of-test-environment',
  'ovt-without-jti',
] as const satisfies readonly string[];

export type Defect = (typeof KNOWN_DEFECTS)[number];

/** The defects an initiator was started with; the reference has none. */
export type Defects = ReadonlySet<Defect>;

export const NO_DEFECTS: Defects = new Set();

export function validateDefects(names: readonly string[]): Defect[] {
  const known: readonly string[] = KNOWN_DEFECTS;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(`Unknown defect(s): ${unknown.join(', ')}. Known: ${known.join(', ')}`);
  }
  return names as Defect[];
}
