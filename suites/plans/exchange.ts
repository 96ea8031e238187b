import type { ExchangesInput, SenderContext } from '../checks/context.ts';
import { contentEncoding } from '../checks/content-encoding.ts';
import { correlationOnPoll } from '../checks/correlation-on-poll.ts';
import { environmentCredential } from '../checks/environment-credential.ts';
import { kdpAccessName } from '../checks/kdp-access-name.ts';
import { kdpCompanyBin } from '../checks/kdp-company-bin.ts';
import { kdpExpiresIn } from '../checks/kdp-expires-in.ts';
import { kdpIin } from '../checks/kdp-iin.ts';
import { kdpPurpose } from '../checks/kdp-purpose.ts';
import { messageDate } from '../checks/message-date.ts';
import { messageIdUnique } from '../checks/message-id-unique.ts';
import { notificationGround } from '../checks/notification-ground.ts';
import { ovtAlgorithm } from '../checks/ovt-algorithm.ts';
import { ovtClaims } from '../checks/ovt-claims.ts';
import { ovtLifetime } from '../checks/ovt-lifetime.ts';
import { ovtRecommendedClaims } from '../checks/ovt-recommended-claims.ts';
import { ovtSignature } from '../checks/ovt-signature.ts';
import { ovtUnique } from '../checks/ovt-unique.ts';
import { pollingBackoff } from '../checks/polling-backoff.ts';
import { schemaValid } from '../checks/schema-valid.ts';
import { soapEnvelope } from '../checks/soap-envelope.ts';
import { tokenBound } from '../checks/token-bound.ts';
import { tokenGranted } from '../checks/token-granted.ts';
import { tokenNotExpired } from '../checks/token-not-expired.ts';
import { tokenRefusalFinal } from '../checks/token-refusal-final.ts';
import { tokenUnchanged } from '../checks/token-unchanged.ts';
import type { Check } from '../check.ts';
import type { RequirementId } from '../../requirements/index.ts';
import type { PlanDefinition } from '../module.ts';
import type { Severity } from '../result.ts';

/** The severity a passive check is cited with against this organisation's environment. */
export function severityOf(c: (typeof PASSIVE_CHECKS)[number], context: SenderContext): Severity {
  return typeof c.severity === 'function' ? c.severity(context) : (c.severity ?? 'FAILURE');
}

/**
 * The passive checks, on every exchange the SUT's senders made: the same list runs at the end of
 * each environment of `run` and over a journal window in `check` (observation).
 */
export const PASSIVE_CHECKS: readonly {
  check: Check<ExchangesInput>;
  requirement: RequirementId;
  /** FAILURE when absent; a function where the environment's profile decides (merely unwise or required). */
  severity?: Severity | ((context: SenderContext) => Severity);
}[] = [
  { check: soapEnvelope, requirement: 'T-INIT-1' },
  { check: schemaValid, requirement: 'T-INIT-2' },
  { check: messageIdUnique, requirement: 'T-INIT-3' },
  { check: messageDate, requirement: 'T-INIT-4' },
  { check: correlationOnPoll, requirement: 'T-INIT-5' },
  { check: contentEncoding, requirement: 'T-INIT-6' },
  { check: environmentCredential, requirement: 'R12' },
  { check: kdpIin, requirement: 'T-INIT-8' },
  { check: kdpCompanyBin, requirement: 'T-INIT-8' },
  { check: kdpAccessName, requirement: 'R7.0' },
  { check: kdpPurpose, requirement: 'T-INIT-8', severity: 'WARNING' },
  { check: kdpExpiresIn, requirement: 'T-INIT-8' },
  { check: pollingBackoff, requirement: 'T-INIT-9' },
  { check: notificationGround, requirement: 'T-INIT-16' },
  { check: tokenGranted, requirement: 'R3' },
  { check: tokenBound, requirement: 'T-INIT-11' },
  { check: tokenNotExpired, requirement: 'T-INIT-11' },
  { check: tokenRefusalFinal, requirement: 'T-INIT-11' },
  { check: tokenUnchanged, requirement: 'T-INIT-12' },
  { check: ovtAlgorithm, requirement: 'R2.8' },
  { check: ovtClaims, requirement: 'R2.8' },
  {
    check: ovtRecommendedClaims,
    requirement: 'R2.8',
    severity: (context) => (context.ovtStrict ? 'FAILURE' : 'WARNING'),
  },
  { check: ovtLifetime, requirement: 'T-INIT-13' },
  { check: ovtUnique, requirement: 'R2.8' },
  { check: ovtSignature, requirement: 'R10.2' },
];

export const exchangePlan: PlanDefinition = {
  name: 'exchange',
  summary:
    'passive checks on every SHEP exchange of the SUT (envelope, schema, ids, dates, credentials, KDP fields, polling, tokens, ovt)',
  modules: [
    {
      name: 'every-exchange',
      summary: "every exchange the SUT's senders made in this environment, judged by the passive checks",
      environment: 'standard',
      last: true,
      variants: () => [{ environment: 'standard' }, { environment: 'short-lived' }],
      cites: PASSIVE_CHECKS.map((c) => ({ check: c.check.name, requirement: c.requirement })),
      async run(ctx) {
        const exchanges = await ctx.exchanges(0);
        if (exchanges.length === 0) ctx.skip('the SUT made no exchange');
        for (const c of PASSIVE_CHECKS)
          await ctx.check(
            c.check,
            { exchanges, context: ctx.checkContext },
            { requirement: c.requirement, severity: severityOf(c, ctx.checkContext) },
          );
      },
    },
  ],
};
