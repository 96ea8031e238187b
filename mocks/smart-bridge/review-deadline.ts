import {
  KAZAKHSTAN_OFFSET_MINUTES,
  localDateOf as kazakhstanDateOf,
  startOfLocalDay as kazakhstanStartOfDay,
} from '../../protocol/dates.ts';
import { SmartBridgeError } from './errors.ts';
import { CALENDAR_YEARS, type IsoDate, type KazakhstanCalendar } from './calendar.ts';

/**
 * Clause 9: the authorized body decides within 10 working days. The count starts on the day after
 * submission (the general rule for periods counted in days) and the period ends at the end of its
 * last working day, local time. A submission on a day off therefore has the next working day as
 * its first day.
 */
export interface ReviewDeadline {
  /** The local calendar date of submission. */
  submittedDate: IsoDate;
  /** The last working day of the period. */
  deadlineDate: IsoDate;
  /** The last millisecond of deadlineDate in local time; the application is overdue after it. */
  deadlineAtMs: number;
  workingDays: number;
  /** False when a year the period touches has no data file: Kurban ait and transfers were not applied. */
  calendarComplete: boolean;
}

const MS_PER_DAY = 86_400_000;

/** Kazakhstan has one time zone, UTC+5, since 1 March 2024: the one module protocol/dates.ts says so. */
export const KAZAKHSTAN_UTC_OFFSET_MINUTES = KAZAKHSTAN_OFFSET_MINUTES;

export function localDateOf(ms: number, utcOffsetMinutes: number): IsoDate {
  return kazakhstanDateOf(ms, utcOffsetMinutes);
}

/** The first millisecond of a local date, as an instant. */
export function startOfLocalDay(date: IsoDate, utcOffsetMinutes: number): number {
  return kazakhstanStartOfDay(date, utcOffsetMinutes);
}

/** The most working days a period may count (the API's bound too). */
export const MAX_REVIEW_WORKING_DAYS = 250;

/**
 * The review deadline of a submission at `from`, an RFC 3339 instant as an adapter received it:
 * what GET /calendar/deadline answers. Refuses (400, field errors on `from` or `workingDays`, R9)
 * what the format lets through but no calendar can place: a leap second (23:59:60 parses to no
 * instant), or a submission whose local date is outside the calendar's years.
 */
export function reviewDeadlineAt(
  calendar: KazakhstanCalendar,
  from: string,
  options: { workingDays: number; utcOffsetMinutes: number },
): ReviewDeadline & { deadline: string } {
  const at = Date.parse(from);
  if (!Number.isFinite(at))
    refuse(
      'from',
      `${JSON.stringify(from.slice(0, 64))} is not an instant a clock can show (a leap second such as 23:59:60 is not)`,
    );
  const year = new Date(at + options.utcOffsetMinutes * 60_000).getUTCFullYear();
  if (year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) {
    refuse(
      'from',
      `the submission's local date falls in ${year}; the calendar takes ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}`,
    );
  }
  const n = options.workingDays;
  if (!Number.isInteger(n) || n < 1 || n > MAX_REVIEW_WORKING_DAYS)
    refuse('workingDays', `a whole number of working days from 1 to ${MAX_REVIEW_WORKING_DAYS}, not ${n}`);
  const d = reviewDeadline(calendar, at, options);
  return { ...d, deadline: new Date(d.deadlineAtMs).toISOString() };
}

function refuse(field: 'from' | 'workingDays', message: string): never {
  throw new SmartBridgeError('invalid-instant', 'No deadline can be computed for this request', message, {
    requirement: 'R9',
    errors: [{ field, message }],
  });
}

export function reviewDeadline(
  calendar: KazakhstanCalendar,
  submittedAtMs: number,
  options: { workingDays: number; utcOffsetMinutes: number },
): ReviewDeadline {
  const submittedDate = localDateOf(submittedAtMs, options.utcOffsetMinutes);
  const deadlineDate = calendar.addWorkingDays(submittedDate, options.workingDays);
  const deadlineAtMs = startOfLocalDay(deadlineDate, options.utcOffsetMinutes) + MS_PER_DAY - 1;
  const [from, to] = [Number(submittedDate.slice(0, 4)), Number(deadlineDate.slice(0, 4))];
  let calendarComplete = true;
  for (let y = from; y <= to; y++) if (!calendar.hasDataFor(y)) calendarComplete = false;
  return { submittedDate, deadlineDate, deadlineAtMs, workingDays: options.workingDays, calendarComplete };
}
