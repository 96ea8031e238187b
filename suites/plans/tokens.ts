import { fetchOutcome } from '../checks/fetch-outcome.ts';
import { tokenNotExpired } from '../checks/token-not-expired.ts';
import { tokenRefusalFinal } from '../checks/token-refusal-final.ts';
import { SHORT_LIVED } from '../environment/embedded.ts';
import type { PlanDefinition } from '../module.ts';
import { quickestWay } from '../scenario.ts';
import { consentModule } from './consent-module.ts';

const LIFETIME_SEC = 2;

/** Access tokens in use: not after expiry, not after a refusal; both directions of R2.8 are passive checks. */
export const tokensPlan: PlanDefinition = {
  name: 'tokens',
  summary:
    'access tokens: not used after expiry or refusal (binding, unchanged passing and the ovt are judged on every exchange)',
  modules: [
    {
      ...consentModule({
        name: 'token-expired',
        summary: `a token of ${LIFETIME_SEC} s is not presented once expired; fetch reports the refusal`,
        way: 'sms',
        action: 'approve',
        expect: 'granted',
        environment: 'short-lived',
        request: { lifetime: LIFETIME_SEC },
        async then(ctx, id, since) {
          await new Promise((r) => setTimeout(r, LIFETIME_SEC * 1000 + 800));
          const late = await ctx.sut.fetch(id);
          await ctx.check(
            fetchOutcome,
            { expectData: false, result: late.value, evidence: late.evidence },
            { requirement: 'T-INIT-11', label: 'after-expiry' },
          );
          const x = await ctx.exchanges(since);
          await ctx.check(tokenNotExpired, { exchanges: x, context: ctx.checkContext }, { requirement: 'T-INIT-11' });
          await ctx.check(tokenRefusalFinal, { exchanges: x, context: ctx.checkContext }, { requirement: 'T-INIT-11' });
        },
      }),
      needs: () => [],
      variants: (d) => [
        { way: quickestWay(d), lifetime: `${LIFETIME_SEC}s`, minExpiresIn: `${SHORT_LIVED.minExpiresInSec}s` },
      ],
      cites: [
        { check: 'reported-outcome', requirement: 'T-INIT-10' },
        { check: 'fetch-outcome', requirement: 'T-INIT-11' },
        { check: 'fetch-outcome#after-expiry', requirement: 'T-INIT-11' },
        { check: 'token-not-expired', requirement: 'T-INIT-11' },
        { check: 'token-refusal-final', requirement: 'T-INIT-11' },
      ],
    },
  ],
};
