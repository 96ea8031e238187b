import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { missingClaims, OVT_PUBLIC_CLAIMS, ovtRequests } from './ovt.ts';

/**
 * R2.8: the ovt carries the public shape's claims (cbin, mcheck, iat, exp), and every binding claim
 * it carries names this organisation, subject, service and environment. A missing recommended
 * claim is ovt-recommended-claims' to flag.
 */
export const ovtClaims = defineCheck<ExchangesInput>({
  name: 'ovt-claims',
  summary:
    'ovt carries cbin, mcheck, iat, exp; cbin, sub, access_name, aud, where present, bound to the request and environment',
  run(input) {
    const ovts = ovtRequests(input).filter((o) => o.jwt);
    if (ovts.length === 0) return skipped('no readable ovt');
    const bad: string[] = [];
    for (const { v, jwt } of ovts) {
      const c = jwt!.claims;
      const missing = missingClaims(c, OVT_PUBLIC_CLAIMS);
      const present = (k: string) => missingClaims(c, [k]).length === 0;
      const env = v.x.environment ?? 'test';
      const wrong = [
        c.cbin !== v.fields.company_bin?.trim() && 'cbin',
        present('sub') && c.sub !== v.fields.uin?.trim() && 'sub',
        present('access_name') && c.access_name !== v.fields.access_name?.trim() && 'access_name',
        present('aud') && ![c.aud].flat().includes(input.context.ovtAudience[env]) && 'aud',
      ].filter((k): k is string => typeof k === 'string' && !missing.includes(k));
      if (missing.length) bad.push(`${v.x.evidenceId}: lacks ${missing.join(', ')}`);
      else if (wrong.length) bad.push(`${v.x.evidenceId}: ${wrong.join(', ')} bound to something else`);
    }
    return bad.length
      ? failed(
          listSome(bad),
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(`${ovts.length} ovt carry every claim, bound to their request`);
  },
});
