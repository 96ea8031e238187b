/**
 * Every date the wire carries, and Kazakhstan time, in one place: calendar dates (IIN birth dates,
 * KDP_PERSONALDATA ranges), xs:dateTime as the SyncChannel schema types messageDate, the stricter
 * shape SHEP itself writes and its writer, and the local day of an instant (the state service's
 * history and Smart Bridge's calendar both ask it here, so one instant falls on one day).
 *
 * Kazakhstan has kept one zone, UTC+5, since 1 March 2024 (a 2025 public sample writes +05:00);
 * code written before then writes +06:00, which the profile keeps as an option
 * (`utcOffsetMinutes: 360`). The offset stays a parameter everywhere.
 */

/** Kazakhstan's offset since 1 March 2024, in minutes east of UTC: the profile's default. */
export const KAZAKHSTAN_OFFSET_MINUTES = 5 * 60;

/** The offsets the profile accepts: today's, and Astana's before 1 March 2024. */
export const KAZAKHSTAN_OFFSETS_MINUTES = [300, 360] as const;

/** Minutes east of UTC that SHEP dates are written in unless a caller says otherwise. */
export const DEFAULT_SHEP_OFFSET_MINUTES = KAZAKHSTAN_OFFSET_MINUTES;

const MS_PER_DAY = 86_400_000;

/** The local calendar date (yyyy-mm-dd) of an instant at the given offset. */
export function localDateOf(ms: number, offsetMinutes = KAZAKHSTAN_OFFSET_MINUTES): string {
  return new Date(Math.floor((ms + offsetMinutes * 60_000) / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The first millisecond of a local calendar date (yyyy-mm-dd), as an instant. */
export function startOfLocalDay(date: string, offsetMinutes = KAZAKHSTAN_OFFSET_MINUTES): number {
  return Date.parse(`${date}T00:00:00.000Z`) - offsetMinutes * 60_000;
}

/** Proleptic Gregorian rules: 1900 is not a leap year and 2000 is, which IIN dates depend on. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export interface IsoDateParts {
  year: number;
  month: number;
  day: number;
}

/** Parses a strict yyyy-mm-dd calendar date; null for anything else, including 2001-02-29. */
export function parseIsoDate(s: string): IsoDateParts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDate(year, month, day) ? { year, month, day } : null;
}

export function formatIsoDate({ year, month, day }: IsoDateParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ±hh:mm for an offset in minutes. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm, the shape SHEP writes messageDate, responseDate and errorDate in.
 * Throws a RangeError for an instant a Date cannot hold.
 */
export function formatShepDate(ms: number, offsetMinutes = DEFAULT_SHEP_OFFSET_MINUTES): string {
  const shifted = new Date(ms + offsetMinutes * 60_000);
  return shifted.toISOString().replace('Z', formatOffset(offsetMinutes));
}

const XSD_DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;
const STRICT_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Lexical and calendar validity of an xs:dateTime (no leap second, no 24:00:00). */
export function isXsdDateTime(value: string): boolean {
  const m = XSD_DATE_TIME.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  if (day > daysInMonth(Math.abs(year), month) || hh > 23 || mm > 59 || ss > 59) return false;
  if (m[9] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (om > 59 || oh * 60 + om > 14 * 60) return false;
  }
  return true;
}

/** Exactly the shape formatShepDate writes (milliseconds and an offset), and a valid xs:dateTime. */
export function isStrictShepDate(value: string): boolean {
  return STRICT_DATE_TIME.test(value) && isXsdDateTime(value);
}

export type DayEdge = 'start' | 'end';

export type RangeBound = { ok: true; ms: number } | { ok: false; reason: 'not-a-calendar-day' | 'not-a-date' };

/**
 * A bound of a date range as KDP_PERSONALDATA takes it: a calendar day in the given offset (its
 * first or last millisecond, so that a range of days is inclusive), or an xs:dateTime with a zone.
 */
export function parseRangeBound(raw: string, edge: DayEdge, offsetMinutes = DEFAULT_SHEP_OFFSET_MINUTES): RangeBound {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (d) {
    const offsetMs = offsetMinutes * 60_000;
    const dayStart = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) - offsetMs;
    // Date.UTC rolls 02-30 over into March (and years below 100 into the 1900s): a day that does
    // not come back unchanged does not exist.
    if (new Date(dayStart + offsetMs).toISOString().slice(0, 10) !== raw)
      return { ok: false, reason: 'not-a-calendar-day' };
    return { ok: true, ms: edge === 'start' ? dayStart : dayStart + 86_400_000 - 1 };
  }
  const ms = ZONED_DATE_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(ms) ? { ok: false, reason: 'not-a-date' } : { ok: true, ms };
}
