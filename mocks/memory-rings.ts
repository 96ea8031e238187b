/**
 * Besides the journal, what grows with the requests on ':memory:' and how much of it is kept: the
 * access history (one record per data release), consents and what hangs on them, SMS, one-time
 * codes and 1414 calls. The oldest go first; a token or consent dropped is unknown from then on.
 * Not the ovt jtis: a ring could drop one still valid and let it be replayed; that collection
 * removes expired jtis itself.
 */
export const DEFAULT_MEMORY_RINGS: Readonly<Record<string, number>> = {
  'kdp.history': 50_000,
  'kdp.requests': 20_000,
  'kdp.decisions': 20_000,
  'kdp.tokens': 20_000,
  'kdp.revocations': 20_000,
  'kdp.revocation-decisions': 20_000,
  'sms.messages': 20_000,
  'sms.phones': 20_000,
  'sms.otp': 20_000,
  'callcenter.requests': 20_000,
};

/** Whether `--memory-ring <name>=N` names a collection that has a ring. */
export function isRingedCollection(name: string): boolean {
  return Object.hasOwn(DEFAULT_MEMORY_RINGS, name);
}
