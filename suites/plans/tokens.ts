import { fetchOutcome } from '../checks/fetch-outcome.ts';
import { revocationDecided } from '../checks/revocation-decided.ts';
import { revokedTokenUnused } from '../checks/revoked-token-unused.ts';
import { tokenDropped } from '../checks/token-dropped.ts';
import { tokenNotExpired } from '../checks/token-not-expired.ts';
import { tokenRefusalFinal } from '../checks/token-refusal-final.ts';
import { SHORT_LIVED } from '../environment/embedded.ts';
import type { DescribeResponse, DriverWay } from '../driver/protocol.ts';
import type { FixtureSubject, RevocationView } from '../environment/client.ts';
import type { ModuleContext, PlanDefinition } from '../module.ts';
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
        proves: { outcome: 'T-INIT-10', fetch: 'T-INIT-11' },
        async then(ctx, id, since) {
          // A token lives at least its lifetime: exp is rounded up to the next whole second after
          // issue + lifetime, so it can fall up to 1 s later than the lifetime alone says.
          await new Promise((r) => setTimeout(r, LIFETIME_SEC * 1000 + 1000 + 500));
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
    {
      ...consentModule({
        name: 'token-revoked',
        summary:
          'the subject revokes a granted consent (SMS or the environment API); the SUT decides it (feature revocation) or learns it from the refusal; fetch reports it, nothing retried',
        way: 'sms',
        action: 'approve',
        expect: 'granted',
        proves: { outcome: 'T-INIT-10', fetch: 'T-INIT-11' },
        then: revokeAndCheck,
      }),
      needs: () => [],
      variants: (d) => {
        const way = revocableWay(d);
        return way ? (['sms', 'api'] as const).map((revokeBy) => ({ way, revokeBy })) : [];
      },
      cites: [
        { check: 'reported-outcome', requirement: 'T-INIT-10' },
        { check: 'fetch-outcome', requirement: 'T-INIT-11' },
        { check: 'revocation-decided', requirement: 'T-INIT-17' },
        { check: 'token-dropped', requirement: 'T-INIT-17' },
        { check: 'fetch-outcome#after-revocation', requirement: 'T-INIT-11' },
        { check: 'fetch-outcome#again', requirement: 'T-INIT-11' },
        { check: 'token-dropped#after-refusal', requirement: 'T-INIT-11' },
        { check: 'revoked-token-unused', requirement: 'T-INIT-11' },
      ],
    },
  ],
};

/** Notification access is not consent and cannot be revoked: the quickest of the other ways. */
function revocableWay(d: DescribeResponse): DriverWay | undefined {
  return (['own-means', 'sms', 'proactive', 'callcenter-1414'] as const).find((w) => d.ways.includes(w));
}

const REVOCATION_WAIT_MS = 15_000;
const REF_IN_SMS = /(?:КЕРІ|ОТОЗВАТЬ)\s+([0-9A-Z]{4,16})/u;

async function poll<T>(what: string, get: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await get();
    if (got !== undefined) return got;
    if (Date.now() >= deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * After the grant: the subject revokes (by SMS or the environment API, per variant). A SUT with the
 * revocation feature must learn of it (KDP_LIST_TO_REVOKE, on demand or on its own schedule), accept
 * it and drop the token; for one without, the harness accepts as the organisation's officer, and
 * the SUT must learn it from the data service's refusal. Either way a fetch reports the refusal and
 * nothing retries the revoked token.
 */
async function revokeAndCheck(ctx: ModuleContext, id: string, since: number, subject: FixtureSubject): Promise<void> {
  const { env } = ctx;
  const sinceMs = await env.clockNowMs();
  const consentSms = await poll(
    'no SMS told the subject the consent reference',
    async () => (await env.smsSince(subject.phone, sinceMs - 60_000)).find((m) => REF_IN_SMS.test(m.text)),
    5_000,
  );
  const ref = REF_IN_SMS.exec(consentSms.text)![1]!;
  let revocation: RevocationView;
  if (ctx.variant.revokeBy === 'api') revocation = await env.revoke(subject.iin, ref);
  else {
    await env.reply(subject.phone, `КЕРІ ${ref}`, consentSms.id);
    revocation = await poll(
      'the SMS ОТОЗВАТЬ filed no revocation',
      async () => (await env.revocationsOf(subject.iin)).find((r) => r.tokenRef === ref),
      5_000,
    );
  }
  ctx.note(`subject revoked ${ref} by ${ctx.variant.revokeBy}`);

  const knew = ctx.describe.features?.includes('revocation') ?? false;
  if (knew) {
    const synced = await ctx.sut.syncRevocations?.();
    if (!synced) ctx.note("no revocation job on demand: waiting for the SUT's own schedule");
    const decided = await poll(
      'the SUT decided nothing',
      async () => {
        const r = await env.revocation(revocation.id);
        return r.status === 'PENDING' ? undefined : r;
      },
      REVOCATION_WAIT_MS,
    ).catch(() => env.revocation(revocation.id));
    revocation = decided;
    await ctx.check(
      revocationDecided,
      {
        revocation: { ...revocation, evidence: synced?.evidence ?? [] },
        exchanges: await ctx.exchanges(since),
      },
      { requirement: 'T-INIT-17' },
    );
    await ctx.check(tokenDropped, { state: await ctx.sut.outcome(id, ['granted'], 0) }, { requirement: 'T-INIT-17' });
  } else {
    ctx.note("the SUT has no revocation feature: the organisation's officer accepted through the environment API");
    revocation = await env.decideRevocation(revocation.id, 'ACCEPT');
  }
  if (revocation.status !== 'ACCEPTED')
    return ctx.skip(`the revocation was ${revocation.status}: the token still works`);
  const revokedAtMs = Date.parse(revocation.decidedAt!);

  const late = await ctx.sut.fetch(id);
  await ctx.check(
    fetchOutcome,
    {
      expectData: false,
      result: late.value,
      evidence: late.evidence,
      ...(knew ? {} : { errorCode: 'KDP-403' }),
    },
    { requirement: 'T-INIT-11', label: 'after-revocation' },
  );
  const again = await ctx.sut.fetch(id);
  await ctx.check(
    fetchOutcome,
    { expectData: false, result: again.value, evidence: again.evidence },
    { requirement: 'T-INIT-11', label: 'again' },
  );
  if (!knew)
    await ctx.check(
      tokenDropped,
      { state: await ctx.sut.outcome(id, ['granted'], 0) },
      { requirement: 'T-INIT-11', label: 'after-refusal' },
    );
  await ctx.check(
    revokedTokenUnused,
    { exchanges: await ctx.exchanges(since), iin: subject.iin, revokedAtMs, knew },
    { requirement: 'T-INIT-11' },
  );
}
