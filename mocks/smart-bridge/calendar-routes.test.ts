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
    expect(year.specialDays).toContainEqual({
      date: '2026-05-27',
      working: false,
      kind: 'religious-holiday',
      name: 'Kurban ait',
      uncertain: true,
    });
    expect((await env.call('GET', '/calendar/2031', env.bankKey)).json().dataKnown).toBe(false);
  });

  it('R9: computes the review deadline for a submission instant', async () => {
    const res = await env.call('GET', '/calendar/deadline?from=2026-03-20T05:00:00Z', env.bankKey);
    expect(res.json()).toEqual({
      submittedDate: '2026-03-20',
      deadlineDate: '2026-04-08',
      deadline: '2026-04-08T18:59:59.999Z',
      workingDays: 10,
      calendarComplete: true,
    });
    expect(
      (await env.call('GET', '/calendar/deadline?from=2026-03-20T05:00:00Z&workingDays=1', env.bankKey)).json()
        .deadlineDate,
    ).toBe('2026-03-26');
    expect((await env.call('GET', '/calendar/deadline?from=yesterday', env.bankKey)).statusCode).toBe(400);
  });

  it.each([
    ['a leap second, which the format allows and no clock can place', '2016-12-31T23:59:60Z'],
    ['an instant whose deadline lies past any calendar year', '9999-12-31T23:59:59Z'],
    ['an instant before the calendar (local date in 1989)', '1989-12-31T18:00:00Z'],
    ['an instant after the calendar (local date in 2201)', '2200-12-31T19:00:00Z'],
  ])('R9 T-SB-3: refuses %s with a field error, never a 500', async (_, from) => {
    const res = await env.call('GET', `/calendar/deadline?from=${encodeURIComponent(from)}`, env.bankKey);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 400,
      requirement: 'R9',
      errors: [{ field: 'querystring/from', message: expect.any(String) }],
    });
  });

  it("R9: takes the first and the last instant of the calendar's range", async () => {
    expect((await env.call('GET', '/calendar/deadline?from=1989-12-31T19:00:00Z', env.bankKey)).json()).toMatchObject({
      submittedDate: '1990-01-01',
    });
    expect((await env.call('GET', '/calendar/deadline?from=2200-12-31T18:59:59Z', env.bankKey)).json()).toMatchObject({
      submittedDate: '2200-12-31',
      calendarComplete: false,
    });
  });

  it('R9: the core computes the deadline and names the field it refuses, for any adapter', () => {
    expect(env.bridge.reviewDeadline('2026-03-20T05:00:00Z')).toEqual({
      submittedDate: '2026-03-20',
      deadlineDate: '2026-04-08',
      deadlineAtMs: Date.parse('2026-04-08T18:59:59.999Z'),
      deadline: '2026-04-08T18:59:59.999Z',
      workingDays: 10,
      calendarComplete: true,
    });
    expect(() => env.bridge.reviewDeadline('2016-12-31T23:59:60Z')).toThrow(
      expect.objectContaining({
        code: 'invalid-instant',
        extra: expect.objectContaining({ errors: [expect.objectContaining({ field: 'from' })] }),
      }),
    );
    expect(() => env.bridge.reviewDeadline('2026-03-20T05:00:00Z', 0)).toThrow(
      expect.objectContaining({
        code: 'invalid-instant',
        extra: expect.objectContaining({ errors: [expect.objectContaining({ field: 'workingDays' })] }),
      }),
    );
  });
});
