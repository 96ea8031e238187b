import { describe, expect, it } from 'vitest';
import { altered, good } from '../testing/recorded.ts';
import { messageDate } from './message-date.ts';

const AT = /T10:00:00\.000\+06:00/;
/** The recorded first exchange alone with its messageDate replaced, judged under the profile's offset. */
const judge = (to: string, utcOffsetMinutes = 360) => {
  const input = altered(0, AT, to);
  return messageDate.run({ exchanges: [input.x], context: { ...input.context, utcOffsetMinutes } });
};

describe('T-INIT-4 message-date', () => {
  it('passes the recorded dates (+06:00, on time) under the profile that writes +06:00', () => {
    expect(messageDate.run(good()).status).toBe('PASSED');
  });
  it('passes +05:00 with milliseconds under the default profile (+05:00)', () => {
    expect(judge('T09:00:00.000+05:00', 300).status).toBe('PASSED');
  });
  it('fails +06:00 written on a UTC+6 clock (the same instant) when the profile expects +05:00', () => {
    const input = good();
    const out = messageDate.run({ ...input, context: { ...input.context, utcOffsetMinutes: 300 } });
    expect(out.status).toBe('FAILED');
    expect(out.evidence).toHaveLength(input.exchanges.length);
    expect(out.message).toContain('is in +06:00, not Kazakhstan time as the profile writes it (+05:00)');
  });
  it('fails +05:00 when the profile chose +06:00', () => {
    expect(judge('T09:00:00.000+05:00', 360).message).toContain('(+06:00)');
  });
  it('fails a date without milliseconds, and with six fraction digits', () => {
    for (const d of ['T09:00:00+05:00', 'T09:00:00.000000+05:00']) {
      const out = judge(d, 300);
      expect(out.status).toBe('FAILED');
      expect(out.message).toContain("not in the form yyyy-MM-dd'T'HH:mm:ss.SSS±HH:MM");
    }
  });
  it('fails UTC and a missing offset', () => {
    expect(judge('T04:00:00.000Z').message).toContain('Kazakhstan');
    expect(judge('T10:00:00.000').message).toContain('no offset');
  });
  it('fails a date 10 minutes off the gateway clock', () => {
    const out = judge('T10:10:00.000+06:00');
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('600 s');
  });
});
