import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CalendarDataError,
  createKazakhstanCalendar,
  loadCalendarDir,
  BUNDLED_CALENDAR_DIR,
  parseCalendarYear,
} from './calendar-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'sb-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(raw: unknown): string[] {
  try {
    parseCalendarYear(raw);
  } catch (err) {
    if (err instanceof CalendarDataError) return err.problems;
    throw err;
  }
  return [];
}

describe('calendar data files (R9)', () => {
  it('R9: ships 2024, 2025 and 2026', () => {
    expect(loadCalendarDir(BUNDLED_CALENDAR_DIR).map((d) => d.year)).toEqual([2024, 2025, 2026]);
  });

  it('R9: a replacement directory overrides the bundled year it names', () => {
    const own = mkdtempSync(join(dir, 'own-'));
    writeFileSync(
      join(own, 'kz-2026.json'),
      JSON.stringify({ year: 2026, kurbanAit: { date: '2026-05-26', confidence: 'confirmed' }, transfers: [] }),
    );
    const cal = createKazakhstanCalendar({ dir: own });
    expect(cal.isWorkingDay('2026-05-26')).toBe(false);
    expect(cal.isWorkingDay('2026-05-27')).toBe(true);
    // Other years keep the bundled data.
    expect(cal.isWorkingDay('2025-01-03')).toBe(false);
  });

  it('R9: a single file can be given, and without bundled data only the files count', () => {
    const file = join(dir, 'kz-2027.json');
    writeFileSync(file, JSON.stringify({ year: 2027, transfers: [], notes: ['test'] }));
    const cal = createKazakhstanCalendar({ bundled: false, files: [file] });
    expect(cal.yearsWithData()).toEqual([2027]);
  });

  it('T-SB-6: refuses a file whose name and year disagree', () => {
    const file = join(dir, 'kz-2028.json');
    writeFileSync(file, JSON.stringify({ year: 2029, transfers: [] }));
    expect(() => createKazakhstanCalendar({ bundled: false, files: [file] })).toThrow(/named for 2028/);
  });

  it('T-SB-6: refuses unreadable JSON with the file named', () => {
    const file = join(dir, 'kz-2031.json');
    writeFileSync(file, '{ not json');
    expect(() => createKazakhstanCalendar({ bundled: false, files: [file] })).toThrow(CalendarDataError);
  });

  it('T-SB-6: refuses unknown keys, so that a typo is not silently ignored', () => {
    expect(problemsOf({ year: 2026, transfer: [] })).toEqual(['unknown key "transfer"']);
  });

  it('T-SB-6: refuses a transfer that does not move a weekend day to a weekday', () => {
    const problems = problemsOf({
      year: 2026,
      transfers: [{ restDayFrom: '2026-03-27', restDayTo: '2026-03-28', confidence: 'confirmed' }],
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/Saturday or Sunday/);
    expect(problems[1]).toMatch(/weekday/);
  });

  it('T-SB-6: refuses dates outside the year, impossible dates and a missing confidence', () => {
    expect(problemsOf({ year: 2026, kurbanAit: { date: '2027-05-17', confidence: 'confirmed' } })).toEqual([
      'kurbanAit.date (2027-05-17) is not in 2026',
    ]);
    expect(
      problemsOf({ year: 2026, extraDaysOff: [{ date: '2026-02-30', name: 'x', confidence: 'confirmed' }] }),
    ).toEqual(['extraDaysOff[0].date must be a date yyyy-mm-dd']);
    expect(problemsOf({ year: 2026, kurbanAit: { date: '2026-05-27' } })).toEqual([
      'kurbanAit.confidence must be "confirmed" or "uncertain"',
    ]);
  });

  it('T-SB-6: refuses a missing or absurd year and non-object data', () => {
    expect(problemsOf({ transfers: [] })[0]).toMatch(/"year"/);
    expect(problemsOf([])).toEqual(['the file must hold a JSON object']);
    expect(problemsOf({ year: 2026, notes: [1] })).toEqual(['notes must be an array of strings']);
  });
});
