import { compactVerify, importJWK, type JWK } from 'jose';
import { defineCheck, failed, listSome, passed, skipped, type CheckOutcome } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { OVT_ALGORITHMS, ovtRequests } from './ovt.ts';

async function verifiesWith(token: string, keys: JWK[], kid: unknown): Promise<boolean> {
  for (const jwk of keys) {
    if (kid !== undefined && jwk.kid !== undefined && jwk.kid !== kid) continue;
    try {
      const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
      await compactVerify(token, await importJWK(jwk, alg), { algorithms: OVT_ALGORITHMS });
      return true;
    } catch {
      // another key may be the one
    }
  }
  return false;
}

/** R10.2: every ovt verifies with a key registered for the organisation on Smart Bridge. */
export const ovtSignature = defineCheck<ExchangesInput, Promise<CheckOutcome>>({
  name: 'ovt-signature',
  summary: 'ovt signature verifies with a key registered for the organisation (R10.2)',
  async run(input) {
    const ovts = ovtRequests(input).filter((o) => o.jwt);
    if (ovts.length === 0) return skipped('no readable ovt');
    if (input.context.ovtKeys.length === 0) return failed('no key is registered for the organisation');
    const bad: string[] = [];
    for (const { v, token, jwt } of ovts)
      if (!(await verifiesWith(token, input.context.ovtKeys, jwt!.header.kid)))
        bad.push(`${v.x.evidenceId}: not signed by a registered key (kid ${String(jwt!.header.kid)})`);
    return bad.length
      ? failed(
          listSome(bad),
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(`${ovts.length} ovt verify with the registered key`);
  },
});
