import { describe, expect, it } from 'vitest';
import {
  formatOffset,
  formatShepDate,
  isStrictShepDate,
  isXsdDateTime,
  parseIsoDate,
  localDateOf,
  parseRangeBound,
  startOfLocalDay,
} from './dates.ts';

describe('formatShepDate', () => {
  it('writes Kazakhstan time (UTC+5 since 1 March 2024) with milliseconds and +05:00 by default', () => {
    expect(formatShepDate(Date.UTC(2026, 0, 31, 20, 5, 6, 7))).toBe('2026-02-01T01:05:06.007+05:00');
    expect(formatShepDate(Date.UTC(2026, 0, 31, 20, 5, 6, 7), 360)).toBe('2026-02-01T02:05:06.007+06:00');
  });

  it('takes the offset as a parameter: +05:00, the zone since 1 March 2024, and UTC', () => {
    const ms = Date.UTC(2026, 0, 31, 20, 5, 6, 7);
    expect(formatShepDate(ms, 5 * 60)).toBe('2026-02-01T01:05:06.007+05:00');
    expect(formatShepDate(ms, 0)).toBe('2026-01-31T20:05:06.007+00:00');
    expect(formatOffset(-90)).toBe('-01:30');
  });

  it('writes what its own strict validator accepts, and the instant reads back', () => {
    for (const offset of [0, 300, 360, -600]) {
      const text = formatShepDate(1_700_000_000_123, offset);
      expect(isStrictShepDate(text)).toBe(true);
      expect(Date.parse(text)).toBe(1_700_000_000_123);
    }
  });

  it('throws for an instant a Date cannot hold', () => {
    expect(() => formatShepDate(9e15)).toThrow(RangeError);
  });
});

describe('the date validators', () => {
  it.each([
    ['2026-02-01T02:05:06.007+06:00', true, true],
    ['2026-02-01T02:05:06+05:00', true, false],
    ['2026-02-01T02:05:06Z', true, false],
    ['2026-02-01T02:05:06', true, false],
    ['2024-02-29T00:00:00.000+05:00', true, true],
    ['2023-02-29T00:00:00.000+05:00', false, false],
    ['2026-02-01T24:00:00.000+06:00', false, false],
    ['2026-02-01T23:59:60.000+06:00', false, false],
    ['2026-02-01T02:05:06.007+15:00', false, false],
    ['0000-01-01T00:00:00Z', false, false],
    ['2026-02-01 02:05:06', false, false],
  ])('%s: xs:dateTime %s, SHEP strict %s', (text, xsd, strict) => {
    expect(isXsdDateTime(text)).toBe(xsd);
    expect(isStrictShepDate(text)).toBe(strict);
  });

  it('parses calendar dates strictly', () => {
    expect(parseIsoDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parseIsoDate('1900-02-29')).toBeNull();
    expect(parseIsoDate('2001-13-01')).toBeNull();
  });
});

describe('parseRangeBound (KDP_PERSONALDATA start_date, end_date)', () => {
  it('takes a whole day in the offset: from its first to its last millisecond', () => {
    expect(parseRangeBound('2026-03-01', 'start')).toEqual({ ok: true, ms: Date.UTC(2026, 1, 28, 19) });
    expect(parseRangeBound('2026-03-01', 'end')).toEqual({ ok: true, ms: Date.UTC(2026, 2, 1, 19) - 1 });
    expect(parseRangeBound('2026-03-01', 'start', 6 * 60)).toEqual({ ok: true, ms: Date.UTC(2026, 1, 28, 18) });
  });

  it('takes an xs:dateTime with a zone as the instant it names', () => {
    expect(parseRangeBound('2026-03-01T10:00:00+05:00', 'start')).toEqual({ ok: true, ms: Date.UTC(2026, 2, 1, 5) });
  });

  it('refuses a day that does not exist apart from text that is not a date', () => {
    expect(parseRangeBound('2026-02-30', 'start')).toEqual({ ok: false, reason: 'not-a-calendar-day' });
    expect(parseRangeBound('2026-03-01T10:00:00', 'start')).toEqual({ ok: false, reason: 'not-a-date' });
    expect(parseRangeBound('yesterday', 'end')).toEqual({ ok: false, reason: 'not-a-date' });
  });
});

describe('Kazakhstan time: one local day for every module', () => {
  it('gives the local day of an instant and its first millisecond, +05:00 by default', () => {
    // 19:30 UTC is 00:30 the next day in Kazakhstan (UTC+5), still the same day in UTC.
    const at = Date.UTC(2026, 2, 1, 19, 30);
    expect(localDateOf(at)).toBe('2026-03-02');
    expect(localDateOf(Date.UTC(2026, 2, 1, 18, 30))).toBe('2026-03-01');
    expect(localDateOf(Date.UTC(2026, 2, 1, 18, 30), 360)).toBe('2026-03-02');
    expect(startOfLocalDay('2026-03-02')).toBe(Date.UTC(2026, 2, 1, 19));
    expect(startOfLocalDay(localDateOf(at))).toBeLessThanOrEqual(at);
  });
});
