import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { pollingBackoff } from './polling-backoff.ts';

describe('T-INIT-9 polling-backoff', () => {
  it('passes polls 1 s then 2 s apart that stop at APPROVED', () => {
    expect(pollingBackoff.run(good()).status).toBe('PASSED');
  });
  it('fails hammering (polls 100 ms apart)', () => {
    const r = recorded();
    r.exchanges[1]!.at = r.exchanges[0]!.at + 100;
    expect(pollingBackoff.run({ exchanges: r.exchanges, context: recordedContext(r) }).message).toContain('100 ms');
  });
  it('fails a poll after the final status', () => {
    const r = recorded();
    const again = { ...r.exchanges[2]!, evidenceId: 'x99', at: r.exchanges[2]!.at + 5000 };
    const out = pollingBackoff.run({ exchanges: [...r.exchanges, again], context: recordedContext(r) });
    expect(out.status).toBe('FAILED');
    expect(out.evidence).toEqual(['x99']);
  });
});

describe('T-INIT-9 polling-backoff plateau', () => {
  it('accepts a steady cadence of a second or more that latency bent', () => {
    const r = recorded();
    r.exchanges[1]!.at = r.exchanges[0]!.at + 3500;
    r.exchanges[2]!.at = r.exchanges[1]!.at + 2100;
    expect(pollingBackoff.run({ exchanges: r.exchanges, context: recordedContext(r) }).status).toBe('PASSED');
  });
});
