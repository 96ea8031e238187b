import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { correlationOnPoll } from './correlation-on-poll.ts';

describe('T-INIT-5 correlation-on-poll', () => {
  it('passes polls that carry correlationId', () => {
    const out = correlationOnPoll.run(good());
    expect(out.status).toBe('PASSED');
    expect(out.message).toContain('2 polls');
  });
  it('fails a poll that names another subject', () => {
    const r = recorded();
    r.exchanges[1]!.request = r.exchanges[1]!.request.replace(/<uin>\d+<\/uin>/, `<uin>${r.subjects[1]}</uin>`);
    const out = correlationOnPoll.run({ exchanges: r.exchanges, context: recordedContext(r) });
    expect(out.status).toBe('FAILED');
    expect(out.evidence).toContain('x2');
  });
  it('fails asking again without naming the pending request (a second request opened)', () => {
    const r = recorded();
    // The poll loses its correlationId and the state service answers a fresh PENDING request.
    const poll = r.exchanges[1]!;
    poll.request = poll.request.replace(/<correlationId>[^<]*<\/correlationId>/, '');
    poll.response = poll.response.replace(/<requestId>[^<]*<\/requestId>/, '<requestId>another-request</requestId>');
    const out = correlationOnPoll.run({ exchanges: r.exchanges.slice(0, 2), context: recordedContext(r) });
    expect(out.status).toBe('FAILED');
  });
});
