import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDeadlines } from '../../bin/commands/deadlines.ts';
import { buildCalendar, CHINA_CALENDAR, HOLIDAY_NOTICES } from '../../shared/domain/calendar/index.ts';
import { type GongkaiEvent, validateEvent } from '../../shared/domain/contract.ts';
import {
  computeDeadlines,
  type RequestDeadline,
  timeliness,
  toDeadlineRow,
} from '../../shared/domain/deadlines.ts';
import { dayOf, formatDay } from '../../shared/domain/time.ts';

// Prepare: events are built through the contract's own validation, so every one is a valid event.
let counter = 0;
function event(
  type: string,
  occurredAt: string,
  data: Record<string, unknown>,
  eventId?: string,
): GongkaiEvent {
  const result = validateEvent({
    eventId: eventId ?? `t-${String(++counter).padStart(4, '0')}`,
    agencyId: 'test-agency',
    type,
    occurredAt,
    data,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.event;
}
const received = (id: string, at: string, eventId?: string) =>
  event(
    'request.received',
    at,
    { requestId: id, channel: 'online', applicantType: 'natural_person' },
    eventId,
  );
const clarificationRequested = (id: string, at: string) =>
  event('request.clarification_requested', at, { requestId: id });
const clarified = (id: string, at: string) => event('request.clarified', at, { requestId: id });
const consultationStarted = (id: string, at: string) =>
  event('request.consultation_started', at, { requestId: id });
const consultationEnded = (id: string, at: string) =>
  event('request.consultation_ended', at, { requestId: id });
const extended = (id: string, at: string, workingDays: number) =>
  event('request.extended', at, { requestId: id, workingDays });
const decided = (id: string, at: string, correction?: boolean, eventId?: string) =>
  event(
    'request.decided',
    at,
    correction === undefined
      ? { requestId: id, outcome: 'disclosed' }
      : { requestId: id, outcome: 'disclosed', correction },
    eventId,
  );

const deadlines = (events: GongkaiEvent[], asOf: string, calendar = CHINA_CALENDAR) =>
  computeDeadlines(events, dayOf(asOf), calendar);
/** The one request's public row plus the extras, dates as text. */
function only(events: GongkaiEvent[], asOf: string, calendar = CHINA_CALENDAR) {
  const all = deadlines(events, asOf, calendar);
  expect(all).toHaveLength(1);
  const d = all[0]!;
  return {
    ...toDeadlineRow(d),
    clockStartOn: formatDay(d.clockStartOn),
    decidedOn: d.decidedOn === null ? null : formatDay(d.decidedOn),
    onTime: d.onTime,
    workingDaysToDecision: d.workingDaysToDecision,
    extensionWorkingDays: d.extensionWorkingDays,
    consultationWorkingDays: d.consultationWorkingDays,
    consultationOpen: d.consultationOpen,
    calendarCovered: d.calendarCovered,
  };
}

/** The contract's example (../shared/contract/events.example.jsonl), request YSQ-2021-0001, verbatim. */
const EXAMPLE_LINES = [
  '{"eventId":"ex-0001","agencyId":"hz-psb","type":"request.received","occurredAt":"2021-03-01T09:30:00+08:00","source":"zjzwfw-portal","data":{"requestId":"YSQ-2021-0001","channel":"online","applicantType":"natural_person"}}',
  '{"eventId":"ex-0002","agencyId":"hz-psb","type":"request.clarification_requested","occurredAt":"2021-03-03","data":{"requestId":"YSQ-2021-0001"}}',
  '{"eventId":"ex-0003","agencyId":"hz-psb","type":"request.clarified","occurredAt":"2021-03-08","data":{"requestId":"YSQ-2021-0001"}}',
  '{"eventId":"ex-0004","agencyId":"hz-psb","type":"request.consultation_started","occurredAt":"2021-03-10","data":{"requestId":"YSQ-2021-0001"}}',
  '{"eventId":"ex-0005","agencyId":"hz-psb","type":"request.consultation_ended","occurredAt":"2021-03-17","data":{"requestId":"YSQ-2021-0001"}}',
  '{"eventId":"ex-0006","agencyId":"hz-psb","type":"request.extended","occurredAt":"2021-03-25","data":{"requestId":"YSQ-2021-0001","workingDays":20}}',
  '{"eventId":"ex-0007","agencyId":"hz-psb","type":"request.decided","occurredAt":"2021-04-20T16:00:00+08:00","data":{"requestId":"YSQ-2021-0001","outcome":"partially_disclosed"}}',
  '{"eventId":"ex-0008","agencyId":"hz-psb","type":"request.fee_charged","occurredAt":"2021-04-20","data":{"requestId":"YSQ-2021-0001","amountYuan":100.00}}',
  '{"eventId":"ex-0009","agencyId":"hz-psb","type":"request.decided","occurredAt":"2021-04-22","data":{"requestId":"YSQ-2021-0001","outcome":"disclosed","correction":true}}',
];
const EXAMPLE = EXAMPLE_LINES.map((line) => {
  const result = validateEvent(JSON.parse(line));
  if (!result.ok) throw new Error(line);
  return result.event;
});

describe('worked example: YSQ-2021-0001 of the contract', () => {
  // By hand, with the 2021 notice (国办发明电〔2020〕27号: 清明 04-03..05 off, so Mon 04-05 is off; 劳动节
  // 05-01..05 off, Sun 04-25 and Sat 05-08 worked):
  //   received Mon 03-01; 补正 requested 03-03 (the clock stops); 补正 received Mon 03-08 → day 0 = 03-08.
  //   Consultation Wed 03-10 … Wed 03-17: not counted are 03-11, 12, 15, 16, 17 (5 working days).
  //   Counted: 03-09 (1), 03-10 (2), 03-18 (3), 19 (4), 22–26 (5–9), 29–31 (10–12), 04-01 (13), 04-02 (14),
  //   [04-05 off] 04-06–09 (15–18), 04-12 (19), 04-13 (20) ← the limit before the extension;
  //   extension 03-25 of 20 → 40: 04-14–16 (21–23), 19–23 (24–28), Sun 04-25 (29), 26–30 (30–34),
  //   [05-01..05 off] 05-06 (35), 05-07 (36), Sat 05-08 (37), 05-10 (38), 05-11 (39), 05-12 (40).
  //   Due: 2021-05-12. Effective decision: the correction of 04-22 (beats the plain one of 04-20):
  //   27 counted working days after day 0 → on time.
  it('is due 2021-05-12 and decided on time on 2021-04-22', () => {
    expect(only(EXAMPLE, '2021-12-31')).toEqual({
      agencyId: 'hz-psb',
      requestId: 'YSQ-2021-0001',
      receivedOn: '2021-03-01',
      dueOn: '2021-05-12',
      status: 'decided_on_time',
      workingDaysLeft: null,
      clockStartOn: '2021-03-08',
      decidedOn: '2021-04-22',
      onTime: true,
      workingDaysToDecision: 27,
      extensionWorkingDays: 20,
      consultationWorkingDays: 5,
      consultationOpen: false,
      calendarCovered: true,
    });
  });

  it('as of earlier days: awaiting 补正, consultation open, before the extension, before the correction', () => {
    expect(only(EXAMPLE, '2021-03-05')).toMatchObject({
      status: 'awaiting_clarification',
      dueOn: null,
      workingDaysLeft: null,
    });
    // Open consultation as of 03-15: 2 counted (03-09, 03-10), the clock stands; 18 left after 03-15:
    // 03-16..19 (4), 22..26 (9), 29..31 (12), 04-01, 02 (14), 04-06..09 (18) → 04-09.
    expect(only(EXAMPLE, '2021-03-15')).toMatchObject({
      status: 'open',
      dueOn: '2021-04-09',
      workingDaysLeft: 18,
      consultationOpen: true,
    });
    // Consultation over, no extension yet: the 20th counted day is 04-13; 13 working days after 03-24.
    expect(only(EXAMPLE, '2021-03-24')).toMatchObject({
      status: 'open',
      dueOn: '2021-04-13',
      workingDaysLeft: 13,
    });
    // Before the correction the plain decision of 04-20 is the one: 25 counted working days.
    expect(only(EXAMPLE, '2021-04-21')).toMatchObject({
      status: 'decided_on_time',
      decidedOn: '2021-04-20',
      workingDaysToDecision: 25,
    });
  });
});

describe('the limit', () => {
  // Fri 2024-09-20 = day 0: 09-23..27 (5), Sun 09-29 (6), 09-30 (7), [10-01..07 off], 10-08..11 (11),
  // Sat 10-12 (12), 10-14..18 (17), 10-21 (18), 10-22 (19), 10-23 (20).
  const acrossNationalDay = [received('NAT', '2024-09-20T15:00:00+08:00')];

  it('is the 20th working day after day 0, across a holiday and its 调休 days', () => {
    expect(only(acrossNationalDay, '2024-09-20')).toMatchObject({ dueOn: '2024-10-23', status: 'open' });
  });

  it('counts from a day of receipt that is not a working day', () => {
    // Sat 2024-06-08 = day 0 (not the next working day): [Mon 06-10 端午 off] 06-11..14 (4), 17..21 (9),
    // 24..28 (14), 07-01..05 (19), 07-08 (20). Counting from 06-11 instead would give 07-09.
    expect(only([received('SAT', '2024-06-08T10:00:00+08:00')], '2024-06-08')).toMatchObject({
      receivedOn: '2024-06-08',
      dueOn: '2024-07-08',
    });
  });

  it('counts the day in Asia/Shanghai: 2021-12-31T16:30:00Z is 2022-01-01', () => {
    expect(only([received('NY', '2021-12-31T16:30:00Z')], '2022-01-10')).toMatchObject({
      receivedOn: '2022-01-01',
      // [元旦 01-01..03] 01-04..07 (4), 10..14 (9), 17..21 (14), 24..28 (19), Sat 01-29 (20, 调休).
      dueOn: '2022-01-29',
    });
    // 2021-12-30T16:30:00Z is Fri 12-31 in Shanghai: day 0 = 12-31 → also 01-29; the UTC day (12-30)
    // would make 12-31 the first counted day and the due day 01-28.
    expect(only([received('NYE', '2021-12-30T16:30:00Z')], '2022-01-10')).toMatchObject({
      receivedOn: '2021-12-31',
      dueOn: '2022-01-29',
    });
  });

  it('starts again from the day the 补正 comes in, and runs no limit while it is awaited', () => {
    const events = [
      received('BZ', '2023-03-01'),
      clarificationRequested('BZ', '2023-03-03'),
      clarified('BZ', '2023-03-10'),
    ];
    for (const asOf of ['2023-03-03', '2023-03-09']) {
      expect(only(events, asOf)).toMatchObject({
        status: 'awaiting_clarification',
        dueOn: null,
        workingDaysLeft: null,
      });
    }
    // Day 0 = Fri 03-10: 03-13..17 (5), 20..24 (10), 27..31 (15), 04-03 (16), 04-04 (17), [清明 04-05 off],
    // 04-06 (18), 04-07 (19), 04-10 (20).
    expect(only(events, '2023-03-10')).toMatchObject({
      status: 'open',
      clockStartOn: '2023-03-10',
      dueOn: '2023-04-10',
    });
  });

  it('leaves consultation days out: after the day it started, up to and including the day it ended', () => {
    const plain = [received('ZX', '2023-05-08')];
    // Day 0 = Mon 05-08 without consultation: 05-09 (1) … 06-02 (19), 06-05 (20).
    expect(only(plain, '2023-05-08')).toMatchObject({ dueOn: '2023-06-05' });
    const consulted = [
      ...plain,
      consultationStarted('ZX', '2023-05-10'),
      consultationEnded('ZX', '2023-05-16'),
    ];
    // Not counted: 05-11, 12, 15, 16 (4 working days) → the due day moves 4 working days: 06-06..09 → Fri 06-09.
    expect(only(consulted, '2023-05-16')).toMatchObject({ dueOn: '2023-06-09', consultationWorkingDays: 4 });
  });

  it('stops the clock while a consultation is open: dueOn as if it ended on the as-of day', () => {
    const events = [received('ZX', '2023-05-08'), consultationStarted('ZX', '2023-05-10')];
    // 2 counted (05-09, 05-10), 18 left after Fri 05-12: 05-15..19 (5), 22..26 (10), 29..31 (13),
    // 06-01, 02 (15), 06-05, 06, 07 (18).
    expect(only(events, '2023-05-12')).toMatchObject({
      dueOn: '2023-06-07',
      workingDaysLeft: 18,
      consultationOpen: true,
    });
    // A week later the clock still shows 18 working days left.
    expect(only(events, '2023-05-19')).toMatchObject({
      dueOn: '2023-06-14',
      workingDaysLeft: 18,
      status: 'open',
    });
  });

  it('does not revive a limit that ran out: a consultation begun after the due day changes nothing', () => {
    const events = [
      received('NAT', '2024-09-20'), // due Wed 2024-10-23
      consultationStarted('NAT', '2024-10-25'),
      consultationEnded('NAT', '2024-11-05'),
    ];
    expect(only(events, '2024-11-06')).toMatchObject({
      dueOn: '2024-10-23',
      status: 'overdue',
      consultationWorkingDays: 0,
    });
  });

  it('a decided request: what is recorded after the answer does not move its due day', () => {
    const events = [
      received('NAT', '2024-09-20'),
      decided('NAT', '2024-10-24'), // one working day late
      extended('NAT', '2024-10-25', 10),
      clarified('NAT', '2024-10-28'),
    ];
    expect(only(events, '2024-12-31')).toMatchObject({
      dueOn: '2024-10-23',
      status: 'decided_late',
      extensionWorkingDays: 0,
      clockStartOn: '2024-09-20',
    });
  });

  it('adds extensions, at most 20 working days in all (15 + 15 → 20)', () => {
    const base = [received('EXT', '2024-03-01')];
    // Day 0 = Fri 03-01: 03-04..08 (5), 11..15 (10), 18..22 (15), 25..29 (20).
    expect(only(base, '2024-03-01')).toMatchObject({ dueOn: '2024-03-29' });
    // +15 → 35: 04-01..03 (23), Sun 04-07 (24, 调休), [清明 04-04..06 off], 04-08..12 (29), 15..19 (34), 04-22 (35).
    const once = [...base, extended('EXT', '2024-03-20', 15)];
    expect(only(once, '2024-03-20')).toMatchObject({ dueOn: '2024-04-22', extensionWorkingDays: 15 });
    // +15 +15 → capped 20 → 40: 04-22..26 (39), Sun 04-28 (40, 调休). Uncapped (50) would be 05-14.
    const twice = [...once, extended('EXT', '2024-03-25', 15)];
    expect(only(twice, '2024-03-25')).toMatchObject({ dueOn: '2024-04-28', extensionWorkingDays: 20 });
  });
});

describe('working days left and status', () => {
  const events = [received('NAT', '2024-09-20')]; // due Wed 2024-10-23 (above)

  it('counts down to 0 on the due day and below 0 after it', () => {
    expect(only(events, '2024-10-17')).toMatchObject({ workingDaysLeft: 4, status: 'open' });
    expect(only(events, '2024-10-18')).toMatchObject({ workingDaysLeft: 3, status: 'due_soon' });
    expect(only(events, '2024-10-19')).toMatchObject({ workingDaysLeft: 3, status: 'due_soon' }); // Saturday
    expect(only(events, '2024-10-22')).toMatchObject({ workingDaysLeft: 1, status: 'due_soon' });
    expect(only(events, '2024-10-23')).toMatchObject({ workingDaysLeft: 0, status: 'due_soon' });
    expect(only(events, '2024-10-24')).toMatchObject({ workingDaysLeft: -1, status: 'overdue' });
    expect(only(events, '2024-10-28')).toMatchObject({ workingDaysLeft: -3, status: 'overdue' }); // 24, 25, 28
  });

  it('is overdue the day after the due day even when no working day has passed yet', () => {
    // Due Fri 2023-06-09 (above); Saturday 06-10: 0 working days past, but the due day is over.
    const consulted = [
      received('ZX', '2023-05-08'),
      consultationStarted('ZX', '2023-05-10'),
      consultationEnded('ZX', '2023-05-16'),
    ];
    expect(only(consulted, '2023-06-10')).toMatchObject({
      dueOn: '2023-06-09',
      workingDaysLeft: 0,
      status: 'overdue',
    });
  });

  it('decided on the due day is on time; the next working day is late', () => {
    expect(only([...events, decided('NAT', '2024-10-23T17:59:00+08:00')], '2024-12-31')).toMatchObject({
      status: 'decided_on_time',
      dueOn: '2024-10-23',
      workingDaysLeft: null,
      onTime: true,
      workingDaysToDecision: 20,
    });
    expect(only([...events, decided('NAT', '2024-10-24')], '2024-12-31')).toMatchObject({
      status: 'decided_late',
      dueOn: '2024-10-23',
      workingDaysLeft: null,
      onTime: false,
      workingDaysToDecision: 21,
    });
  });

  it('ignores events after the as-of day', () => {
    const late = [...events, decided('NAT', '2024-10-24T09:00:00+08:00')];
    expect(only(late, '2024-10-23')).toMatchObject({ status: 'due_soon', decidedOn: null });
    expect(deadlines([received('FUT', '2024-10-24')], '2024-10-23')).toEqual([]);
  });

  it('a decision while a 补正 is awaited (e.g. 逾期不补正) had no limit running: on time, no due day', () => {
    const abandoned = [
      received('AB', '2024-03-01'),
      clarificationRequested('AB', '2024-03-04'),
      decided('AB', '2024-05-06'),
    ];
    expect(only(abandoned, '2024-12-31')).toMatchObject({
      status: 'decided_on_time',
      dueOn: null,
      workingDaysToDecision: null,
    });
  });
});

describe('events as they come', () => {
  it('uses the earliest receipt; skips a request never received', () => {
    const events = [
      received('TWICE', '2024-09-23', 'r-2'),
      received('TWICE', '2024-09-20', 'r-1'),
      decided('ORPHAN', '2024-09-20'),
    ];
    expect(only(events, '2024-09-30')).toMatchObject({
      requestId: 'TWICE',
      receivedOn: '2024-09-20',
      dueOn: '2024-10-23',
    });
  });

  it('takes the effective decision: correction over plain, later over earlier, greater eventId on a tie', () => {
    const base = [received('D', '2024-09-20')];
    const plainLate = decided('D', '2024-10-25', undefined, 'd-1');
    const correction = decided('D', '2024-10-22', true, 'd-2');
    expect(only([...base, plainLate, correction], '2024-12-31')).toMatchObject({
      decidedOn: '2024-10-22',
      status: 'decided_on_time',
    });
    expect(
      only([...base, decided('D', '2024-10-22', undefined, 'd-3'), plainLate], '2024-12-31'),
    ).toMatchObject({
      decidedOn: '2024-10-25',
      status: 'decided_late',
    });
    const tieA = decided('D', '2024-10-24', true, 'd-a');
    const tieB = decided('D', '2024-10-22T00:00:00+08:00', true, 'd-b');
    const tieC = decided('D', '2024-10-24', true, 'd-c');
    expect(only([...base, tieC, tieB, tieA], '2024-12-31')).toMatchObject({ decidedOn: '2024-10-24' });
  });

  it('gives the same answer with duplicates and in any order', () => {
    const events = [
      ...EXAMPLE,
      received('NAT', '2024-09-20'),
      decided('NAT', '2024-10-24'),
      received('BZ', '2023-03-01'),
      clarificationRequested('BZ', '2023-03-03'),
      clarified('BZ', '2023-03-10'),
      received('ZX', '2023-05-08'),
      consultationStarted('ZX', '2023-05-10'),
      consultationEnded('ZX', '2023-05-16'),
      received('EXT', '2024-03-01'),
      extended('EXT', '2024-03-20', 15),
      extended('EXT', '2024-03-25', 15),
      received('EXT2', '2024-03-01'),
      extended('EXT2', '2024-03-20', 10), // counted twice, a duplicate would show here
      received('OPEN', '2024-12-20'),
      consultationStarted('OPEN', '2024-12-23'),
    ];
    const expected = deadlines(events, '2024-12-31');
    // Sorted by agencyId (hz-psb < test-agency), then requestId.
    expect(expected.map((d) => d.requestId)).toEqual([
      'YSQ-2021-0001',
      'BZ',
      'EXT',
      'EXT2',
      'NAT',
      'OPEN',
      'ZX',
    ]);
    expect(expected.find((d) => d.requestId === 'EXT2')?.extensionWorkingDays).toBe(10);
    const arrivals = fc
      .subarray(events)
      .map((again) => [...events, ...again.map((e) => JSON.parse(JSON.stringify(e)) as GongkaiEvent)])
      .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
    fc.assert(
      fc.property(arrivals, (arrived) => {
        expect(deadlines(arrived, '2024-12-31')).toEqual(expected);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('re-dates with the calendar it is given', () => {
    const events = [received('NAT', '2024-09-20')];
    const without2024 = buildCalendar(HOLIDAY_NOTICES.filter((n) => n.year !== 2024));
    // Mon–Fri only in 2024: 09-23..27 (5), 09-30..10-04 (10), 07..11 (15), 14..18 (20).
    expect(only(events, '2024-09-20', without2024)).toMatchObject({
      dueOn: '2024-10-18',
      calendarCovered: false,
    });
    expect(only(events, '2024-09-20')).toMatchObject({ dueOn: '2024-10-23', calendarCovered: true });
  });
});

describe('timeliness of a year', () => {
  it('gives the share decided on time and the median working days to decision', () => {
    const events = [
      received('A', '2024-09-20'),
      decided('A', '2024-10-23'), // 20, on time
      received('B', '2024-09-20'),
      decided('B', '2024-10-24'), // 21, late
      received('C', '2024-03-01'),
      decided('C', '2024-03-04'), // 1, on time
      received('D', '2023-05-08'),
      consultationStarted('D', '2023-05-10'),
      consultationEnded('D', '2023-05-16'),
      decided('D', '2023-06-09'), // 2023: not counted in 2024
      received('E', '2024-12-20'), // undecided: not counted
    ];
    const all: RequestDeadline[] = deadlines(events, '2024-12-31');
    expect(timeliness(all, 2024)).toEqual({
      year: 2024,
      decided: 3,
      decidedOnTime: 2,
      decidedLate: 1,
      shareOnTime: 2 / 3,
      medianWorkingDaysToDecision: 20,
    });
    // 2023: D decided on its due day after 20 counted working days (the 4 consultation days left out).
    expect(timeliness(all, 2023)).toMatchObject({
      decided: 1,
      shareOnTime: 1,
      medianWorkingDaysToDecision: 20,
    });
    expect(timeliness(all, 2022)).toEqual({
      year: 2022,
      decided: 0,
      decidedOnTime: 0,
      decidedLate: 0,
      shareOnTime: null,
      medianWorkingDaysToDecision: null,
    });
    const even = all.filter((d) => d.requestId !== 'C');
    expect(timeliness(even, 2024).medianWorkingDaysToDecision).toBe(20.5);
  });
});

describe('the deadlines command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-deadlines-'));
  const file = join(dir, 'events.jsonl');
  writeFileSync(
    file,
    [
      ...EXAMPLE_LINES,
      'not json',
      '{"eventId":"bad-1","agencyId":"hz-psb","type":"request.received","occurredAt":"2021-02-30","data":{"requestId":"X","channel":"fax","applicantType":"natural_person"}}',
      '',
      '{"eventId":"ny-1","agencyId":"a-2","type":"request.received","occurredAt":"2021-12-31T16:30:00Z","data":{"requestId":"NY","channel":"online","applicantType":"research"}}',
      '{"eventId":"dup","agencyId":"a-2","type":"request.received","occurredAt":"2022-01-05","data":{"requestId":"LATER","channel":"online","applicantType":"research"}}',
      '{"eventId":"dup","agencyId":"a-2","type":"request.received","occurredAt":"2022-01-05","data":{"requestId":"LATER","channel":"online","applicantType":"research"}}',
    ].join('\r\n'),
  );

  it('prints every request, reports bad lines with their number, and returns 1', async () => {
    let out = '';
    let err = '';
    const code = await runDeadlines(
      { events: file, asOf: dayOf('2022-01-20') },
      (t) => {
        out += t;
      },
      (t) => {
        err += t;
      },
    );
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      deadlines: [
        // Day 0 = Wed 01-05: 01-06, 07 (2), 10..14 (7), 17..21 (12), 24..28 (17), Sat 01-29 and Sun 01-30
        // (18, 19: 调休), [春节 01-31..02-06 off], 02-07 (20). Left after 01-20: 21, 24..28, 29, 30, 02-07 = 9.
        {
          agencyId: 'a-2',
          requestId: 'LATER',
          receivedOn: '2022-01-05',
          dueOn: '2022-02-07',
          status: 'open',
          workingDaysLeft: 9,
        },
        {
          agencyId: 'a-2',
          requestId: 'NY',
          receivedOn: '2022-01-01',
          dueOn: '2022-01-29',
          status: 'open',
          workingDaysLeft: 7,
        },
        {
          agencyId: 'hz-psb',
          requestId: 'YSQ-2021-0001',
          receivedOn: '2021-03-01',
          dueOn: '2021-05-12',
          status: 'decided_on_time',
          workingDaysLeft: null,
        },
      ],
    });
    expect(err.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^line 10: \(line\): not valid JSON/),
      expect.stringMatching(/^line 11: occurredAt: /),
    ]);
  });

  it('filters by agency and runs as a command (exit code, help)', () => {
    const runner = [
      "import { Command } from 'commander';",
      `import { registerDeadlines } from ${JSON.stringify(join(process.cwd(), 'bin/commands/deadlines.ts'))};`,
      'const program = new Command().name("gongkai");',
      'registerDeadlines(program);',
      "await program.parseAsync(process.argv.slice(1), { from: 'user' });",
    ].join('\n');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', runner, '--', ...args], {
        encoding: 'utf8',
      });
    const filtered = run('deadlines', '--events', file, '--as-of', '2022-01-20', '--agency', 'hz-psb');
    expect(filtered.status).toBe(1);
    expect(JSON.parse(filtered.stdout).deadlines.map((d: { requestId: string }) => d.requestId)).toEqual([
      'YSQ-2021-0001',
    ]);
    const help = run('deadlines', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--as-of <YYYY-MM-DD>');
    expect(help.stdout).toContain('awaiting_clarification');
    const badDate = run('deadlines', '--events', file, '--as-of', '2022-02-30');
    expect(badDate.status).not.toBe(0);
    expect(badDate.stderr).toContain('YYYY-MM-DD');
  });
});
