import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { ovtRequests } from './ovt.ts';

/**
 * R2.8: each ovt is new: neither the token nor its jti is presented twice. A message the gateway
 * faulted with faultcode Server never reached the state service, so its ovt was never presented:
 * a retry may carry it again (signing a fresh one is more robust still).
 */
export const ovtUnique = defineCheck<ExchangesInput>({
  name: 'ovt-unique',
  summary: 'no ovt (nor its jti) sent twice',
  run(input) {
    const ovts = ovtRequests(input);
    if (ovts.length === 0) return skipped('no own-means request with an ovt');
    const seen = new Map<string, string>();
    const bad: string[] = [];
    for (const { v, token, jwt } of ovts) {
      if (v.faultKind === 'Server') continue;
      for (const key of [token, jwt?.claims.jti === undefined ? undefined : `jti:${String(jwt.claims.jti)}`]) {
        if (!key) continue;
        const before = seen.get(key);
        if (before) bad.push(`${v.x.evidenceId}: ${key.startsWith('jti:') ? 'jti' : 'token'} reused from ${before}`);
        else seen.set(key, v.x.evidenceId);
      }
    }
    return bad.length
      ? failed(
          listSome(bad),
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(`${ovts.length} ovt, each unique`);
  },
});
