/**
 * The synthesizer: from a report's published tables to an event stream whose statistics reproduce them
 * cell for cell. Tests use it to reproduce real reports, the demo and the benchmark use it for volume.
 *
 * With `traps`, the stream carries what real portals send: retries (the same event twice), shuffled order,
 * plain decisions later corrected, receipts and decisions at the year's edges in other offsets, review
 * cases concluded after the year, clock events (补正, consultation, extension) and superseded declarations.
 * None of them may change the tables.
 */

import {
  APPLICANT_TYPES,
  type ApplicantType,
  type Channel,
  type GongkaiEvent,
  type InterpretationForm,
  OUTCOMES,
  type Outcome,
  type PublicationChannel,
  REVIEW_KINDS,
  type ReviewKind,
} from '../../shared/domain/contract.ts';
import {
  type FormatVersion,
  formatVersionForYear,
  outcomeRows,
  type Tables,
} from '../../shared/domain/formats/index.ts';
import { formatDay, yearBounds } from '../../shared/domain/time.ts';
import { seededRandom } from './random.ts';

/** A report to reproduce: its tables (blank cells may be null or missing) and what the body states. */
export interface ReportTarget {
  readonly agencyId: string;
  readonly year: number;
  readonly tables: {
    readonly proactive?: Record<string, Record<string, number | string | null>>;
    readonly requests: Record<string, Record<string, number | string | null>>;
    readonly reviews: Record<string, Record<string, number | string | null>>;
  };
  readonly extras?: {
    /** 信息处理费 collected in the year, in yuan, and on how many requests. */
    readonly fees?: { readonly totalYuan: number; readonly count: number };
    /** Requests received in the year by channel; must add up to 本年新收. */
    readonly requestsByChannel?: Partial<Record<Channel, number>>;
    readonly disclosuresByCategory?: Record<string, number>;
    /** Platform posts: channel → count, and website (or other) posts per column. */
    readonly posts?: {
      readonly byChannel: Partial<Record<PublicationChannel, number>>;
      readonly byColumn?: Partial<Record<PublicationChannel, Record<string, number>>>;
    };
    /** Figures the office declares for the year (metric.declared), by key. */
    readonly metrics?: Record<
      string,
      { readonly label: string; readonly unit: string; readonly value: number }
    >;
    /** Requests received in the year by subject: given to that many of the year's receipts (≤ 本年新收). */
    readonly requestsBySubject?: Record<string, number>;
    /** Review cases filed in the year by kind and reason: given to that many of the kind's cases. */
    readonly reviewsByReason?: Partial<Record<ReviewKind, Record<string, number>>>;
    /** 政策解读 by form, 新闻发布会, 回应关注, 培训 (count and attendees). */
    readonly interpretations?: Partial<Record<InterpretationForm, number>>;
    readonly pressConferences?: number;
    readonly concernResponses?: number;
    readonly trainings?: { readonly count: number; readonly attendees: number };
  };
}

export interface SynthesizeOptions {
  readonly seed?: number;
  readonly traps?: boolean;
}

const num = (v: number | string | null | undefined): number => (typeof v === 'number' ? v : 0);

export function synthesize(target: ReportTarget, options: SynthesizeOptions = {}): GongkaiEvent[] {
  const rand = seededRandom(options.seed ?? 1);
  const traps = options.traps ?? false;
  const int = (n: number) => Math.floor(rand() * n);
  const { agencyId, year } = target;
  const format: FormatVersion = formatVersionForYear(year);
  const events: GongkaiEvent[] = [];
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}-${year}-${String(++sequence).padStart(7, '0')}`;
  const { first, last } = yearBounds(year);
  /** A date-time on a day, at a random minute of office hours, in +08:00. */
  const at = (day: number) =>
    `${formatDay(day)}T${String(8 + int(9)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:00+08:00`;
  const dayIn = (from: number, to: number) => from + int(to - from + 1);
  const push = (e: Omit<GongkaiEvent, 'agencyId' | 'eventId'> & { eventId?: string }, prefix = 'ev') =>
    events.push({ agencyId, eventId: e.eventId ?? nextId(prefix), ...e } as GongkaiEvent);

  // ---- requests -------------------------------------------------------------------------------------
  const requests = target.tables.requests;
  const rows = outcomeRows(format).map((r) => r.id);
  const channels = channelPlan(target, rand);
  // Labels to hand out (no random draws unless the target states them, so older streams stay the same).
  const subjects = labelPlan(target.extras?.requestsBySubject);
  let requestNo = 0;
  for (const column of APPLICANT_TYPES) {
    const received = num(requests.received?.[column]);
    const carriedOver = num(requests.carried_over?.[column]);
    const forward = num(requests.carried_forward?.[column]);
    const outcomes: Outcome[] = [];
    for (const row of rows) {
      const n = num(requests[row]?.[column]);
      for (let i = 0; i < n; i++) outcomes.push(row === 'other' ? pickOther(rand) : (row as Outcome));
    }
    if (received + carriedOver !== outcomes.length + forward) {
      throw new Error(
        `requests column ${column} does not balance: ${received} + ${carriedOver} ≠ ${outcomes.length} + ${forward}`,
      );
    }
    shuffle(outcomes, rand);
    const decidedOld = Math.min(carriedOver, outcomes.length);
    for (let i = 0; i < carriedOver + received; i++) {
      const isOld = i < carriedOver;
      const outcome = isOld
        ? i < decidedOld
          ? outcomes[i]
          : undefined
        : outcomes[decidedOld + (i - carriedOver)];
      const requestId = `YSQ-${year}-${String(++requestNo).padStart(6, '0')}`;
      const channel = isOld ? 'online' : (channels.pop() ?? 'online');
      // Receipt: carried-over ones late in the year before (some at its very last minute in UTC);
      // the rest in the year, those left undecided towards its end.
      let receivedAt: string;
      let receivedDay: number;
      if (isOld) {
        receivedDay = first - 1 - int(40);
        receivedAt = traps && int(4) === 0 ? `${formatDay(first - 1)}T15:30:00Z` : at(receivedDay);
        if (receivedAt.endsWith('Z')) receivedDay = first - 1;
      } else {
        receivedDay = outcome === undefined ? dayIn(last - 45, last) : dayIn(first, last - 5);
        receivedAt = traps && int(50) === 0 ? formatDay(receivedDay) : at(receivedDay);
      }
      const subject = isOld ? undefined : subjects.pop();
      push({
        type: 'request.received',
        occurredAt: receivedAt,
        data: { requestId, channel, applicantType: column, ...(subject === undefined ? {} : { subject }) },
      });
      if (traps && int(10) === 0) {
        push({
          type: 'request.clarification_requested',
          occurredAt: formatDay(receivedDay + 2),
          data: { requestId },
        });
        push({ type: 'request.clarified', occurredAt: formatDay(receivedDay + 4), data: { requestId } });
      }
      if (traps && int(15) === 0) {
        push({
          type: 'request.consultation_started',
          occurredAt: formatDay(receivedDay + 1),
          data: { requestId },
        });
        push({
          type: 'request.consultation_ended',
          occurredAt: formatDay(receivedDay + 3),
          data: { requestId },
        });
        push({
          type: 'request.extended',
          occurredAt: formatDay(receivedDay + 3),
          data: { requestId, workingDays: 10 },
        });
      }
      if (outcome === undefined) {
        // Undecided at the year's end; with traps some are decided just after it (16:30Z on 31 Dec is 1 Jan).
        if (traps && int(2) === 0) {
          const when = int(2) === 0 ? `${formatDay(last)}T16:30:00Z` : at(last + 1 + int(30));
          push({
            type: 'request.decided',
            occurredAt: when,
            data: { requestId, outcome: pickOutcome(rand) },
          });
        }
        continue;
      }
      const decidedDay = Math.max(first, Math.min(last, Math.max(receivedDay, first) + 1 + int(35)));
      const decidedAt =
        traps && decidedDay === last && int(2) === 0 ? `${formatDay(last)}T15:59:00Z` : at(decidedDay);
      if (traps && int(20) === 0) {
        // A plain decision with the wrong outcome, then its correction (the correction wins whatever the dates).
        const wrong = OUTCOMES[(OUTCOMES.indexOf(outcome) + 1) % OUTCOMES.length] as Outcome;
        push({ type: 'request.decided', occurredAt: decidedAt, data: { requestId, outcome: wrong } });
        push({
          type: 'request.decided',
          occurredAt: at(decidedDay),
          data: { requestId, outcome, correction: true },
        });
      } else {
        push({ type: 'request.decided', occurredAt: decidedAt, data: { requestId, outcome } });
      }
    }
  }

  // Fees: spread the yuan over `count` requests of the year, to the fen.
  const fees = target.extras?.fees;
  if (fees && fees.count > 0) {
    const totalFen = Math.round(fees.totalYuan * 100);
    const share = Math.floor(totalFen / fees.count);
    for (let i = 0; i < fees.count; i++) {
      const fen = i === fees.count - 1 ? totalFen - share * (fees.count - 1) : share;
      push({
        type: 'request.fee_charged',
        occurredAt: at(dayIn(first, last)),
        data: { requestId: `YSQ-${year}-${String(i + 1).padStart(6, '0')}`, amountYuan: fen / 100 },
      });
    }
  }

  // ---- reviews --------------------------------------------------------------------------------------
  let caseNo = 0;
  for (const kind of REVIEW_KINDS) {
    const cells = target.tables.reviews[kind] ?? {};
    const reasons = labelPlan(target.extras?.reviewsByReason?.[kind]);
    for (const result of ['upheld', 'corrected', 'other', 'pending'] as const) {
      for (let i = 0; i < num(cells[result]); i++) {
        const caseId = `FY-${kind}-${year}-${++caseNo}`;
        const filedDay = dayIn(first, last - 20);
        const reason = reasons.pop();
        push({
          type: 'review.filed',
          occurredAt: at(filedDay),
          data: { caseId, kind, ...(reason === undefined ? {} : { reason }) },
        });
        if (result === 'pending') {
          if (traps && int(2) === 0) {
            push({
              type: 'review.concluded',
              occurredAt: at(last + 1 + int(60)),
              data: { caseId, result: 'upheld' },
            });
          }
          continue;
        }
        push({ type: 'review.concluded', occurredAt: at(dayIn(filedDay, last)), data: { caseId, result } });
      }
    }
  }

  // ---- proactive ------------------------------------------------------------------------------------
  const proactive = target.tables.proactive ?? {};
  if (format === '2021') {
    for (const kind of ['rule', 'normative_document'] as const) {
      const issued = num(proactive[kind]?.issued);
      const repealed = num(proactive[kind]?.repealed);
      const inForce = num(proactive[kind]?.in_force);
      const atStart = inForce - issued + repealed;
      // Declared at the year's start when the arithmetic allows, otherwise as at its end.
      if (atStart >= 0) {
        if (traps) {
          push({
            type: 'regulation.stock_declared',
            occurredAt: formatDay(first - 200),
            data: { kind, inForce: atStart + 3 },
          });
        }
        push({
          type: 'regulation.stock_declared',
          occurredAt: formatDay(first),
          data: { kind, inForce: atStart },
        });
      } else {
        push({
          type: 'regulation.stock_declared',
          occurredAt: `${formatDay(last)}T23:59:59+08:00`,
          data: { kind, inForce },
        });
      }
      for (let i = 0; i < issued; i++) {
        push({
          type: 'regulation.issued',
          occurredAt: at(dayIn(first + 1, last - 1)),
          data: { documentId: `${kind}-${year}-issued-${i + 1}`, kind },
        });
      }
      for (let i = 0; i < repealed; i++) {
        push({
          type: 'regulation.repealed',
          occurredAt: at(dayIn(first + 1, last - 1)),
          data: { documentId: `${kind}-old-${i + 1}`, kind },
        });
      }
    }
    for (const kind of ['license', 'penalty', 'enforcement'] as const) {
      const total = num(proactive[kind]?.decisions);
      for (const [month, count] of monthlySplit(total).entries()) {
        push({
          type: 'decisions.recorded',
          occurredAt: formatDay(Date.UTC(year, month, 28) / 86_400_000),
          data: { kind, count },
        });
      }
    }
    const fen = Math.round(num(proactive.charges?.amount_wan_yuan) * 1_000_000);
    if (Math.abs(fen - num(proactive.charges?.amount_wan_yuan) * 1_000_000) > 1e-3) {
      throw new Error('charges in 万元 carry more decimals than fen can hold');
    }
    for (const [month, part] of monthlySplit(fen).entries()) {
      push({
        type: 'charges.collected',
        occurredAt: formatDay(Date.UTC(year, month, 27) / 86_400_000),
        data: { amountYuan: part / 100 },
      });
    }
  } else {
    for (const [row, cells] of Object.entries(proactive)) {
      for (const [column, value] of Object.entries(cells)) {
        if (typeof value !== 'number' || value === 0) continue;
        if (traps) {
          push({
            type: 'figures.declared',
            occurredAt: formatDay(last + 2),
            data: { year: year as 2019 | 2020, row, column, value: value + 1 },
          });
        }
        push({
          type: 'figures.declared',
          occurredAt: formatDay(last + 5),
          data: { year: year as 2019 | 2020, row, column, value },
        });
      }
    }
  }

  // ---- disclosures and posts ------------------------------------------------------------------------
  for (const [category, count] of Object.entries(target.extras?.disclosuresByCategory ?? {})) {
    for (let i = 0; i < count; i++) {
      const itemId = `GK-${year}-${category}-${i + 1}`;
      const channelsOf: PublicationChannel[] = int(3) === 0 ? ['website', 'wechat'] : ['website'];
      push({
        type: 'disclosure.published',
        occurredAt: at(dayIn(first, last)),
        data: { itemId, category, channels: channelsOf },
      });
    }
    if (traps) {
      // Published and taken down the next day: never counted.
      const itemId = `GK-${year}-${category}-withdrawn`;
      const day = dayIn(first, last - 1);
      push({
        type: 'disclosure.published',
        occurredAt: at(day),
        data: { itemId, category, channels: ['website'] },
      });
      push({ type: 'disclosure.withdrawn', occurredAt: at(day + 1), data: { itemId } });
    }
  }
  const posts = target.extras?.posts;
  if (posts) {
    let postNo = 0;
    for (const [channel, total] of Object.entries(posts.byChannel) as [PublicationChannel, number][]) {
      const columns = Object.entries(posts.byColumn?.[channel] ?? {});
      let inColumns = 0;
      for (const [column, n] of columns) {
        for (let i = 0; i < n; i++) {
          push(
            {
              type: 'post.published',
              occurredAt: at(dayIn(first, last)),
              data: { postId: `P${++postNo}`, channel, column },
            },
            'post',
          );
        }
        inColumns += n;
      }
      for (let i = inColumns; i < total; i++) {
        push(
          {
            type: 'post.published',
            occurredAt: at(dayIn(first, last)),
            data: { postId: `P${++postNo}`, channel },
          },
          'post',
        );
      }
    }
  }

  // ---- figures beyond the tables -------------------------------------------------------------------
  for (const [key, { label, unit, value }] of Object.entries(target.extras?.metrics ?? {})) {
    if (traps) {
      // Declared first with a slip, then again: the later declaration counts.
      push({
        type: 'metric.declared',
        occurredAt: formatDay(last + 3),
        data: { year, key, label, unit, value: value + 1 },
      });
    }
    push({
      type: 'metric.declared',
      occurredAt: formatDay(last + 10),
      data: { year, key, label, unit, value },
    });
  }
  let activityNo = 0;
  const activityId = (prefix: string) => `${prefix}-${year}-${++activityNo}`;
  for (const [form, n] of Object.entries(target.extras?.interpretations ?? {}) as [
    InterpretationForm,
    number,
  ][]) {
    for (let i = 0; i < n; i++) {
      push({
        type: 'interpretation.published',
        occurredAt: at(dayIn(first, last)),
        data: { interpretationId: activityId('JD'), form },
      });
    }
  }
  for (let i = 0; i < (target.extras?.pressConferences ?? 0); i++) {
    push({
      type: 'press_conference.held',
      occurredAt: at(dayIn(first, last)),
      data: { conferenceId: activityId('FBH') },
    });
  }
  for (let i = 0; i < (target.extras?.concernResponses ?? 0); i++) {
    push({
      type: 'concern.responded',
      occurredAt: at(dayIn(first, last)),
      data: { responseId: activityId('HY') },
    });
  }
  const trainings = target.extras?.trainings;
  if (trainings && trainings.count > 0) {
    // The attendees spread over the trainings, the remainder on the last.
    const each = Math.floor(trainings.attendees / trainings.count);
    for (let i = 0; i < trainings.count; i++) {
      const attendees = i === trainings.count - 1 ? trainings.attendees - each * (trainings.count - 1) : each;
      push({
        type: 'training.held',
        occurredAt: at(dayIn(first, last)),
        data: { trainingId: activityId('PX'), attendees },
      });
    }
  }

  if (traps) {
    // Year edge: 16:30Z on 31 December is already 1 January in Asia/Shanghai, so these belong to next year.
    for (let i = 0; i < 3; i++) {
      const requestId = `YSQ-${year + 1}-edge-${i + 1}`;
      push({
        type: 'request.received',
        occurredAt: `${formatDay(last)}T16:30:00Z`,
        data: { requestId, channel: 'online', applicantType: 'natural_person' },
      });
      push({
        type: 'request.decided',
        occurredAt: `${formatDay(last)}T17:00:00Z`,
        data: { requestId, outcome: 'disclosed' },
      });
    }
    // Retries: about one event in twenty sent again, with its fields in another order.
    const retries = events
      .filter(() => int(20) === 0)
      .map((e) => JSON.parse(JSON.stringify(reorder(e))) as GongkaiEvent);
    events.push(...retries);
    shuffle(events, rand);
  }
  return events;
}

function reorder(event: GongkaiEvent): GongkaiEvent {
  const { data, type, occurredAt, agencyId, eventId } = event;
  return { data, type, occurredAt, agencyId, eventId } as GongkaiEvent;
}

/** `{label: n}` as a list of n labels each, to pop one per entity (last label first). */
function labelPlan(counts: Record<string, number> | undefined): string[] {
  const plan: string[] = [];
  for (const [label, n] of Object.entries(counts ?? {})) for (let i = 0; i < n; i++) plan.push(label);
  return plan.reverse();
}

/** Splits a total into up to 12 positive monthly parts (whole units). */
function monthlySplit(total: number): number[] {
  if (total <= 0) return [];
  const months = Math.min(12, total);
  const base = Math.floor(total / months);
  return Array.from({ length: months }, (_, i) => (i === months - 1 ? total - base * (months - 1) : base));
}

function shuffle<T>(list: T[], rand: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
}

function pickOther(rand: () => number): Outcome {
  return (['other.no_clarification', 'other.fee_unpaid', 'other.other'] as const)[
    Math.floor(rand() * 3)
  ] as Outcome;
}

function pickOutcome(rand: () => number): Outcome {
  return OUTCOMES[Math.floor(rand() * OUTCOMES.length)] as Outcome;
}

/** Channels for the requests received in the year: the stated split, else mostly online. */
function channelPlan(target: ReportTarget, rand: () => number): Channel[] {
  const plan: Channel[] = [];
  const stated = target.extras?.requestsByChannel;
  if (stated) {
    for (const [channel, n] of Object.entries(stated) as [Channel, number][])
      for (let i = 0; i < n; i++) plan.push(channel);
  }
  shuffle(plan, rand);
  return plan;
}

/** Applicant types are the columns; exported for tests that build targets. */
export type { ApplicantType, Tables };
