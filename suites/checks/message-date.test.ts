import { describe, expect, it } from 'vitest';
import { altered, good } from '../testing/recorded.ts';
import { messageDate } from './message-date.ts';

describe('T-INIT-4 message-date', () => {
  it('passes the recorded dates (+06:00, on time)', () => {
    expect(messageDate.run(good()).status).toBe('PASSED');
  });
  it('accepts +05:00, the offset since March 2024', () => {
    expect(messageDate.run(altered(0, /T10:00:00\.000\+06:00/, 'T09:00:00.000+05:00')).status).toBe('PASSED');
  });
  it('fails UTC and a missing offset', () => {
    expect(messageDate.run(altered(0, /T10:00:00\.000\+06:00/, 'T04:00:00.000Z')).message).toContain('Kazakhstan');
    expect(messageDate.run(altered(0, /T10:00:00\.000\+06:00/, 'T10:00:00.000')).message).toContain('no offset');
  });
  it('fails a date 10 minutes off the gateway clock', () => {
    const out = messageDate.run(altered(0, /T10:00:00\.000\+06:00/, 'T10:10:00.000+06:00'));
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('600 s');
  });
});
