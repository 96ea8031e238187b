import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import type { ExchangesInput } from './context.ts';
import { ovtRequests } from './ovt.ts';

const REQUIRED = ['cbin', 'mcheck', 'iat', 'exp', 'jti', 'aud', 'sub', 'access_name'];

/** R2.8: the ovt carries every claim and is bound to this organisation, subject, service and environment. */
export const ovtClaims = defineCheck<ExchangesInput>({
  name: 'ovt-claims',
  summary: 'ovt carries cbin, mcheck, iat, exp, jti, aud, sub, access_name bound to the request and environment',
  run(input) {
    const ovts = ovtRequests(input).filter((o) => o.jwt);
    if (ovts.length === 0) return skipped('no readable ovt');
    const bad: string[] = [];
    for (const { v, jwt } of ovts) {
      const c = jwt!.claims;
      const missing = REQUIRED.filter((k) => c[k] === undefined || c[k] === '');
      const env = v.x.environment ?? 'test';
      const wrong = [
        c.cbin !== v.fields.company_bin?.trim() && 'cbin',
        c.sub !== v.fields.uin?.trim() && 'sub',
        c.access_name !== v.fields.access_name?.trim() && 'access_name',
        ![c.aud].flat().includes(input.context.ovtAudience[env]) && 'aud',
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
