import type { JWK } from 'jose';
import { defineCheck, failed, passed } from '../check.ts';

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;
const same = (a: JWK, b: JWK) => PUBLIC_MEMBERS.every((m) => a[m] === b[m]);

/** R10.2: the key the SUT signs its security tokens with is the key registered on Smart Bridge. */
export const signingKeyRegistered = defineCheck<{
  sutKey: JWK | undefined;
  registered: readonly JWK[];
  evidence: string[];
}>({
  name: 'signing-key-registered',
  summary: 'the key the SUT signs with is the public key registered for it (R10.2)',
  run({ sutKey, registered, evidence }) {
    if (!sutKey) return failed('the SUT names no signing key', evidence);
    if (['d', 'p', 'q', 'k'].some((m) => (sutKey as Record<string, unknown>)[m] !== undefined))
      return failed('the SUT handed over its private key', evidence);
    return registered.some((k) => same(k, sutKey))
      ? passed(`key ${sutKey.kid ?? ''} is the registered one`, evidence)
      : failed(`key ${sutKey.kid ?? ''} is not among the ${registered.length} registered keys`, evidence);
  },
});
