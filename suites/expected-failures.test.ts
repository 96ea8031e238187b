import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyExpectedFailures, readExpectedFailures } from './expected-failures.ts';
import type { ModuleResult } from './result.ts';

const mod = (status: 'FAILED' | 'PASSED'): ModuleResult => ({
  plan: 'consent',
  module: 'sms-refuse',
  variant: { way: 'sms' },
  status,
  startedAt: '',
  endedAt: '',
  checks: [
    {
      check: 'reported-outcome',
      requirement: 'T-INIT-10',
      severity: 'FAILURE',
      status,
      message: '',
      evidence: [],
      durationMs: 0,
    },
  ],
});

describe('T-INIT-10 expected failures', () => {
  const entry = {
    module: 'sms-refuse',
    variant: { way: 'sms' },
    check: 'reported-outcome',
    status: 'FAILED' as const,
    reason: 'known: shows pending',
  };
  it('marks a matching failure expected, with its reason', () => {
    const modules = [mod('FAILED')];
    const out = applyExpectedFailures(modules, [entry]);
    expect(out.applied).toEqual([entry]);
    expect(modules[0]!.checks[0]!.expected).toEqual({ reason: 'known: shows pending' });
  });
  it('reports an expected failure that did not happen as unmet', () => {
    const out = applyExpectedFailures([mod('PASSED')], [entry]);
    expect(out.unmet).toEqual([entry]);
  });
  it('reads a file and refuses a malformed entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify([entry]));
    expect(readExpectedFailures(join(dir, 'ok.json'))).toEqual([entry]);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ module: 'm', check: 'c', status: 'BROKEN', reason: 'r' }]));
    expect(() => readExpectedFailures(join(dir, 'bad.json'))).toThrow(/unknown status/);
  });
});
