import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBin } from '../fixtures/index.ts';
import { exitCodeOf, globMatches, runHarness } from './runner.ts';
import { DriverSut } from './sut.ts';
import { startDriverDouble } from './testing/driver-double.ts';

const organisation = {
  bin: makeBin({ yearMonth: '2402', type: 'resident', subtype: 'head', serial: 777 }),
  name: 'ТОО «Двойник»',
};
let hammer: Awaited<ReturnType<typeof startDriverDouble>>;
let fractional: Awaited<ReturnType<typeof startDriverDouble>>;

beforeAll(async () => {
  [hammer, fractional] = await Promise.all([
    startDriverDouble({ organisation, defects: ['hammer'] }),
    startDriverDouble({ organisation, defects: ['fractional-expires-in'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([hammer.close(), fractional.close()]);
});

describe('the runner, against a driver double', () => {
  it('selects modules by glob, plan/module, or several', () => {
    expect(globMatches('sms-*', 'consent', 'sms-refuse')).toBe(true);
    expect(globMatches('consent/own-means', 'consent', 'own-means')).toBe(true);
    expect(globMatches('a,sms-re*', 'consent', 'sms-refuse')).toBe(true);
    expect(globMatches('sms-*', 'consent', '1414-confirm')).toBe(false);
  });

  it('T-INIT-9 fails a SUT that hammers the gateway with polls, and a stale expected failure', async () => {
    const r = await runHarness({
      sut: (log) => new DriverSut(hammer.driverUrl, log),
      plans: ['consent', 'tokens', 'exchange'],
      moduleGlob: 'sms-refuse,own-means,token-revoked,every-exchange',
      expectedFailures: [{ module: 'sms-refuse', check: 'reported-outcome', status: 'FAILED', reason: 'baseline' }],
    });
    const every = r.modules.find((m) => m.module === 'every-exchange')!;
    expect(every.checks.find((c) => c.check === 'polling-backoff')?.status).toBe('FAILED');
    expect(r.modules.find((m) => m.module === 'own-means')?.status).toBe('SKIPPED');
    expect(r.expectedFailures.unmet).toHaveLength(1);
    // T-INIT-11: without the revocation feature, the double learns of a revoked token only from
    // the refusal, reports it, but keeps the token and presents it again.
    for (const m of r.modules.filter((x) => x.module === 'token-revoked')) {
      const status = (check: string) => m.checks.find((c) => c.check === check)?.status;
      expect(status('revocation-decided')).toBeUndefined();
      expect(status('fetch-outcome#after-revocation')).toBe('PASSED');
      expect(status('token-dropped#after-refusal')).toBe('FAILED');
      expect(status('revoked-token-unused')).toBe('FAILED');
    }
    // Every check's evidence is in the run's evidence.
    for (const c of r.modules.flatMap((m) => m.checks))
      for (const id of c.evidence) expect(r.evidence[id]).toBeDefined();
    expect(exitCodeOf(r)).toBe(1);
  });

  it('T-INIT-8 judges what the SUT sent when the state service refused its first test exchange (onboarding stopped at R11)', async () => {
    const r = await runHarness({
      sut: (log) => new DriverSut(fractional.driverUrl, log),
      moduleGlob: 'clauses-4-12,sms-approve,every-exchange',
    });
    const act = r.modules.find((m) => m.module === 'clauses-4-12')!;
    expect(act.checks.find((c) => c.check === 'sequence-step#R11')?.status).toBe('FAILED');
    // A driven module cannot run without credentials…
    expect(r.modules.find((m) => m.module === 'sms-approve')?.status).toBe('SKIPPED');
    // …but the passive checks still judge the refused request, under its own requirement.
    const every = r.modules.find((m) => m.module === 'every-exchange')!;
    const expiresIn = every.checks.find((c) => c.check === 'kdp-expires-in')!;
    expect(expiresIn).toMatchObject({ status: 'FAILED', requirement: 'T-INIT-8' });
    expect(expiresIn.message).toContain('"1.5" is not a whole number');
    expect(every.checks.find((c) => c.check === 'kdp-company-bin')?.status).toBe('PASSED');
  });
});
