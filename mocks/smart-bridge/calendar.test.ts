import { describe, expect, it } from 'vitest';
import { fromEpochDay, KazakhstanCalendar, toEpochDay, weekdayOf, type IsoDate } from './calendar.ts';
import { createKazakhstanCalendar } from './calendar-data.ts';
import { reviewDeadline } from './review-deadline.ts';

const calendar = createKazakhstanCalendar();

/**
 * The published calendars (five-day week), written out independently of the rules: every weekday
 * that is a day off and every weekend day that is working. Each day of the year is checked against
 * them, so a wrong rule or a wrong data entry shows up as a named date.
 */
const PUBLISHED: Record<number, { weekdaysOff: string[]; weekendsWorking: string[] }> = {
  2024: {
    weekdaysOff: [
      '01-01',
      '01-02',
      '03-08',
      '03-21',
      '03-22',
      '03-25',
      '05-01',
      '05-07',
      '05-08',
      '05-09',
      '07-08',
      '08-30',
      '10-25',
      '12-16',
    ],
    weekendsWorking: ['05-04'],
  },
  2025: {
    weekdaysOff: [
      '01-01',
      '01-02',
      '01-03',
      '01-07',
      '03-10',
      '03-21',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-09',
      '06-06',
      '07-07',
      '09-01',
      '10-27',
      '12-16',
    ],
    weekendsWorking: ['01-05'],
  },
  2026: {
    weekdaysOff: [
      '01-01',
      '01-02',
      '01-07',
      '03-09',
      '03-23',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-11',
      '05-27',
      '07-06',
      '08-31',
      '10-26',
      '12-16',
    ],
    weekendsWorking: [],
  },
};

function daysOf(year: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = toEpochDay(`${year}-01-01`); d <= toEpochDay(`${year}-12-31`); d++) out.push(fromEpochDay(d));
  return out;
}

describe('KazakhstanCalendar (R9)', () => {
  for (const [year, published] of Object.entries(PUBLISHED)) {
    it(`R9: agrees with the published ${year} calendar on every day of the year`, () => {
      const off = new Set(published.weekdaysOff.map((d) => `${year}-${d}`));
      const working = new Set(published.weekendsWorking.map((d) => `${year}-${d}`));
      const wrong: string[] = [];
      for (const date of daysOf(Number(year))) {
        const weekend = [0, 6].includes(weekdayOf(date));
        const expected = weekend ? working.has(date) : !off.has(date);
        if (calendar.isWorkingDay(date) !== expected)
          wrong.push(`${date}: expected ${expected ? 'working' : 'day off'}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('R9: counts 246 working days in 2025 and in 2026, as published; 249 in 2024 with the May transfer', () => {
    expect(calendar.summary(2025)).toMatchObject({ workingDays: 246, daysOff: 119, dataKnown: true });
    expect(calendar.summary(2026)).toMatchObject({ workingDays: 246, daysOff: 119, dataKnown: true });
    expect(calendar.summary(2024)).toMatchObject({ workingDays: 249, dataKnown: true });
  });

  it('R9: a state holiday on a weekend moves to the next working day after it', () => {
    expect(calendar.describe('2026-03-08')).toMatchObject({ working: false, kind: 'holiday' });
    expect(calendar.describe('2026-03-09')).toMatchObject({
      working: false,
      kind: 'holiday-substitute',
      name: "International Women's Day (2026-03-08)",
    });
    expect(calendar.describe('2026-05-11')).toMatchObject({
      kind: 'holiday-substitute',
      name: 'Victory Day (2026-05-09)',
    });
    expect(calendar.describe('2025-07-07')).toMatchObject({
      kind: 'holiday-substitute',
      name: 'Capital Day (2025-07-06)',
    });
  });

  it('R9: consecutive weekend holidays each take the next free working day (Nauryz 2026, 2025, 2024)', () => {
    expect(calendar.describe('2026-03-24').name).toBe('Nauryz meiramy (2026-03-21)');
    expect(calendar.describe('2026-03-25').name).toBe('Nauryz meiramy (2026-03-22)');
    expect(calendar.isWorkingDay('2026-03-26')).toBe(true);
    expect(calendar.describe('2025-03-24').name).toBe('Nauryz meiramy (2025-03-22)');
    expect(calendar.describe('2025-03-25').name).toBe('Nauryz meiramy (2025-03-23)');
    expect(calendar.describe('2024-03-25').name).toBe('Nauryz meiramy (2024-03-23)');
  });

  it('R9: Orthodox Christmas and Kurban ait are days off that never move', () => {
    expect(calendar.describe('2024-01-07')).toMatchObject({ kind: 'religious-holiday', name: 'Orthodox Christmas' });
    expect(calendar.isWorkingDay('2024-01-08')).toBe(true);
    expect(calendar.describe('2024-06-16')).toMatchObject({ kind: 'religious-holiday', name: 'Kurban ait' });
    expect(calendar.isWorkingDay('2024-06-17')).toBe(true);
    expect(calendar.describe('2025-06-06')).toMatchObject({
      working: false,
      kind: 'religious-holiday',
      name: 'Kurban ait',
    });
  });

  it('R9: a transfer makes a weekend day working and a weekday a day of rest', () => {
    expect(calendar.describe('2025-01-05')).toMatchObject({ working: true, kind: 'transferred-working' });
    expect(calendar.describe('2025-01-03')).toMatchObject({ working: false, kind: 'transferred-rest' });
  });

  it('R9: entries the data marks uncertain are flagged on the day', () => {
    expect(calendar.describe('2026-05-27').uncertain).toBe(true);
    expect(calendar.describe('2024-05-08').uncertain).toBe(true);
    expect(calendar.describe('2025-01-03').uncertain).toBeUndefined();
  });

  it('R9: a year without data applies the fixed rules only and says so', () => {
    expect(calendar.hasDataFor(2030)).toBe(false);
    expect(calendar.summary(2030).dataKnown).toBe(false);
    // 2030-03-23 is a Saturday: the weekend rule still applies.
    expect(calendar.describe('2030-03-25').kind).toBe('holiday-substitute');
  });

  it('T-SB-6: lists the special days of a year in date order', () => {
    const days = calendar.specialDays(2026).map((d) => d.date);
    expect(days).toEqual([...days].sort());
    expect(days).toContain('2026-05-27');
  });

  it('T-SB-6: refuses malformed and impossible dates', () => {
    expect(() => calendar.describe('2025-02-30')).toThrow(RangeError);
    expect(() => calendar.describe('2025-2-3')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-01', 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('working-day arithmetic (R9)', () => {
  it('R9: 10 working days from Friday 20 March 2026 skip Nauryz and its two substitutes', () => {
    expect(calendar.addWorkingDays('2026-03-20', 10)).toBe('2026-04-08');
  });

  it('R9: counts across New Year 2025 with its transfer: the working Sunday counts, the rest Friday does not', () => {
    expect(calendar.addWorkingDays('2024-12-27', 10)).toBe('2025-01-15');
    expect(calendar.addWorkingDays('2025-01-02', 1)).toBe('2025-01-05');
  });

  it('R9: a period starting on a day off has the next working day as its first', () => {
    expect(calendar.addWorkingDays('2026-03-21', 1)).toBe('2026-03-26');
    expect(calendar.addWorkingDays('2025-06-06', 1)).toBe('2025-06-09');
  });

  it('R9: for every start day of 2024–2026, ten working days later is a working day ten working days on', () => {
    for (const year of [2024, 2025, 2026]) {
      for (const start of daysOf(year)) {
        const end = calendar.addWorkingDays(start, 10);
        expect(calendar.isWorkingDay(end)).toBe(true);
        expect(calendar.workingDaysBetween(start, end)).toBe(10);
        expect(toEpochDay(end) - toEpochDay(start)).toBeLessThanOrEqual(20);
      }
    }
  });

  it('T-SB-6: uses data given in code in place of the bundled year', () => {
    const own = new KazakhstanCalendar([
      { year: 2026, transfers: [{ restDayFrom: '2026-03-28', restDayTo: '2026-03-27', confidence: 'confirmed' }] },
    ]);
    expect(own.isWorkingDay('2026-03-28')).toBe(true);
    expect(own.isWorkingDay('2026-03-27')).toBe(false);
    // No Kurban ait in this replacement data.
    expect(own.isWorkingDay('2026-05-27')).toBe(true);
  });
});

describe('reviewDeadline (R9)', () => {
  const opts = { workingDays: 10, utcOffsetMinutes: 300 };

  it('R9: ends at the last millisecond of the tenth working day, Astana time', () => {
    const d = reviewDeadline(calendar, Date.parse('2026-03-20T10:00:00+05:00'), opts);
    expect(d).toMatchObject({ submittedDate: '2026-03-20', deadlineDate: '2026-04-08', calendarComplete: true });
    expect(new Date(d.deadlineAtMs).toISOString()).toBe('2026-04-08T18:59:59.999Z');
  });

  it('R9: the local date decides the first day, not the UTC date', () => {
    expect(reviewDeadline(calendar, Date.parse('2026-03-19T18:59:59Z'), opts).deadlineDate).toBe('2026-04-07');
    expect(reviewDeadline(calendar, Date.parse('2026-03-19T19:00:00Z'), opts).deadlineDate).toBe('2026-04-08');
  });

  it('R9: reports an incomplete calendar when the period reaches a year without data', () => {
    const d = reviewDeadline(calendar, Date.parse('2026-12-25T10:00:00+05:00'), opts);
    expect(d.deadlineDate.startsWith('2027-')).toBe(true);
    expect(d.calendarComplete).toBe(false);
  });

  it('R9: the number of working days is configurable', () => {
    expect(
      reviewDeadline(calendar, Date.parse('2026-03-20T10:00:00+05:00'), { ...opts, workingDays: 1 }).deadlineDate,
    ).toBe('2026-03-26');
  });
});
