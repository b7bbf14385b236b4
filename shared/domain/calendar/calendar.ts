/**
 * China's official working-day calendar (工作日), as data: the State Council's yearly holiday notices
 * (国务院办公厅关于某年部分节假日安排的通知) list the days off (放假) and the weekend days worked instead (调休上班).
 * A day is a working day if a notice makes it one (调休上班), else not if a notice gives it off, else Mon–Fri.
 *
 * PURE: every function takes the calendar as a value, so recomputing with a newer calendar (a new year's
 * notice, a correction) re-dates whatever depends on it. Days outside the covered years still get an
 * answer — Mon–Fri — and `isCovered` / `isRangeCovered` tell the caller the answer is a guess.
 */
import { type DayNumber, dayOf, formatDay, yearOfDay } from '../time.ts';

/** One line of a notice: a festival's days off (one closed span) and its 调休 working weekend days. */
export interface HolidayArrangement {
  /** As the notice names it: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 (or 国庆节、中秋节 when merged). */
  readonly name: string;
  /** First and last day off, `YYYY-MM-DD`, inclusive (放假调休 … 至 …). */
  readonly off: readonly [first: string, last: string];
  /** Saturdays or Sundays worked instead (…上班); empty when the notice has none. */
  readonly work: readonly string[];
  /** Where a later notice changed this line: what it says and which notice. */
  readonly amendedBy?: string;
  /** The notice's own sentence for this line (and a later notice's, where one changed it), for an auditor. */
  readonly notice?: readonly string[];
  /** What the sentence leaves to reading, said once (e.g. a day only encouraged as leave). */
  readonly note?: string;
}

/** A year's notice: where the data comes from, and its arrangements as finally in force. */
export interface HolidayNotice {
  /** The year the notice arranges; the calendar counts it as covered. */
  readonly year: number;
  /** 国务院办公厅关于YYYY年部分节假日安排的通知. */
  readonly title: string;
  /** 发文字号, e.g. 国办发明电〔2023〕7号. */
  readonly number: string;
  /** Date signed (成文日期), `YYYY-MM-DD`. */
  readonly issued: string;
  /** What to know about the notice as a whole (a later change, a revised 放假办法). */
  readonly note?: string;
  /** Later notices that changed this year's arrangement (title and number), if any. */
  readonly amendments?: readonly {
    readonly title: string;
    readonly number: string;
    readonly issued: string;
  }[];
  readonly arrangements: readonly HolidayArrangement[];
}

/** The calendar the functions below take: built once from notices by `buildCalendar`. */
export interface WorkingCalendar {
  /** Changes whenever a day's status or the covered years change (a hash of exactly that). */
  readonly version: string;
  /** Years with a notice: inside them the answer is official, outside it is Mon–Fri. */
  readonly coveredYears: ReadonlySet<number>;
  /** Days off by a notice (weekend days inside a holiday span included). */
  readonly holidays: ReadonlySet<DayNumber>;
  /** Weekend days worked by a notice (调休上班). */
  readonly makeupWorkdays: ReadonlySet<DayNumber>;
  /** Sorted days where the calendar differs from Mon–Fri, and the running sum of those differences. */
  readonly adjustmentDays: readonly DayNumber[];
  readonly adjustmentPrefix: readonly number[];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of the week, 0 = Sunday … 6 = Saturday (day 0, 1970-01-01, was a Thursday). */
export function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: DayNumber): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

function parseDate(text: string, where: string): DayNumber {
  const m = DATE_PATTERN.exec(text);
  const day = m ? dayOf(text) : Number.NaN;
  if (!m || !Number.isInteger(day) || formatDay(day) !== text) {
    throw new Error(`${where}: "${text}" is not a real YYYY-MM-DD date`);
  }
  return day;
}

/**
 * Builds a calendar from notices, checking them: real dates, spans in order, 调休 days on weekends only,
 * no day both off and worked, dates within the notice's year (or the December before: 元旦 spans start
 * there), one notice per year. Throws on any violation — bad data must not count a deadline.
 */
export function buildCalendar(notices: readonly HolidayNotice[]): WorkingCalendar {
  const coveredYears = new Set<number>();
  const holidays = new Set<DayNumber>();
  const makeupWorkdays = new Set<DayNumber>();
  for (const notice of notices) {
    const where = `holiday notice ${notice.year} (${notice.number})`;
    if (!Number.isInteger(notice.year)) throw new Error(`${where}: year must be a whole number`);
    if (coveredYears.has(notice.year)) throw new Error(`${where}: a second notice for the same year`);
    coveredYears.add(notice.year);
    const inRange = (day: DayNumber, text: string, what: string) => {
      const year = yearOfDay(day);
      const december = text.slice(5, 7) === '12';
      if (year !== notice.year && !(year === notice.year - 1 && december)) {
        throw new Error(`${where}, ${what}: ${text} is outside ${notice.year} (and the December before)`);
      }
    };
    for (const a of notice.arrangements) {
      const at = `${where}, ${a.name}`;
      const first = parseDate(a.off[0], at);
      const last = parseDate(a.off[1], at);
      if (last < first) throw new Error(`${at}: the span ends before it starts`);
      if (last - first > 15) throw new Error(`${at}: a span of ${last - first + 1} days is not a holiday`);
      inRange(first, a.off[0], a.name);
      inRange(last, a.off[1], a.name);
      for (let d = first; d <= last; d++) holidays.add(d);
      for (const text of a.work) {
        const d = parseDate(text, at);
        inRange(d, text, a.name);
        if (!isWeekend(d)) throw new Error(`${at}: ${text} is a weekday, so it cannot be a 调休 working day`);
        makeupWorkdays.add(d);
      }
    }
  }
  for (const d of makeupWorkdays) {
    if (holidays.has(d)) throw new Error(`holiday notices: ${formatDay(d)} is both off and worked`);
  }
  // The differences from Mon–Fri: +1 for a worked weekend day, −1 for a weekday off.
  const diffs = new Map<DayNumber, number>();
  for (const d of makeupWorkdays) diffs.set(d, 1);
  for (const d of holidays) if (!isWeekend(d)) diffs.set(d, -1);
  const adjustmentDays = [...diffs.keys()].sort((x, y) => x - y);
  const adjustmentPrefix: number[] = [0];
  for (const d of adjustmentDays) adjustmentPrefix.push(adjustmentPrefix.at(-1)! + diffs.get(d)!);
  const years = [...coveredYears].sort((x, y) => x - y);
  const span = years.length === 0 ? 'none' : `${years[0]}-${years.at(-1)}`;
  const canonical = [
    years.join(','),
    [...holidays].sort((x, y) => x - y).join(','),
    [...makeupWorkdays].sort((x, y) => x - y).join(','),
  ].join('|');
  return {
    version: `cn-${span}.${fnv1a(canonical)}`,
    coveredYears,
    holidays,
    makeupWorkdays,
    adjustmentDays,
    adjustmentPrefix,
  };
}

/** 32-bit FNV-1a of a string, 8 hex digits: enough to tell calendar versions apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Whether the day's year has a notice in the calendar (else its answer is only Mon–Fri). */
export function isCovered(calendar: WorkingCalendar, day: DayNumber): boolean {
  return calendar.coveredYears.has(yearOfDay(day));
}

/** Whether every day from `from` to `to` (inclusive, either order) lies in a covered year. */
export function isRangeCovered(calendar: WorkingCalendar, from: DayNumber, to: DayNumber): boolean {
  const first = yearOfDay(Math.min(from, to));
  const last = yearOfDay(Math.max(from, to));
  for (let y = first; y <= last; y++) if (!calendar.coveredYears.has(y)) return false;
  return true;
}

/** Official working day: 调休上班 → yes; 放假 → no; otherwise Monday to Friday. */
export function isWorkingDay(calendar: WorkingCalendar, day: DayNumber): boolean {
  if (calendar.makeupWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  return !isWeekend(day);
}

/** Mon–Fri days in [0, day): a step function, exact for negative days too. */
const WEEKDAYS_BEFORE_OFFSET = [0, 1, 2, 2, 2, 3, 4]; // days 0..6 = Thu Fri Sat Sun Mon Tue Wed
function weekdaysBefore(day: DayNumber): number {
  const weeks = Math.floor(day / 7);
  return weeks * 5 + WEEKDAYS_BEFORE_OFFSET[day - weeks * 7]!;
}

/** Working days in [0, day), up to a constant: only differences of it mean anything. */
function rank(calendar: WorkingCalendar, day: DayNumber): number {
  const days = calendar.adjustmentDays;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return weekdaysBefore(day) + calendar.adjustmentPrefix[lo]!;
}

/**
 * Working days after `fromExclusive` up to and including `toInclusive`. When `toInclusive` is earlier,
 * the count of working days after it up to and including `fromExclusive`, negated — so
 * `workingDaysBetween(cal, asOf, due)` is the working days left (0 on the due day, < 0 once past).
 */
export function workingDaysBetween(
  calendar: WorkingCalendar,
  fromExclusive: DayNumber,
  toInclusive: DayNumber,
): number {
  return rank(calendar, toInclusive + 1) - rank(calendar, fromExclusive + 1);
}

/** The n-th working day strictly after `day` (n ≥ 0; n = 0 gives `day` itself). */
export function addWorkingDays(calendar: WorkingCalendar, day: DayNumber, n: number): DayNumber {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  let d = day;
  for (let left = n; left > 0; ) {
    d++;
    if (isWorkingDay(calendar, d)) left--;
  }
  return d;
}
