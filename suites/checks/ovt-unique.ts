import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { ovtRequests } from './ovt.ts';

/** R2.8: each ovt is new: neither the token nor its jti is sent twice. */
export const ovtUnique = defineCheck<ExchangesInput>({
  name: 'ovt-unique',
  summary: 'no ovt (nor its jti) sent twice',
  run(input) {
    const ovts = ovtRequests(input);
    if (ovts.length === 0) return skipped('no own-means request with an ovt');
    const seen = new Map<string, string>();
    const bad: string[] = [];
    for (const { v, token, jwt } of ovts) {
      for (const key of [token, jwt?.claims.jti === undefined ? undefined : `jti:${String(jwt.claims.jti)}`]) {
        if (!key) continue;
        const before = seen.get(key);
        if (before) bad.push(`${v.x.evidenceId}: ${key.startsWith('jti:') ? 'jti' : 'token'} reused from ${before}`);
        else seen.set(key, v.x.evidenceId);
      }
    }
    return bad.length
      ? failed(listSome(bad), bad.map((b) => b.split(':')[0]!))
      : passed(`${ovts.length} ovt, each unique`);
  },
});
