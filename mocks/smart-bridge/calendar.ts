/**
 * Kazakhstan's calendar of working days, for the authorized body's review deadline (clause 9, R9).
 *
 * The rules it applies (five-day week, Saturday and Sunday off):
 * - the national and state holidays of the Law "On holidays in the Republic of Kazakhstan" are days
 *   off; when one falls on a Saturday or Sunday, the next working day after it is a day off instead
 *   (Article 5 of that Law; Labour Code Article 84). Consecutive holidays on a weekend each take the
 *   next free working day: Nauryz 2026 (Sat 21, Sun 22, Mon 23 March) gives 24 and 25 March off;
 * - 7 January (Orthodox Christmas) and the first day of Kurban ait are days off but are never moved
 *   (Labour Code Article 84 paragraph 5);
 * - the yearly transfers of a day of rest (a government decree, since 2024 an order of the Minister
 *   of Labour) swap a weekend day into a working day and a weekday into a day off;
 * - Kurban ait's date and the transfers differ every year: they are data (calendar-data.ts), not code.
 *
 * Dates are ISO calendar dates (yyyy-mm-dd) with no time zone; review-deadline.ts maps instants to them.
 */

export type IsoDate = string;
export type Confidence = 'confirmed' | 'uncertain';

/** 'state' holidays move off a weekend; 'religious' days off never move. */
export interface FixedHoliday {
  month: number;
  day: number;
  name: string;
  kind: 'state' | 'religious';
}

export const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  { month: 1, day: 1, name: 'New Year', kind: 'state' },
  { month: 1, day: 2, name: 'New Year', kind: 'state' },
  { month: 1, day: 7, name: 'Orthodox Christmas', kind: 'religious' },
  { month: 3, day: 8, name: "International Women's Day", kind: 'state' },
  { month: 3, day: 21, name: 'Nauryz meiramy', kind: 'state' },
  { month: 3, day: 22, name: 'Nauryz meiramy', kind: 'state' },
  { month: 3, day: 23, name: 'Nauryz meiramy', kind: 'state' },
  { month: 5, day: 1, name: "Kazakhstan People's Unity Day", kind: 'state' },
  { month: 5, day: 7, name: 'Defender of the Fatherland Day', kind: 'state' },
  { month: 5, day: 9, name: 'Victory Day', kind: 'state' },
  { month: 7, day: 6, name: 'Capital Day', kind: 'state' },
  { month: 8, day: 30, name: 'Constitution Day', kind: 'state' },
  { month: 10, day: 25, name: 'Republic Day', kind: 'state' },
  { month: 12, day: 16, name: 'Independence Day', kind: 'state' },
];

/** One year's variable part of the calendar, as kept in calendar-data/kz-<year>.json. */
export interface CalendarYearData {
  year: number;
  /** First day of Kurban ait: set yearly on the Spiritual Administration of Muslims' advice. */
  kurbanAit?: { date: IsoDate; confidence: Confidence; source?: string };
  /** A day of rest moved from a weekend day (which becomes working) to a weekday. */
  transfers: { restDayFrom: IsoDate; restDayTo: IsoDate; act?: string; confidence: Confidence; note?: string }[];
  /** One-off days off declared for that year only. */
  extraDaysOff?: { date: IsoDate; name: string; act?: string; confidence: Confidence }[];
  notes?: string[];
}

export type DayKind =
  | 'working'
  | 'weekend'
  | 'holiday'
  | 'religious-holiday'
  | 'holiday-substitute'
  | 'transferred-rest'
  | 'transferred-working'
  | 'extra-day-off';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** The holiday it is, or the one it stands in for. */
  name?: string;
  /** Set when the day's status rests on an entry the data marks uncertain. */
  uncertain?: boolean;
}

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years the calendar answers for over the API (GET /calendar/{year}, and the local date of a
 * submission asked of /calendar/deadline): wide enough for any real application, narrow enough that
 * a period counted from its last day still has a four-digit year.
 */
export const CALENDAR_YEARS = { min: 1990, max: 2200 } as const;

/** Days since 1970-01-01; the calendar's arithmetic works on these. */
export function toEpochDay(date: IsoDate): number {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; a calendar must refuse it instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  try {
    toEpochDay(value);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return (toEpochDay(date) + 4) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: IsoDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

function dateOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export class KazakhstanCalendar {
  private readonly data = new Map<number, CalendarYearData>();
  private readonly years = new Map<number, Map<IsoDate, DayInfo>>();

  /** Later entries for the same year replace earlier ones, so a caller's file can override the bundled one. */
  constructor(data: readonly CalendarYearData[] = []) {
    for (const y of data) this.data.set(y.year, y);
  }

  /** Whether Kurban ait and the transfers of this year are known; without them only the fixed rules apply. */
  hasDataFor(year: number): boolean {
    return this.data.has(year);
  }

  yearsWithData(): number[] {
    return [...this.data.keys()].sort((a, b) => a - b);
  }

  dataFor(year: number): CalendarYearData | undefined {
    return this.data.get(year);
  }

  describe(date: IsoDate): DayInfo {
    toEpochDay(date);
    const special = this.yearMap(Number(date.slice(0, 4))).get(date);
    if (special) return special;
    return isWeekend(date) ? { date, working: false, kind: 'weekend' } : { date, working: true, kind: 'working' };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.describe(date).working;
  }

  /**
   * The n-th working day strictly after `date` (n ≥ 1): a period counted in days starts on the day
   * after the event, so a Friday submission's first working day is the next Monday.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`a count of working days must be a positive integer, got ${n}`);
    let day = toEpochDay(date);
    let left = n;
    // A year has at least ~240 working days; the guard only stops runaway data.
    for (let guard = 0; guard < n * 7 + 400; guard++) {
      day++;
      if (this.isWorkingDay(fromEpochDay(day)) && --left === 0) return fromEpochDay(day);
    }
    throw new Error(`no ${n} working days found after ${date}`);
  }

  /** Working days in (from, to]: how many the authority has used of its deadline. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const [a, b] = [toEpochDay(from), toEpochDay(to)];
    let count = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorkingDay(fromEpochDay(d))) count++;
    return count;
  }

  /** Every day of the year that is not an ordinary working weekday or an ordinary weekend day. */
  specialDays(year: number): DayInfo[] {
    return [...this.yearMap(year).values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  summary(year: number): { year: number; workingDays: number; daysOff: number; dataKnown: boolean } {
    const first = toEpochDay(dateOf(year, 1, 1));
    const last = toEpochDay(dateOf(year, 12, 31));
    let working = 0;
    for (let d = first; d <= last; d++) if (this.isWorkingDay(fromEpochDay(d))) working++;
    return { year, workingDays: working, daysOff: last - first + 1 - working, dataKnown: this.hasDataFor(year) };
  }

  private yearMap(year: number): Map<IsoDate, DayInfo> {
    let map = this.years.get(year);
    if (!map) {
      map = this.build(year);
      this.years.set(year, map);
    }
    return map;
  }

  private build(year: number): Map<IsoDate, DayInfo> {
    const map = new Map<IsoDate, DayInfo>();
    const data = this.data.get(year);
    const stateHolidays: DayInfo[] = [];

    for (const h of FIXED_HOLIDAYS) {
      const date = dateOf(year, h.month, h.day);
      const info: DayInfo = {
        date,
        working: false,
        kind: h.kind === 'state' ? 'holiday' : 'religious-holiday',
        name: h.name,
      };
      map.set(date, info);
      if (h.kind === 'state') stateHolidays.push(info);
    }
    if (data?.kurbanAit) {
      const { date, confidence } = data.kurbanAit;
      map.set(date, {
        date,
        working: false,
        kind: 'religious-holiday',
        name: 'Kurban ait',
        ...(confidence === 'uncertain' ? { uncertain: true } : {}),
      });
    }

    // Substitutes are placed in date order, each on the first weekday after its holiday that is
    // neither a holiday nor already taken by an earlier substitute.
    stateHolidays.sort((a, b) => a.date.localeCompare(b.date));
    for (const h of stateHolidays) {
      if (!isWeekend(h.date)) continue;
      let d = toEpochDay(h.date) + 1;
      while (isWeekend(fromEpochDay(d)) || map.has(fromEpochDay(d))) d++;
      const date = fromEpochDay(d);
      map.set(date, { date, working: false, kind: 'holiday-substitute', name: `${h.name} (${h.date})` });
    }

    for (const t of data?.transfers ?? []) {
      const uncertain = t.confidence === 'uncertain' ? { uncertain: true } : {};
      map.set(t.restDayFrom, {
        date: t.restDayFrom,
        working: true,
        kind: 'transferred-working',
        name: `day of rest moved to ${t.restDayTo}`,
        ...uncertain,
      });
      map.set(t.restDayTo, {
        date: t.restDayTo,
        working: false,
        kind: 'transferred-rest',
        name: `day of rest moved from ${t.restDayFrom}`,
        ...uncertain,
      });
    }
    for (const x of data?.extraDaysOff ?? []) {
      map.set(x.date, {
        date: x.date,
        working: false,
        kind: 'extra-day-off',
        name: x.name,
        ...(x.confidence === 'uncertain' ? { uncertain: true } : {}),
      });
    }
    return map;
  }
}
