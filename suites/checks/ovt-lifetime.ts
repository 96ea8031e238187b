import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { OVT_CLOCK_TOLERANCE_SEC, OVT_MAX_LIFETIME_SEC, ovtRequests } from './ovt.ts';

/** R2.8: short-lived: exp − iat ≤ 600 s, issued just before it is sent, not expired on arrival. */
export const ovtLifetime = defineCheck<ExchangesInput>({
  name: 'ovt-lifetime',
  summary: 'ovt lives ≤ 600 s, issued just before sending, unexpired on arrival',
  run(input) {
    const ovts = ovtRequests(input).filter((o) => o.jwt);
    if (ovts.length === 0) return skipped('no readable ovt');
    const bad: string[] = [];
    for (const { v, jwt } of ovts) {
      const iat = Number(jwt!.claims.iat);
      const exp = Number(jwt!.claims.exp);
      const at = v.x.at / 1000;
      if (!Number.isFinite(iat) || !Number.isFinite(exp)) bad.push(`${v.x.evidenceId}: iat/exp not numbers`);
      else if (exp - iat > OVT_MAX_LIFETIME_SEC) bad.push(`${v.x.evidenceId}: lives ${exp - iat} s`);
      else if (exp <= iat) bad.push(`${v.x.evidenceId}: exp not after iat`);
      else if (iat > at + OVT_CLOCK_TOLERANCE_SEC)
        bad.push(`${v.x.evidenceId}: issued ${Math.round(iat - at)} s in the future`);
      else if (exp <= at) bad.push(`${v.x.evidenceId}: already expired when sent`);
    }
    return bad.length
      ? failed(
          listSome(bad),
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(`${ovts.length} ovt short-lived and fresh`);
  },
});
