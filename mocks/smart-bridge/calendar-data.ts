import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIsoDate, isWeekend, KazakhstanCalendar, type CalendarYearData, type Confidence } from './calendar.ts';

/**
 * The variable part of the calendar — Kurban ait and the yearly transfers — lives in one JSON file
 * per year (calendar-data/kz-<year>.json), so that a new government order is a data change that an
 * operator can make without a release: point `dir` or `files` at replacement files.
 */
export const BUNDLED_CALENDAR_DIR = fileURLToPath(new URL('./calendar-data/', import.meta.url));

const FILE = /^kz-(\d{4})\.json$/;
const TOP_KEYS = new Set(['$comment', 'year', 'kurbanAit', 'transfers', 'extraDaysOff', 'notes']);
const CONFIDENCE: readonly Confidence[] = ['confirmed', 'uncertain'];

export class CalendarDataError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`calendar data ${source} is invalid: ${problems.join('; ')}`);
  }
}

/** Checks one year's data; a typo in a key or a transfer onto a weekend is refused, not ignored. */
export function parseCalendarYear(raw: unknown, source = 'data'): CalendarYearData {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new CalendarDataError(source, ['the file must hold a JSON object']);
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) problems.push(`unknown key "${key}"`);

  const year = raw.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2200) {
    throw new CalendarDataError(source, [...problems, '"year" must be an integer between 1990 and 2200']);
  }
  const inYear = (v: unknown, where: string): v is string => {
    if (typeof v !== 'string' || !isIsoDate(v)) {
      problems.push(`${where} must be a date yyyy-mm-dd`);
      return false;
    }
    if (!v.startsWith(`${year}-`)) {
      problems.push(`${where} (${v}) is not in ${year}`);
      return false;
    }
    return true;
  };
  const confidence = (v: unknown, where: string): void => {
    if (!CONFIDENCE.includes(v as Confidence)) problems.push(`${where}.confidence must be "confirmed" or "uncertain"`);
  };
  const optionalString = (v: unknown, where: string): void => {
    if (v !== undefined && typeof v !== 'string') problems.push(`${where} must be a string`);
  };

  if (raw.kurbanAit !== undefined) {
    if (!isRecord(raw.kurbanAit)) problems.push('kurbanAit must be an object');
    else {
      inYear(raw.kurbanAit.date, 'kurbanAit.date');
      confidence(raw.kurbanAit.confidence, 'kurbanAit');
      optionalString(raw.kurbanAit.source, 'kurbanAit.source');
    }
  }

  const transfers = raw.transfers ?? [];
  if (!Array.isArray(transfers)) problems.push('transfers must be an array');
  else {
    transfers.forEach((t: unknown, i) => {
      const where = `transfers[${i}]`;
      if (!isRecord(t)) return void problems.push(`${where} must be an object`);
      if (inYear(t.restDayFrom, `${where}.restDayFrom`) && !isWeekend(t.restDayFrom)) {
        problems.push(
          `${where}.restDayFrom (${t.restDayFrom}) must be a Saturday or Sunday: it is the day of rest that becomes working`,
        );
      }
      if (inYear(t.restDayTo, `${where}.restDayTo`) && isWeekend(t.restDayTo)) {
        problems.push(
          `${where}.restDayTo (${t.restDayTo}) must be a weekday: it is the working day that becomes a day of rest`,
        );
      }
      confidence(t.confidence, where);
      optionalString(t.act, `${where}.act`);
      optionalString(t.note, `${where}.note`);
    });
  }

  const extra = raw.extraDaysOff ?? [];
  if (!Array.isArray(extra)) problems.push('extraDaysOff must be an array');
  else {
    extra.forEach((x: unknown, i) => {
      const where = `extraDaysOff[${i}]`;
      if (!isRecord(x)) return void problems.push(`${where} must be an object`);
      inYear(x.date, `${where}.date`);
      if (typeof x.name !== 'string' || x.name.length === 0) problems.push(`${where}.name must be a non-empty string`);
      confidence(x.confidence, where);
      optionalString(x.act, `${where}.act`);
    });
  }

  if (raw.notes !== undefined && (!Array.isArray(raw.notes) || raw.notes.some((n) => typeof n !== 'string'))) {
    problems.push('notes must be an array of strings');
  }
  if (problems.length > 0) throw new CalendarDataError(source, problems);
  return raw as unknown as CalendarYearData;
}

export function loadCalendarFile(path: string): CalendarYearData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CalendarDataError(path, [`unreadable: ${(err as Error).message}`]);
  }
  const data = parseCalendarYear(raw, path);
  const named = FILE.exec(path.split(/[\\/]/).pop() ?? '');
  if (named && Number(named[1]) !== data.year)
    throw new CalendarDataError(path, [`the file is named for ${named[1]} but holds ${data.year}`]);
  return data;
}

/** Every kz-<year>.json in the directory, in year order. */
export function loadCalendarDir(dir: string): CalendarYearData[] {
  return readdirSync(dir)
    .filter((name) => FILE.test(name))
    .sort()
    .map((name) => loadCalendarFile(join(dir, name)));
}

export interface CalendarSource {
  /** Use the files shipped in calendar-data/ (default true). */
  bundled?: boolean;
  /** A directory of kz-<year>.json files that replace the bundled years they name. */
  dir?: string;
  /** Single files, applied after `dir`. */
  files?: string[];
  /** Data given in code, applied last. */
  data?: CalendarYearData[];
}

/** The calendar from the bundled data, overridden year by year by whatever the caller supplies. */
export function createKazakhstanCalendar(source: CalendarSource = {}): KazakhstanCalendar {
  const years: CalendarYearData[] = [];
  if (source.bundled !== false) years.push(...loadCalendarDir(BUNDLED_CALENDAR_DIR));
  if (source.dir) years.push(...loadCalendarDir(source.dir));
  for (const f of source.files ?? []) years.push(loadCalendarFile(f));
  for (const d of source.data ?? []) years.push(parseCalendarYear(d, `data for ${d.year}`));
  return new KazakhstanCalendar(years);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
