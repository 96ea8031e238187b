import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { pollingBackoff } from './polling-backoff.ts';

/**
 * The recorded request (x1, answered PENDING), polls of it spaced by `gaps` (copies of the
 * recorded PENDING poll x2), and the recorded APPROVED poll (x3) after the last gap.
 */
function polledWith(gaps: number[]) {
  const r = recorded();
  const [first, pending, approved] = r.exchanges;
  let at = first!.at;
  const polls = gaps.slice(0, -1).map((g, i) => ({ ...pending!, evidenceId: `p${i + 1}`, at: (at += g) }));
  const last = { ...approved!, at: at + gaps.at(-1)! };
  return { exchanges: [first!, ...polls, last], context: recordedContext(r) };
}

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
  it('fails a poller with no wait at all (every interval a round trip), naming each close poll', () => {
    const out = pollingBackoff.run(polledWith([12, 9, 30, 15, 11, 8, 20]));
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('7 of 7 polls came under 200 ms');
    expect(out.evidence).toContain('p1');
  });
  it('fails a steady sub-second cadence that never backs off, though every poll waits 300 ms', () => {
    const out = pollingBackoff.run(polledWith([300, 310, 305, 300, 320, 300]));
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('6 intervals under 1000 ms');
    expect(out.message).toContain('no back-off');
  });
});

describe('T-INIT-9 polling-backoff under load', () => {
  it('accepts a steady cadence of a second or more that latency bent', () => {
    const r = recorded();
    r.exchanges[1]!.at = r.exchanges[0]!.at + 3500;
    r.exchanges[2]!.at = r.exchanges[1]!.at + 2100;
    expect(pollingBackoff.run({ exchanges: r.exchanges, context: recordedContext(r) }).status).toBe('PASSED');
  });
  it('accepts a back-off (250, 500, 1000, 2000 ms) whose first poll a busy machine held up', () => {
    // The first poll left 800 ms late: its interval looks long and the next (500 ms) as if it shrank.
    expect(pollingBackoff.run(polledWith([1050, 500, 1000, 2000, 2000])).status).toBe('PASSED');
    expect(pollingBackoff.run(polledWith([250, 500, 1000, 2000])).status).toBe('PASSED');
  });
  it('accepts intervals at exactly the minimum, and a few under a second before the plateau', () => {
    expect(pollingBackoff.run(polledWith([200, 400, 800, 900, 1600])).status).toBe('PASSED');
  });
});
