import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { missingRecommendedOvtClaims, ovtRequests } from './ovt.ts';

/**
 * R2.8: the ovt carries the claims the profile recommends (sub, aud, access_name, jti). Without
 * them a token is not bound to its subject, data service and environment, and a replay cannot be
 * told apart. The state service accepts it unless its profile is strict, so the module cites this
 * check as a WARNING, or a FAILURE against a strict profile.
 */
export const ovtRecommendedClaims = defineCheck<ExchangesInput>({
  name: 'ovt-recommended-claims',
  summary: 'ovt carries the recommended sub, aud, access_name, jti (unbound and replayable without them)',
  run(input) {
    const ovts = ovtRequests(input).filter((o) => o.jwt);
    if (ovts.length === 0) return skipped('no readable ovt');
    const bad: string[] = [];
    const ids: string[] = [];
    for (const { v, jwt } of ovts) {
      const missing = missingRecommendedOvtClaims(jwt!.claims);
      if (missing.length) {
        bad.push(`${v.x.evidenceId}: lacks ${missing.join(', ')}`);
        ids.push(v.x.evidenceId);
      }
    }
    return bad.length
      ? failed(`${bad.length} of ${ovts.length} ovt: ${listSome(bad)}`, ids)
      : passed(`${ovts.length} ovt carry sub, aud, access_name, jti`);
  },
});
