import { fromEpochDay, toEpochDay, type IsoDate, type KazakhstanCalendar } from './calendar.ts';

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

/** Kazakhstan has one time zone, UTC+5, since 1 March 2024 (before that Astana was UTC+6). */
export const KAZAKHSTAN_UTC_OFFSET_MINUTES = 300;

export function localDateOf(ms: number, utcOffsetMinutes: number): IsoDate {
  return fromEpochDay(Math.floor((ms + utcOffsetMinutes * 60_000) / MS_PER_DAY));
}

/** The first millisecond of a local date, as an instant. */
export function startOfLocalDay(date: IsoDate, utcOffsetMinutes: number): number {
  return toEpochDay(date) * MS_PER_DAY - utcOffsetMinutes * 60_000;
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
