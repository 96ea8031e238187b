import { noDataCall } from '../checks/no-data-call.ts';
import { refusalNotRetried } from '../checks/refusal-not-retried.ts';
import { reportedOutcome } from '../checks/reported-outcome.ts';
import { transientRetried } from '../checks/transient-retried.ts';
import type { ModuleContext, PlanDefinition } from '../module.ts';
import { playSubject, quickestWay, requestFor } from '../scenario.ts';
import { consentModule, OUTCOME_WAIT_MS } from './consent-module.ts';

/** Starts a request by the quickest way with the subject approving; the SUT's outcome. */
async function quickRequest(ctx: ModuleContext, iin?: string) {
  const subject = ctx.subject();
  const way = quickestWay(ctx.describe);
  const sinceIso = await ctx.nowIso();
  const started = await ctx.sut.start(requestFor(ctx.describe, 'test', iin ? { ...subject, iin } : subject, way));
  if (!started.value) ctx.skip('the person skipped the step');
  if (!iin)
    await playSubject({ env: ctx.env, way, subject, sinceIso, action: 'approve' }).catch((e: Error) =>
      ctx.note(e.message),
    );
  return { subject, outcome: await ctx.sut.outcome(started.value.id, ['granted', 'failed'], OUTCOME_WAIT_MS) };
}

/** Gateway latency and faults; SMS delay, loss and duplication. */
export const resiliencePlan: PlanDefinition = {
  name: 'resilience',
  summary:
    'transient faults retried with a new messageId, refusals reported and not retried, latency, SMS delay/loss/duplication',
  modules: [
    {
      name: 'transient-fault',
      summary: 'one ESYS001 (faultcode Server) on KDP_SERVICE: retried with a new messageId within the budget',
      environment: 'standard',
      exclusive: true,
      variants: (d) => [{ way: quickestWay(d) }],
      cites: [
        { check: 'transient-retried', requirement: 'T-INIT-14' },
        { check: 'reported-outcome', requirement: 'T-INIT-14' },
      ],
      async run(ctx) {
        const since = Date.now();
        await ctx.env.setFaults({
          shepFaults: [
            { serviceId: 'KDP_SERVICE', errorCode: 'ESYS001', errorMessage: 'Temporarily unavailable', remaining: 1 },
          ],
        });
        try {
          const { outcome } = await quickRequest(ctx);
          await ctx.check(
            transientRetried,
            { exchanges: await ctx.exchanges(since), service: 'KDP_SERVICE' },
            { requirement: 'T-INIT-14' },
          );
          await ctx.check(
            reportedOutcome,
            { expected: ['granted'], observed: outcome.value, source: outcome.source, evidence: outcome.evidence },
            { requirement: 'T-INIT-14' },
          );
        } finally {
          await ctx.env.clearFaults();
        }
      },
    },
    {
      name: 'refusal-unknown-subject',
      summary: 'a subject the state service does not know (KDP-107): reported with its code, not retried, no data call',
      environment: 'standard',
      variants: (d) => [{ way: quickestWay(d) }],
      cites: [
        { check: 'reported-outcome', requirement: 'T-INIT-15' },
        { check: 'refusal-not-retried', requirement: 'T-INIT-15' },
        { check: 'no-data-call', requirement: 'R3' },
      ],
      async run(ctx) {
        const since = Date.now();
        const iin = ctx.unknownIin();
        const { outcome } = await quickRequest(ctx, iin);
        await new Promise((r) => setTimeout(r, 1000)); // room for a wrongful retry to show
        const x = await ctx.exchanges(since);
        await ctx.check(
          reportedOutcome,
          {
            expected: ['failed'],
            expectedErrorCode: 'KDP-107',
            observed: outcome.value,
            source: outcome.source,
            evidence: outcome.evidence,
          },
          { requirement: 'T-INIT-15' },
        );
        await ctx.check(refusalNotRetried, { exchanges: x, service: 'KDP_SERVICE', iin }, { requirement: 'T-INIT-15' });
        await ctx.check(noDataCall, { exchanges: x, iin }, { requirement: 'R3' });
      },
    },
    {
      name: 'refusal-credential',
      summary: 'a wrong password (EAUT002): reported with its code, not retried',
      environment: 'standard',
      exclusive: true,
      variants: (d) => [{ way: quickestWay(d) }],
      cites: [
        { check: 'reported-outcome', requirement: 'T-INIT-15' },
        { check: 'refusal-not-retried', requirement: 'T-INIT-15' },
      ],
      async run(ctx) {
        const since = Date.now();
        const shepUrl = `${ctx.env.url}/test/bip-sync-wss-gost/`;
        const senderId = ctx.org.senders.test[0];
        if (!senderId) return ctx.skip('the SUT has no test credential');
        const real = ctx.org.testPassword!;
        await ctx.sut.configure('test', { shepUrl, senderId, password: `${real}-wrong` });
        try {
          const subject = ctx.subject();
          const { outcome } = await quickRequest(ctx, subject.iin);
          await new Promise((r) => setTimeout(r, 1000));
          await ctx.check(
            reportedOutcome,
            {
              expected: ['failed'],
              expectedErrorCode: 'EAUT002',
              observed: outcome.value,
              source: outcome.source,
              evidence: outcome.evidence,
            },
            { requirement: 'T-INIT-15' },
          );
          await ctx.check(
            refusalNotRetried,
            { exchanges: await ctx.exchanges(since), service: 'KDP_SERVICE', iin: subject.iin },
            { requirement: 'T-INIT-15' },
          );
        } finally {
          await ctx.sut.configure('test', { shepUrl, senderId, password: real });
        }
      },
    },
    {
      ...consentModule({
        name: 'gateway-latency',
        summary: 'the gateway answers 1.5 s late: the SUT waits and gets through',
        way: 'sms',
        action: 'approve',
        expect: 'granted',
        faults: { shepLatencyMs: 1500 },
      }),
      variants: (d) => [{ way: quickestWay(d) }],
      needs: () => [],
    },
    consentModule({
      name: 'sms-delayed',
      summary: 'SMS delivered 1.5 s late: consent still completes',
      way: 'sms',
      action: 'approve',
      expect: 'granted',
      faults: { smsDelayMs: 1500 },
    }),
    consentModule({
      name: 'sms-duplicated',
      summary: 'every SMS delivered twice: one consent, one token',
      way: 'sms',
      action: 'approve',
      expect: 'granted',
      faults: { smsDuplicateRate: 1 },
    }),
    consentModule({
      name: 'sms-lost',
      summary: 'the code SMS is lost: the SUT reports the request expired',
      way: 'sms',
      action: 'silent',
      expect: 'expired',
      environment: 'short-lived',
      faults: { smsLossRate: 1 },
    }),
  ],
};
