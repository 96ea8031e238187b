import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { OVT_ALGORITHMS, ovtRequests } from './ovt.ts';

/** The ovt is a compact JWS signed RS256 or ES256: never none, never HMAC. */
export const ovtAlgorithm = defineCheck<ExchangesInput>({
  name: 'ovt-algorithm',
  summary: 'ovt is a JWS with alg RS256 or ES256',
  run(input) {
    const ovts = ovtRequests(input);
    if (ovts.length === 0) return skipped('no own-means request with an ovt');
    const bad = ovts
      .filter((o) => !o.jwt || !OVT_ALGORITHMS.includes(String(o.jwt.header.alg)))
      .map((o) => `${o.v.x.evidenceId}: ${o.jwt ? `alg ${String(o.jwt.header.alg)}` : 'not a compact JWS'}`);
    return bad.length
      ? failed(
          listSome(bad),
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(`${ovts.length} ovt signed ${[...new Set(ovts.map((o) => o.jwt!.header.alg))].join('/')}`);
  },
});
