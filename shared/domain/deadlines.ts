/**
 * The legal reply limit of every request (条例 第三十条, 第三十三条), counted in China's official working
 * days. PURE: events, an as-of day and the calendar in, one row per request out. docs/calendar.md has
 * the rules and the decisions taken where the law and the contract are silent; in short:
 *
 * - Day 0 is the day of receipt (earliest receipt) in Asia/Shanghai, or of the latest `request.clarified`.
 *   The limit is the 20th working day after day 0, plus extensions (at most 20 working days in all).
 * - A 补正 notice not yet answered: `awaiting_clarification`, no limit runs (dueOn, workingDaysLeft null).
 * - Consultation: working days after the day it started, up to and including the day it ended, are not
 *   counted. One still open is counted as ending on the as-of day (or on the decision day): the clock
 *   stands still, and dueOn is where it would fall if the answer came in today.
 * - Only events on or before the as-of day count; for a decided request, only those on or before the
 *   day of its effective decision (correction over plain, later over earlier, greater eventId on a tie).
 */
import {
  isRangeCovered,
  isWorkingDay,
  type WorkingCalendar,
  workingDaysBetween,
} from './calendar/calendar.ts';
import type { GongkaiEvent } from './contract.ts';
import { type DayNumber, formatDay, parseOccurredAt, yearOfDay } from './time.ts';

/** 第三十三条: 20 working days, extendable by at most 20 more. */
export const LIMIT_WORKING_DAYS = 20;
export const MAX_EXTENSION_WORKING_DAYS = 20;
/** `due_soon` from this many working days left down to 0. */
export const DUE_SOON_WORKING_DAYS = 3;

/** Every status a request's deadline can have; the first four change with the date (`RUNNING_STATUSES`). */
export const DEADLINE_STATUSES = [
  'open',
  'due_soon',
  'overdue',
  'awaiting_clarification',
  'decided_on_time',
  'decided_late',
] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The statuses that change with the date: a request not decided yet. */
export const RUNNING_STATUSES = [
  'open',
  'due_soon',
  'overdue',
  'awaiting_clarification',
] as const satisfies readonly DeadlineStatus[];

export interface RequestDeadline {
  readonly agencyId: string;
  readonly requestId: string;
  /** Day of the earliest receipt. */
  readonly receivedOn: DayNumber;
  /** Day 0 of the count now in force: the receipt, or the latest 补正 received. */
  readonly clockStartOn: DayNumber;
  /** Last day of the limit; null while a 补正 is awaited (and for a request decided while awaiting one). */
  readonly dueOn: DayNumber | null;
  readonly status: DeadlineStatus;
  /** Working days after the as-of day up to the due day: 0 on it, < 0 past it; null if decided or no limit. */
  readonly workingDaysLeft: number | null;
  /** Day of the effective decision, if any by the as-of day. */
  readonly decidedOn: DayNumber | null;
  readonly onTime: boolean | null;
  /** Counted working days from day 0 to the decision (consultation days left out); null if none counted. */
  readonly workingDaysToDecision: number | null;
  /** Extension working days in force (capped at 20). */
  readonly extensionWorkingDays: number;
  /** Consultation working days left out of the count before the due day. */
  readonly consultationWorkingDays: number;
  /** A consultation started and not ended (by the as-of day, or by the decision). */
  readonly consultationOpen: boolean;
  /** False when a day the count used lies in a year without a notice (counted Mon–Fri there). */
  readonly calendarCovered: boolean;
}

/** The public row (CLI and API): dates as `YYYY-MM-DD`. */
export interface DeadlineRow {
  readonly agencyId: string;
  readonly requestId: string;
  readonly receivedOn: string;
  readonly dueOn: string | null;
  readonly status: DeadlineStatus;
  readonly workingDaysLeft: number | null;
}

export function toDeadlineRow(d: RequestDeadline): DeadlineRow {
  return {
    agencyId: d.agencyId,
    requestId: d.requestId,
    receivedOn: formatDay(d.receivedOn),
    dueOn: d.dueOn === null ? null : formatDay(d.dueOn),
    status: d.status,
    workingDaysLeft: d.workingDaysLeft,
  };
}

type RequestEventType =
  | 'request.received'
  | 'request.clarification_requested'
  | 'request.clarified'
  | 'request.consultation_started'
  | 'request.consultation_ended'
  | 'request.extended'
  | 'request.decided';

/** Same-instant order: the order of the contract's table. */
const TYPE_ORDER: Record<RequestEventType, number> = {
  'request.received': 0,
  'request.clarification_requested': 1,
  'request.clarified': 2,
  'request.consultation_started': 3,
  'request.consultation_ended': 4,
  'request.extended': 5,
  'request.decided': 6,
};

interface Timed {
  readonly eventId: string;
  readonly type: RequestEventType;
  readonly ms: number;
  readonly day: DayNumber;
  /** request.extended: its working days; request.decided: 1 if a correction. */
  readonly value: number;
}

const isRequestEvent = (e: GongkaiEvent): e is Extract<GongkaiEvent, { type: RequestEventType }> =>
  e.type in TYPE_ORDER;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const chronological = (a: Timed, b: Timed) =>
  a.ms - b.ms ||
  TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
  compareText(a.eventId, b.eventId) ||
  a.value - b.value;

/** The contract's precedence: a correction beats a plain decision, then later, then greater eventId. */
const effectiveFirst = (a: Timed, b: Timed) =>
  b.value - a.value || b.ms - a.ms || compareText(b.eventId, a.eventId);

/**
 * The request events of an event log, folded small: per agency and request, when each happened and the
 * one number that matters (extension days, correction or not). Add events in any order, then ask for
 * the deadlines as of any day. Other event types are ignored.
 */
export class RequestTimelines {
  readonly #agencies = new Map<string, Map<string, Timed[]>>();

  add(event: GongkaiEvent): void {
    if (!isRequestEvent(event)) return;
    const instant = parseOccurredAt(event.occurredAt);
    if (instant === undefined) return;
    let requests = this.#agencies.get(event.agencyId);
    if (!requests) {
      requests = new Map();
      this.#agencies.set(event.agencyId, requests);
    }
    const value =
      event.type === 'request.extended'
        ? event.data.workingDays
        : event.type === 'request.decided' && event.data.correction === true
          ? 1
          : 0;
    const timed: Timed = {
      eventId: event.eventId,
      type: event.type,
      ms: instant.ms,
      day: instant.day,
      value,
    };
    const list = requests.get(event.data.requestId);
    if (list) list.push(timed);
    else requests.set(event.data.requestId, [timed]);
  }

  /** Every request received by the end of `asOf`, sorted by agencyId then requestId. */
  deadlines(asOf: DayNumber, calendar: WorkingCalendar): RequestDeadline[] {
    const out: RequestDeadline[] = [];
    for (const agencyId of [...this.#agencies.keys()].sort(compareText)) {
      const requests = this.#agencies.get(agencyId)!;
      for (const requestId of [...requests.keys()].sort(compareText)) {
        const deadline = requestDeadline(agencyId, requestId, requests.get(requestId)!, asOf, calendar);
        if (deadline) out.push(deadline);
      }
    }
    return out;
  }
}

/**
 * The deadline of every request in `events` (one agency or several), as of the end of `asOf`, sorted by
 * agencyId then requestId. Events may come in any order; an eventId seen twice in a request counts once
 * (a retry). Requests with no receipt by the as-of day are left out.
 */
export function computeDeadlines(
  events: Iterable<GongkaiEvent>,
  asOf: DayNumber,
  calendar: WorkingCalendar,
): RequestDeadline[] {
  const timelines = new RequestTimelines();
  for (const event of events) timelines.add(event);
  return timelines.deadlines(asOf, calendar);
}

function requestDeadline(
  agencyId: string,
  requestId: string,
  timeline: Timed[],
  asOf: DayNumber,
  calendar: WorkingCalendar,
): RequestDeadline | undefined {
  const events = eventsByAsOf(timeline, asOf);
  const receipt = events.find((t) => t.type === 'request.received');
  if (!receipt) return undefined;
  const decision = events.filter((t) => t.type === 'request.decided').sort(effectiveFirst)[0];
  const decidedOn = decision?.day ?? null;
  // What the clock looks at: from the receipt day to the decision day, or to the as-of day.
  const end = decidedOn ?? asOf;
  const clock = runClock(events, receipt.day, end);
  const extensionWorkingDays = Math.min(clock.extension, MAX_EXTENSION_WORKING_DAYS);
  const counts = (day: DayNumber) =>
    isWorkingDay(calendar, day) && !clock.intervals.some(([from, to]) => day > from && day <= to);
  const due = clock.awaiting
    ? { dueOn: null, consultationWorkingDays: 0 }
    : dueDay(calendar, clock.clockStart, LIMIT_WORKING_DAYS + extensionWorkingDays, counts);
  let workingDaysToDecision: number | null = null;
  if (decidedOn !== null && !clock.awaiting) {
    workingDaysToDecision = 0;
    for (let d = clock.clockStart + 1; d <= decidedOn; d++) if (counts(d)) workingDaysToDecision++;
  }
  const { status, workingDaysLeft, onTime } = statusOf(calendar, asOf, due.dueOn, decidedOn);
  const lastUsed = Math.max(end, due.dueOn ?? end);
  return {
    agencyId,
    requestId,
    receivedOn: receipt.day,
    clockStartOn: clock.clockStart,
    dueOn: due.dueOn,
    status,
    workingDaysLeft,
    decidedOn,
    onTime,
    workingDaysToDecision,
    extensionWorkingDays,
    consultationWorkingDays: due.consultationWorkingDays,
    consultationOpen: clock.consultationOpen,
    calendarCovered: isRangeCovered(calendar, Math.min(receipt.day, end), lastUsed),
  };
}

/**
 * Only what happened by the as-of day, chronological; an eventId once (the sort is total, so which copy of
 * a conflicting duplicate is kept does not depend on the order the events came in).
 */
function eventsByAsOf(timeline: readonly Timed[], asOf: DayNumber): Timed[] {
  const seen = new Set<string>();
  const events: Timed[] = [];
  for (const t of timeline.filter((t) => t.day <= asOf).sort(chronological)) {
    if (seen.has(t.eventId)) continue;
    seen.add(t.eventId);
    events.push(t);
  }
  return events;
}

interface Clock {
  /** Day 0 of the count: the receipt, or the last clarification. */
  readonly clockStart: DayNumber;
  /** A clarification was asked for and not yet given: the clock stands still. */
  readonly awaiting: boolean;
  /** Working days of extension asked for (before the cap). */
  readonly extension: number;
  /** Consultation spans (from, to] that do not count. */
  readonly intervals: readonly (readonly [DayNumber, DayNumber])[];
  readonly consultationOpen: boolean;
}

/** The clock events between the receipt and `end`: clarifications restart it, consultations pause it. */
function runClock(events: readonly Timed[], receiptDay: DayNumber, end: DayNumber): Clock {
  let clockStart = receiptDay;
  let awaiting = false;
  let extension = 0;
  let openDepth = 0;
  let openSince = 0;
  let intervals: [DayNumber, DayNumber][] = [];
  for (const t of events) {
    if (t.day < receiptDay || t.day > end) continue;
    switch (t.type) {
      case 'request.clarification_requested':
        awaiting = true;
        break;
      case 'request.clarified':
        awaiting = false;
        clockStart = t.day;
        // The count starts again: consultation time before the new day 0 no longer matters.
        intervals = intervals.filter(([, to]) => to > clockStart);
        if (openDepth > 0 && openSince < clockStart) openSince = clockStart;
        break;
      case 'request.consultation_started':
        if (openDepth++ === 0) openSince = Math.max(t.day, clockStart);
        break;
      case 'request.consultation_ended':
        if (openDepth === 0) break; // an end without a start: nothing to leave out
        if (--openDepth === 0 && t.day > openSince) intervals.push([openSince, t.day]);
        break;
      case 'request.extended':
        extension += t.value;
        break;
      default:
        break;
    }
  }
  const consultationOpen = openDepth > 0;
  if (consultationOpen && end > openSince) intervals.push([openSince, end]);
  return { clockStart, awaiting, extension, intervals, consultationOpen };
}

/** The day the `limit`-th counted working day after day 0 falls on, and the working days paused on the way. */
function dueDay(
  calendar: WorkingCalendar,
  clockStart: DayNumber,
  limit: number,
  counts: (day: DayNumber) => boolean,
): { dueOn: DayNumber; consultationWorkingDays: number } {
  let consultationWorkingDays = 0;
  let d = clockStart;
  for (let left = limit; left > 0; ) {
    d++;
    if (counts(d)) left--;
    else if (isWorkingDay(calendar, d)) consultationWorkingDays++;
  }
  return { dueOn: d, consultationWorkingDays };
}

function statusOf(
  calendar: WorkingCalendar,
  asOf: DayNumber,
  dueOn: DayNumber | null,
  decidedOn: DayNumber | null,
): Pick<RequestDeadline, 'status' | 'workingDaysLeft' | 'onTime'> {
  if (decidedOn !== null) {
    const onTime = dueOn === null || decidedOn <= dueOn;
    return { status: onTime ? 'decided_on_time' : 'decided_late', workingDaysLeft: null, onTime };
  }
  if (dueOn === null) return { status: 'awaiting_clarification', workingDaysLeft: null, onTime: null };
  const workingDaysLeft = workingDaysBetween(calendar, asOf, dueOn);
  const status: DeadlineStatus =
    asOf > dueOn ? 'overdue' : workingDaysLeft <= DUE_SOON_WORKING_DAYS ? 'due_soon' : 'open';
  return { status, workingDaysLeft, onTime: null };
}

export interface Timeliness {
  readonly year: number;
  /** Requests whose effective decision falls in the year. */
  readonly decided: number;
  readonly decidedOnTime: number;
  readonly decidedLate: number;
  /** decidedOnTime / decided, or null when nothing was decided. */
  readonly shareOnTime: number | null;
  /** Median working days from day 0 to the decision (consultation days left out), or null. */
  readonly medianWorkingDaysToDecision: number | null;
}

/** Timeliness of the decisions made in `year` (compute the deadlines as of its last day or later). */
export function timeliness(deadlines: readonly RequestDeadline[], year: number): Timeliness {
  let decided = 0;
  let decidedOnTime = 0;
  const durations: number[] = [];
  for (const d of deadlines) {
    if (d.decidedOn === null || yearOfDay(d.decidedOn) !== year) continue;
    decided++;
    if (d.onTime) decidedOnTime++;
    if (d.workingDaysToDecision !== null) durations.push(d.workingDaysToDecision);
  }
  durations.sort((a, b) => a - b);
  const mid = durations.length >> 1;
  const median =
    durations.length === 0
      ? null
      : durations.length % 2 === 1
        ? durations[mid]!
        : (durations[mid - 1]! + durations[mid]!) / 2;
  return {
    year,
    decided,
    decidedOnTime,
    decidedLate: decided - decidedOnTime,
    shareOnTime: decided === 0 ? null : decidedOnTime / decided,
    medianWorkingDaysToDecision: median,
  };
}
