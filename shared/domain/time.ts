/**
 * Time as the contract counts it: years, days and deadlines in Asia/Shanghai.
 * China has kept UTC+8 without daylight saving since 1991, so the zone is a fixed offset here;
 * pure arithmetic keeps the fold free of Intl and of the process time zone.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A calendar day in Asia/Shanghai, as days since 1970-01-01. */
export type DayNumber = number;

export interface Instant {
  /** Milliseconds since the epoch (UTC). */
  readonly ms: number;
  /** The Asia/Shanghai calendar day it falls on. */
  readonly day: DayNumber;
  /** A bare date (`2021-01-01`): the whole day, with `ms` at its start. */
  readonly dateOnly: boolean;
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Earliest and latest years the contract accepts: before the 条例 (2008) nothing is reported. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

/**
 * Parses `occurredAt`: an ISO 8601 date-time with an offset, or a date (that day in Asia/Shanghai, at 00:00).
 * Returns undefined for anything else, including impossible dates such as 2019-02-30.
 */
export function parseOccurredAt(text: string): Instant | undefined {
  // Validation and the fold parse the same string one after the other: remember the last answer.
  if (text === lastText) return lastInstant;
  lastInstant = parseUncached(text);
  lastText = text;
  return lastInstant;
}

let lastText: string | undefined;
let lastInstant: Instant | undefined;

function parseUncached(text: string): Instant | undefined {
  const fields = commonShapeFields(text) ?? patternFields(text);
  return fields === undefined ? undefined : instantOf(fields);
}

/** The parts of an `occurredAt`; `hour` is undefined for a bare date. */
interface Fields {
  readonly year: number;
  readonly month: number;
  readonly dayOfMonth: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  /** Milliseconds of the fraction. */
  readonly fraction?: number;
  /** `Z`, `+08:00`, `-0500`… */
  readonly zone?: string;
}

/** The parts by the contract's pattern: every form it allows. */
export function patternFields(text: string): Fields | undefined {
  const m = ISO_PATTERN.exec(text);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), dayOfMonth: Number(m[3]) };
  if (m[4] === undefined) return date;
  return {
    ...date,
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    fraction: m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000,
    zone: m[8] as string,
  };
}

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The three forms nearly every producer sends — `2019-03-04`, `2019-03-04T10:15:00Z` and
 * `2019-03-04T10:15:00+08:00` — read digit by digit (the pattern costs more than the rest of the fold's
 * work per event); anything else answers undefined and goes to the pattern. Same parts as the pattern.
 */
function commonShapeFields(text: string): Fields | undefined {
  const length = text.length;
  if (length !== 10 && length !== 20 && length !== 25) return undefined;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const dayOfMonth = twoDigits(text, 8);
  if (century < 0 || yy < 0 || month < 0 || dayOfMonth < 0) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined; // '-'
  const year = century * 100 + yy;
  if (length === 10) return { year, month, dayOfMonth };
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return undefined; // T : :
  const sign = text.charCodeAt(19);
  if (length === 20) {
    if (sign !== 90) return undefined; // 'Z'
  } else if (
    (sign !== 43 && sign !== 45) || // '+' '-'
    twoDigits(text, 20) < 0 ||
    text.charCodeAt(22) !== 58 ||
    twoDigits(text, 23) < 0
  ) {
    return undefined;
  }
  return { year, month, dayOfMonth, hour, minute, second, fraction: 0, zone: text.slice(19) };
}

function instantOf(f: Fields): Instant | undefined {
  const { year, month, dayOfMonth } = f;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || dayOfMonth < 1) return undefined;
  if (dayOfMonth > daysInMonth(year, month)) return undefined;
  const dateDay = civilDay(year, month, dayOfMonth);
  if (f.hour === undefined)
    return { ms: dateDay * DAY_MS - SHANGHAI_OFFSET_MS, day: dateDay, dateOnly: true };
  const { hour, minute = 0, second = 0, fraction = 0, zone = 'Z' } = f;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMs = 0;
  if (zone !== 'Z') {
    // `+08:00` or `+0800` (the pattern allows no other form).
    const offsetHours = twoDigits(zone, 1);
    const offsetMinutes = twoDigits(zone, zone.charCodeAt(3) === 58 ? 4 : 3);
    if (offsetHours > 14 || offsetMinutes > 59) return undefined;
    offsetMs = (zone.charCodeAt(0) === 45 ? -1 : 1) * (offsetHours * 3_600_000 + offsetMinutes * 60_000);
  }
  const ms = dateDay * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + fraction - offsetMs;
  return { ms, day: Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS), dateOnly: false };
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), the same as
 * `Date.UTC(…) / DAY_MS` without building a Date: years MIN_YEAR–MAX_YEAR only, so no negative eras.
 */
function civilDay(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The parts as the fast reader finds them (undefined: it leaves the text to the pattern). For tests. */
export const commonShapeFieldsForTest = commonShapeFields;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
}

/** First day of each year MIN_YEAR..MAX_YEAR+1, so the hot path looks years up instead of building Dates. */
const YEAR_STARTS: readonly number[] = Array.from(
  { length: MAX_YEAR - MIN_YEAR + 2 },
  (_, i) => Date.UTC(MIN_YEAR + i, 0, 1) / DAY_MS,
);

/** The Asia/Shanghai year of a day number. */
export function yearOfDay(day: DayNumber): number {
  const guess = Math.floor(day / 365.2425) + 1970 - MIN_YEAR;
  if (guess >= 0 && guess + 1 < YEAR_STARTS.length) {
    if (day < (YEAR_STARTS[guess] as number)) return MIN_YEAR + guess - 1;
    if (day >= (YEAR_STARTS[guess + 1] as number)) return MIN_YEAR + guess + 1;
    return MIN_YEAR + guess;
  }
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** The instant (ms) at which a day begins in Asia/Shanghai. */
export function dayStartMs(day: DayNumber): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The instant (ms) at which a year begins in Asia/Shanghai. */
export function yearStartMs(year: number): number {
  return Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a `YYYY-MM-DD` date (no validation beyond Date's). */
export function dayOf(date: string): DayNumber {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** First and last day of a year in Asia/Shanghai. */
export function yearBounds(year: number): { first: DayNumber; last: DayNumber } {
  return { first: Date.UTC(year, 0, 1) / DAY_MS, last: Date.UTC(year, 11, 31) / DAY_MS };
}
