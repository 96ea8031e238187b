import { describe, expect, it } from 'vitest';
import type { CheckResult, ModuleResult, RunResult } from '../suites/result.ts';
import type { BrokenInitiator } from '../examples/broken/zoo.ts';
import { detectionTable, judge, selfTestPassed, type SelfTestReport } from './self-test.ts';

const check = (c: Partial<CheckResult> & Pick<CheckResult, 'check' | 'requirement' | 'status'>): CheckResult => ({
  severity: 'FAILURE',
  message: 'm',
  evidence: [],
  durationMs: 1,
  ...c,
});
const mod = (plan: string, module: string, checks: CheckResult[], status = 'PASSED'): ModuleResult =>
  ({ plan, module, variant: {}, status, startedAt: '', endedAt: '', checks }) as ModuleResult;
const run = (modules: ModuleResult[]) => ({ modules }) as RunResult;

const broken: BrokenInitiator = {
  defect: 'message-date-utc',
  mistake: 'messageDate in UTC',
  requirement: 'T-INIT-4',
  caughtBy: { plan: 'exchange', module: 'every-exchange', check: 'message-date' },
};
const passive = (checks: CheckResult[]) => mod('exchange', 'every-exchange', checks);

describe('judge: a broken initiator held to its declaration', () => {
  it('caught: the declared check FAILED under the declared requirement; others are also flagged', () => {
    const d = judge(
      broken,
      run([
        mod('consent', 'own-means', [check({ check: 'reported-outcome', requirement: 'R7.2', status: 'FAILED' })]),
        passive([
          check({ check: 'message-date', requirement: 'T-INIT-4', status: 'FAILED' }),
          check({ check: 'soap-envelope', requirement: 'T-INIT-1', status: 'PASSED' }),
        ]),
        // The same check in the other environment's passive run is the same catch.
        passive([check({ check: 'message-date', requirement: 'T-INIT-4', status: 'FAILED' })]),
      ]),
    );
    expect(d.caughtBy).toBe('exchange/every-exchange message-date');
    expect(d.alsoFlagged).toEqual(['consent/own-means reported-outcome (R7.2) FAILED']);
  });

  it('missed: FAILED under another requirement, by another check, in another module, or only passed', () => {
    const variants = [
      passive([check({ check: 'message-date', requirement: 'T-INIT-3', status: 'FAILED' })]),
      passive([check({ check: 'message-id-unique', requirement: 'T-INIT-4', status: 'FAILED' })]),
      mod('consent', 'own-means', [check({ check: 'message-date', requirement: 'T-INIT-4', status: 'FAILED' })]),
      passive([check({ check: 'message-date', requirement: 'T-INIT-4', status: 'PASSED' })]),
      passive([check({ check: 'message-date', requirement: 'T-INIT-4', status: 'WARNING' })]),
    ];
    for (const m of variants) expect(judge(broken, run([m])).caughtBy).toBeUndefined();
  });

  it('a warning check is caught by its WARNING when so declared; a module that could not finish is flagged', () => {
    const warned: BrokenInitiator = {
      ...broken,
      requirement: 'T-INIT-8',
      caughtBy: { plan: 'exchange', module: 'every-exchange', check: 'kdp-purpose', status: 'WARNING' },
    };
    const d = judge(
      warned,
      run([
        passive([check({ check: 'kdp-purpose', requirement: 'T-INIT-8', status: 'WARNING' })]),
        { ...mod('consent', 'sms-approve', [], 'UNKNOWN'), note: 'could not finish: boom' },
      ]),
    );
    expect(d.caughtBy).toBeDefined();
    expect(d.alsoFlagged).toEqual(['consent/sms-approve UNKNOWN: could not finish: boom']);
  });
});

describe('the verdict and the table', () => {
  const report = (o: Partial<SelfTestReport>): SelfTestReport => ({
    reference: { complaints: [], modules: 24, checks: 111 },
    detections: [
      { defect: 'message-date-utc', requirement: 'T-INIT-4', declared: 'x', caughtBy: 'x', alsoFlagged: [] },
      { defect: 'ovt-replayed', requirement: 'R2.8', declared: 'y', alsoFlagged: ['a | b'] },
    ],
    caught: 1,
    total: 2,
    durationMs: 1000,
    ...o,
  });

  it('passes only with every defect caught and the reference clean', () => {
    expect(selfTestPassed(report({}))).toBe(false);
    expect(selfTestPassed(report({ caught: 2 }))).toBe(true);
    expect(selfTestPassed(report({ caught: 2, reference: { complaints: ['w'], modules: 24, checks: 111 } }))).toBe(
      false,
    );
    expect(selfTestPassed(report({ caught: 2, reference: { complaints: [], modules: 0, checks: 0 } }))).toBe(false);
  });

  it('prints the rows, the misses, the detection rate and the false failures', () => {
    const t = detectionTable(report({}));
    expect(t).toContain('| message-date-utc | T-INIT-4 | x | — |');
    expect(t).toContain('| ovt-replayed | R2.8 | MISSED (declared: y) | a \\| b |');
    expect(t).toContain('detection rate: 1/2 (50.0 %)');
    expect(t).toContain('false failures on the reference: 0');
  });
});
