import { describe, expect, it } from 'vitest';
import { paint, summaryTable, useColour } from './terminal.ts';
import type { RunResult } from './result.ts';

describe('T-INIT-10 the terminal', () => {
  it('honours NO_COLOR and a non-terminal', () => {
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(paint('FAILED', 'x', false)).toBe('x');
    expect(paint('FAILED', 'x', true)).toContain('\u001b[31m');
  });
  it('ends with a table, the totals and where the results are', () => {
    const r = {
      modules: [
        {
          plan: 'consent',
          module: 'sms-refuse',
          variant: { way: 'sms' },
          status: 'FAILED',
          startedAt: '',
          endedAt: '',
          checks: [],
        },
      ],
      summary: { PASSED: 3, FAILED: 1, WARNING: 0, REVIEW: 0, SKIPPED: 0, UNKNOWN: 0 },
      expectedFailures: { applied: [], unmet: [{ module: 'm', check: 'c', status: 'FAILED', reason: 'r' }] },
    } as unknown as RunResult;
    const text = summaryTable(r, false, '/tmp/out/results.json');
    expect(text).toContain('consent/sms-refuse [way=sms]  FAILED');
    expect(text).toContain('checks: 3 PASSED, 1 FAILED');
    expect(text).toContain('expected failure did not happen: m c FAILED');
    expect(text).toContain('results: /tmp/out/results.json');
  });
});
