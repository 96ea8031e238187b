import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setup, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

describe('the calendar over HTTP (R9)', () => {
  it('R9: shows a year with its special days and whether its data are known', async () => {
    const res = await env.call('GET', '/calendar/2026', env.bankKey);
    expect(res.statusCode).toBe(200);
    const year = res.json();
    expect(year).toMatchObject({ year: 2026, dataKnown: true, workingDays: 246, daysOff: 119 });
    expect(year.specialDays).toContainEqual({ date: '2026-05-27', working: false, kind: 'religious-holiday', name: 'Kurban ait', uncertain: true });
    expect((await env.call('GET', '/calendar/2031', env.bankKey)).json().dataKnown).toBe(false);
  });

  it('R9: computes the review deadline for a submission instant', async () => {
    const res = await env.call('GET', '/calendar/deadline?from=2026-03-20T05:00:00Z', env.bankKey);
    expect(res.json()).toEqual({ submittedDate: '2026-03-20', deadlineDate: '2026-04-08', deadline: '2026-04-08T18:59:59.999Z', workingDays: 10, calendarComplete: true });
    expect((await env.call('GET', '/calendar/deadline?from=2026-03-20T05:00:00Z&workingDays=1', env.bankKey)).json().deadlineDate).toBe('2026-03-26');
    expect((await env.call('GET', '/calendar/deadline?from=yesterday', env.bankKey)).statusCode).toBe(400);
  });
});
