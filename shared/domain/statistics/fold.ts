/**
 * The statistics fold: validated events in, the national tables per agency and year out.
 *
 * Pure and streaming: `add` keeps only per-entity state (a request, a case, an item, a post, a document),
 * and every choice between two events is made by a total order on the events themselves, so any
 * permutation and any duplication of a stream gives the same statistics. An event repeated with the same
 * `eventId` lands on the same entity record and is kept once; the same `eventId` with a different body is
 * a conflict: the smaller body wins (order-independent) and a finding says so.
 */
import type {
  ApplicantType,
  Channel,
  DecisionKind,
  EventOf,
  EventType,
  GongkaiEvent,
  InterpretationForm,
  Outcome,
  PublicationChannel,
  RegulationKind,
  ReviewKind,
  ReviewResult,
} from '../contract.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  DECISION_KINDS,
  INTERPRETATION_FORMS,
  OUTCOMES,
  PUBLICATION_CHANNELS,
  REGULATION_KINDS,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from '../contract.ts';
import {
  byRuntimeIds,
  emptyTables,
  type FormatVersion,
  formatVersionForYear,
  type Tables,
} from '../formats/index.ts';
import { runRules } from '../rules/index.ts';
import { type StreamAnomaly, streamFinding } from '../rules/stream.ts';
import { type DayNumber, dayStartMs, parseOccurredAt, yearOfDay, yearStartMs } from '../time.ts';
import { addCount, textKeyed } from './text-keyed.ts';
import type { AgencyYearStatistics, Extras, Finding } from './types.ts';

/** What every kept event record has: its identity and when it happened. */
interface Stamp {
  readonly eventId: string;
  readonly ms: number;
  readonly day: DayNumber;
}

interface Receipt extends Stamp {
  readonly applicantType: ApplicantType;
  readonly channel: Channel;
  readonly subject: string | undefined;
}
interface Decision extends Stamp {
  readonly outcome: Outcome;
  readonly correction: boolean;
}
interface Fee extends Stamp {
  readonly fen: number;
}
interface RequestState {
  receipts: Kept<Receipt>;
  decisions: Kept<Decision>;
  fees: Kept<Fee>;
}
interface Filing extends Stamp {
  readonly kind: ReviewKind;
  readonly reason: string | undefined;
}
interface Conclusion extends Stamp {
  readonly result: ReviewResult;
}
interface CaseState {
  filings: Kept<Filing>;
  conclusions: Kept<Conclusion>;
}
interface Publication extends Stamp {
  readonly category: string;
  readonly channels: readonly PublicationChannel[];
}
interface ItemState {
  publications: Kept<Publication>;
  withdrawals: Kept<Stamp>;
}
interface Post extends Stamp {
  readonly channel: PublicationChannel;
  readonly column: string | undefined;
}
interface DocumentState {
  issued: Kept<Stamp>;
  repealed: Kept<Stamp>;
}
interface StockDeclaration extends Stamp {
  readonly kind: RegulationKind;
  readonly inForce: number;
  /** The last instant the declared figure covers: its own, or the end of its day for a bare date. */
  readonly coversUntilMs: number;
}
interface DecisionCount extends Stamp {
  readonly kind: DecisionKind;
  readonly count: number;
}
interface Figure extends Stamp {
  readonly year: number;
  readonly row: string;
  readonly column: string;
  readonly value: number;
}

interface MetricDeclaration extends Stamp {
  readonly year: number;
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number;
}
interface Interpretation extends Stamp {
  readonly form: InterpretationForm;
}
/** A press conference or a response to a public concern: counted, its topic kept only to tell bodies apart. */
interface Occasion extends Stamp {
  readonly topic: string | undefined;
}
interface Training extends Occasion {
  readonly attendees: number;
}

interface AgencyState {
  readonly requests: Map<string, RequestState>;
  readonly cases: Map<string, CaseState>;
  readonly items: Map<string, ItemState>;
  readonly posts: Map<string, Kept<Post>>;
  readonly documents: Map<string, DocumentState>;
  /** Agency-wide records, keyed by eventId (there can be many: one per day, or one per decision). */
  readonly stock: Map<string, StockDeclaration>;
  readonly decisionCounts: Map<string, DecisionCount>;
  readonly charges: Map<string, Fee>;
  readonly figures: Map<string, Figure>;
  readonly metrics: Map<string, MetricDeclaration>;
  /** Counted activities, by their own id: the latest event about an id describes it. */
  readonly interpretations: Map<string, Kept<Interpretation>>;
  readonly conferences: Map<string, Kept<Occasion>>;
  readonly concernResponses: Map<string, Kept<Occasion>>;
  readonly trainings: Map<string, Kept<Training>>;
  /** Years that have at least one event (or a declared figure). */
  readonly years: Set<number>;
  /** The day of the last event added, whose year is in `years` already. */
  lastDay: number;
  /** eventIds seen with two different bodies, with the year the kept one falls in. */
  readonly conflicts: Map<string, number>;
}

type RequestEventType = Extract<EventType, `request.${string}`>;
type ReviewEventType = Extract<EventType, `review.${string}`>;
type ProactiveEventType =
  | Extract<EventType, `regulation.${string}`>
  | 'decisions.recorded'
  | 'charges.collected'
  | 'figures.declared';
type ExtrasEventType = Exclude<EventType, RequestEventType | ReviewEventType | ProactiveEventType>;

/** Reached only if an event type has no counter: `never` makes that a compile error first. */
function unhandledEvent(event: never): never {
  throw new Error(`event type not counted: ${(event as GongkaiEvent).type}`);
}

/** The empty list every entity starts with (shared, never written). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * An entity's records of one kind: most entities get exactly one, kept as itself (no list to allocate
 * and keep per request, post, item, case); two or more as a list; none as NONE.
 */
type Kept<T> = T | readonly T[];

function isList<T>(kept: Kept<T>): kept is readonly T[] {
  return Array.isArray(kept);
}

/** The records as a list (for the rare entity with several). */
function listOf<T>(kept: Kept<T>): readonly T[] {
  return isList(kept) ? kept : [kept];
}

function countOf<T>(kept: Kept<T>): number {
  return isList(kept) ? kept.length : 1;
}

/** Every value of the contract's enumerations, as the one string the program holds for it. */
const ENUM_VALUES = new Map<string, string>(
  [
    ...APPLICANT_TYPES,
    ...CHANNELS,
    ...OUTCOMES,
    ...PUBLICATION_CHANNELS,
    ...REGULATION_KINDS,
    ...DECISION_KINDS,
    ...REVIEW_KINDS,
    ...REVIEW_RESULTS,
    ...INTERPRETATION_FORMS,
  ].map((value) => [value, value]),
);

/**
 * The program's own copy of a validated enumeration value. A value parsed from JSON is a fresh string per
 * event (V8 shares only the shortest), and one kept in a record would live as long as the fold and be
 * looked up afresh each time it keys a table cell: the shared constant costs neither.
 */
function canonical<T extends string>(value: T): T {
  return (ENUM_VALUES.get(value) as T | undefined) ?? value;
}

/** The state kept under `id`, created on first use. */
function entity<T>(map: Map<string, T>, id: string, create: () => T): T {
  let state = map.get(id);
  if (state === undefined) {
    state = create();
    map.set(id, state);
  }
  return state;
}

/** Earlier first; on the same instant the greater eventId first (the contract's tie-break). */
const earliestFirst = (a: Stamp, b: Stamp): number =>
  a.ms - b.ms || (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0);
/** Later first; on the same instant the greater eventId first. */
const latestFirst = (a: Stamp, b: Stamp): number =>
  b.ms - a.ms || (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0);

/** The contract's precedence: a correction beats a plain decision, then later, then greater eventId. */
const decisionPrecedence = (a: Decision, b: Decision): number =>
  Number(b.correction) - Number(a.correction) || latestFirst(a, b);

function pick<T extends Stamp>(records: Kept<T>, order: (a: T, b: T) => number): T | undefined {
  if (!isList(records)) return records;
  let best: T | undefined;
  for (const r of records) if (best === undefined || order(r, best) < 0) best = r;
  return best;
}

export interface FoldOptions {
  /** Share of 其他处理 above which a warning is raised (default from the rules). */
  readonly otherShareThreshold?: number;
}

export class StatisticsFold {
  private readonly agencies = new Map<string, AgencyState>();
  private lastAgencyId: string | undefined;
  private lastAgency: AgencyState | undefined;

  /**
   * Adds one validated event. Order and repetition do not matter. Each event type goes to the counter of
   * the table it feeds; the `default` makes an event type no counter handles a compile error.
   */
  add(event: GongkaiEvent): void {
    const instant = parseOccurredAt(event.occurredAt);
    if (!instant) throw new Error(`occurredAt not validated: ${event.occurredAt}`);
    const agency = this.agency(event.agencyId);
    const stamp: Stamp = { eventId: event.eventId, ms: instant.ms, day: instant.day };
    // Events come in runs of one agency and nearby days: the year is looked at again only on another day.
    if (instant.day !== agency.lastDay) {
      agency.years.add(yearOfDay(instant.day));
      agency.lastDay = instant.day;
    }
    switch (event.type) {
      case 'request.received':
      case 'request.decided':
      case 'request.fee_charged':
      case 'request.clarification_requested':
      case 'request.clarified':
      case 'request.consultation_started':
      case 'request.consultation_ended':
      case 'request.extended':
        this.addRequestEvent(agency, stamp, event);
        return;
      case 'review.filed':
      case 'review.concluded':
        this.addReviewEvent(agency, stamp, event);
        return;
      case 'regulation.issued':
      case 'regulation.repealed':
      case 'regulation.stock_declared':
      case 'decisions.recorded':
      case 'charges.collected':
      case 'figures.declared':
        this.addProactiveEvent(agency, stamp, event, instant.dateOnly);
        return;
      case 'disclosure.published':
      case 'disclosure.withdrawn':
      case 'post.published':
      case 'metric.declared':
      case 'interpretation.published':
      case 'press_conference.held':
      case 'concern.responded':
      case 'training.held':
        this.addExtrasEvent(agency, stamp, event);
        return;
      default:
        unhandledEvent(event);
    }
  }

  /** 依申请公开 (table 3): a request's receipts, decisions and fees. */
  private addRequestEvent(agency: AgencyState, s: Stamp, event: EventOf<RequestEventType>): void {
    switch (event.type) {
      case 'request.received': {
        const { subject } = event.data;
        const applicantType = canonical(event.data.applicantType);
        const channel = canonical(event.data.channel);
        const state = this.request(agency, event.data.requestId);
        const receipt = { eventId: s.eventId, ms: s.ms, day: s.day, applicantType, channel, subject };
        state.receipts = this.keep(agency, state.receipts, receipt);
        return;
      }
      case 'request.decided': {
        const outcome = canonical(event.data.outcome);
        const correction = event.data.correction === true;
        const state = this.request(agency, event.data.requestId);
        const decision = { eventId: s.eventId, ms: s.ms, day: s.day, outcome, correction };
        state.decisions = this.keep(agency, state.decisions, decision);
        return;
      }
      case 'request.fee_charged': {
        const fen = Math.round(event.data.amountYuan * 100);
        const state = this.request(agency, event.data.requestId);
        state.fees = this.keep(agency, state.fees, { eventId: s.eventId, ms: s.ms, day: s.day, fen });
        return;
      }
      case 'request.clarification_requested':
      case 'request.clarified':
      case 'request.consultation_started':
      case 'request.consultation_ended':
      case 'request.extended':
        // The clock events matter to deadlines, not to the national tables.
        return;
      default:
        unhandledEvent(event);
    }
  }

  /** 行政复议、行政诉讼 (table 4): a case's filings and conclusions. */
  private addReviewEvent(agency: AgencyState, s: Stamp, event: EventOf<ReviewEventType>): void {
    switch (event.type) {
      case 'review.filed': {
        const { caseId, reason } = event.data;
        const kind = canonical(event.data.kind);
        const state = this.reviewCase(agency, caseId);
        const filing = { eventId: s.eventId, ms: s.ms, day: s.day, kind, reason };
        state.filings = this.keep(agency, state.filings, filing);
        return;
      }
      case 'review.concluded': {
        const { caseId } = event.data;
        const result = canonical(event.data.result);
        const state = this.reviewCase(agency, caseId);
        const conclusion = { eventId: s.eventId, ms: s.ms, day: s.day, result };
        state.conclusions = this.keep(agency, state.conclusions, conclusion);
        return;
      }
      default:
        unhandledEvent(event);
    }
  }

  /** 主动公开 (table 2): regulations and their stock, decisions, charges, and the 2019 declared figures. */
  private addProactiveEvent(
    agency: AgencyState,
    s: Stamp,
    event: EventOf<ProactiveEventType>,
    dateOnly: boolean,
  ): void {
    const { eventId, ms, day } = s;
    switch (event.type) {
      case 'regulation.issued':
      case 'regulation.repealed': {
        const { documentId, kind } = event.data;
        const key = `${kind}\u0000${documentId}`;
        const doc = entity(agency.documents, key, () => ({ issued: NONE, repealed: NONE }));
        if (event.type === 'regulation.issued')
          doc.issued = this.keep(agency, doc.issued, { eventId, ms, day });
        else doc.repealed = this.keep(agency, doc.repealed, { eventId, ms, day });
        return;
      }
      case 'regulation.stock_declared': {
        const { kind, inForce } = event.data;
        // A bare date states the figure as of that day: what happened during it is included.
        const coversUntilMs = dateOnly ? dayStartMs(day + 1) - 1 : ms;
        this.keepById(agency, agency.stock, { eventId, ms, day, kind, inForce, coversUntilMs });
        return;
      }
      case 'decisions.recorded': {
        const { kind, count } = event.data;
        this.keepById(agency, agency.decisionCounts, { eventId, ms, day, kind, count });
        return;
      }
      case 'charges.collected': {
        const fen = Math.round(event.data.amountYuan * 100);
        this.keepById(agency, agency.charges, { eventId, ms, day, fen });
        return;
      }
      case 'figures.declared': {
        const { year, row, column, value } = event.data;
        agency.years.add(year);
        this.keepById(agency, agency.figures, { eventId, ms, day, year, row, column, value });
        return;
      }
      default:
        unhandledEvent(event);
    }
  }

  /** The figures beyond the national tables (extras): disclosures, posts, metrics, counted activities. */
  private addExtrasEvent(agency: AgencyState, s: Stamp, event: EventOf<ExtrasEventType>): void {
    const { eventId, ms, day } = s;
    switch (event.type) {
      case 'disclosure.published': {
        const { itemId, category, channels } = event.data;
        const state = this.item(agency, itemId);
        const publication = { eventId, ms, day, category, channels };
        state.publications = this.keep(agency, state.publications, publication);
        return;
      }
      case 'disclosure.withdrawn': {
        const state = this.item(agency, event.data.itemId);
        state.withdrawals = this.keep(agency, state.withdrawals, { eventId, ms, day });
        return;
      }
      case 'post.published': {
        const { postId, column } = event.data;
        const channel = canonical(event.data.channel);
        this.keepIn(agency, agency.posts, postId, { eventId, ms, day, channel, column });
        return;
      }
      case 'metric.declared': {
        const { year, key, label, unit, value } = event.data;
        agency.years.add(year);
        this.keepById(agency, agency.metrics, { eventId, ms, day, year, key, label, unit, value });
        return;
      }
      case 'interpretation.published': {
        const { interpretationId } = event.data;
        const form = canonical(event.data.form);
        this.keepIn(agency, agency.interpretations, interpretationId, { eventId, ms, day, form });
        return;
      }
      case 'press_conference.held': {
        const { conferenceId, topic } = event.data;
        this.keepIn(agency, agency.conferences, conferenceId, { eventId, ms, day, topic });
        return;
      }
      case 'concern.responded': {
        const { responseId, topic } = event.data;
        this.keepIn(agency, agency.concernResponses, responseId, { eventId, ms, day, topic });
        return;
      }
      case 'training.held': {
        const { trainingId, attendees, topic } = event.data;
        this.keepIn(agency, agency.trainings, trainingId, { eventId, ms, day, topic, attendees });
        return;
      }
      default:
        unhandledEvent(event);
    }
  }

  /** Agencies with at least one event, sorted. */
  agencyIds(): string[] {
    return [...this.agencies.keys()].sort();
  }

  /**
   * The statistics, one entry per agency and year: the years with events (and the years in between in which
   * a request was pending), or exactly the year asked for.
   */
  statistics(
    filter: { agencyId?: string; year?: number } = {},
    options: FoldOptions = {},
  ): AgencyYearStatistics[] {
    const out: AgencyYearStatistics[] = [];
    const ids = filter.agencyId === undefined ? this.agencyIds() : [filter.agencyId];
    for (const agencyId of ids) {
      const agency = this.agencies.get(agencyId) ?? emptyAgency();
      out.push(...computeAgency(agencyId, agency, filter.year, options));
    }
    return out;
  }

  private agency(agencyId: string): AgencyState {
    // Files hold runs of one agency's events: the last one is compared before the map is asked.
    if (agencyId === this.lastAgencyId && this.lastAgency !== undefined) return this.lastAgency;
    const agency = entity(this.agencies, agencyId, emptyAgency);
    this.lastAgencyId = agencyId;
    this.lastAgency = agency;
    return agency;
  }

  private request(agency: AgencyState, requestId: string): RequestState {
    return entity(agency.requests, requestId, () => ({ receipts: NONE, decisions: NONE, fees: NONE }));
  }

  private reviewCase(agency: AgencyState, caseId: string): CaseState {
    return entity(agency.cases, caseId, () => ({ filings: NONE, conclusions: NONE }));
  }

  private item(agency: AgencyState, itemId: string): ItemState {
    return entity(agency.items, itemId, () => ({ publications: NONE, withdrawals: NONE }));
  }

  /**
   * Keeps a record once per eventId in an entity's short list and returns the list to store: most entities
   * get one record per kind, so a list starts as the shared empty one and is allocated at its exact size.
   */
  private keep<T extends Stamp>(agency: AgencyState, records: Kept<T>, record: T): Kept<T> {
    if (!isList(records)) {
      return records.eventId === record.eventId ? this.resolve(agency, records, record) : [records, record];
    }
    if (records.length === 0) return record;
    let index = -1;
    for (let i = 0; i < records.length; i++) {
      if ((records[i] as T).eventId === record.eventId) {
        index = i;
        break;
      }
    }
    if (index < 0) return [...records, record];
    const kept = this.resolve(agency, records[index] as T, record);
    if (kept === records[index]) return records;
    return records.map((r, i) => (i === index ? kept : r));
  }

  /** `keep` for an entity whose whole state is its list of records. */
  private keepIn<T extends Stamp>(
    agency: AgencyState,
    map: Map<string, Kept<T>>,
    id: string,
    record: T,
  ): void {
    map.set(id, this.keep(agency, map.get(id) ?? NONE, record));
  }

  /** The same for agency-wide records, which can be many (one a day, or one per decision). */
  private keepById<T extends Stamp>(agency: AgencyState, records: Map<string, T>, record: T): void {
    const existing = records.get(record.eventId);
    records.set(record.eventId, existing === undefined ? record : this.resolve(agency, existing, record));
  }

  /**
   * Two records under one eventId: a retry when equal, otherwise a conflict in which the smaller body is kept,
   * whatever the arrival order. Records of one kind are built with the same keys in the same order, so their
   * JSON is canonical; it is only computed when an eventId repeats.
   */
  private resolve<T extends Stamp>(agency: AgencyState, existing: T, record: T): T {
    if (sameRecord(existing, record)) return existing; // a retry: the common case, decided without JSON
    const existingBody = JSON.stringify(existing);
    const recordBody = JSON.stringify(record);
    if (existingBody === recordBody) return existing;
    const kept = recordBody < existingBody ? record : existing;
    agency.conflicts.set(record.eventId, yearOfDay(kept.day));
    return kept;
  }
}

/**
 * Two records with the same fields and values (lists compared element by element): a retry. Only ever a
 * shortcut: records it does not find equal are compared by their JSON, as before.
 */
function sameRecord(a: object, b: object): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

function emptyAgency(): AgencyState {
  return {
    requests: new Map(),
    cases: new Map(),
    items: new Map(),
    posts: new Map(),
    documents: new Map(),
    stock: new Map(),
    decisionCounts: new Map(),
    charges: new Map(),
    figures: new Map(),
    metrics: new Map(),
    interpretations: new Map(),
    conferences: new Map(),
    concernResponses: new Map(),
    trainings: new Map(),
    years: new Set(),
    lastDay: Number.NaN,
    conflicts: new Map(),
  };
}

/** Per-year accumulators, filled in one pass over the entities. */
interface YearAccumulator {
  readonly tables: Tables;
  readonly format: FormatVersion;
  readonly requestsByChannel: Record<Channel, number>;
  readonly processingDays: number[];
  readonly disclosures: {
    total: number;
    byCategory: Record<string, number>;
    byChannel: Record<PublicationChannel, number>;
  };
  readonly posts: {
    total: number;
    byChannel: Record<PublicationChannel, number>;
    byColumn: Record<string, Record<string, number>>;
  };
  readonly fees: { count: number; fen: number };
  readonly metrics: Record<string, { label: string; unit: string; value: number }>;
  readonly requestsBySubject: Record<string, number>;
  readonly reviewsByReason: Record<ReviewKind, Record<string, number>>;
  readonly interpretations: { total: number; byForm: Record<InterpretationForm, number> };
  pressConferences: number;
  concernResponses: number;
  readonly trainings: { count: number; attendees: number };
  readonly anomalies: StreamAnomaly[];
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function newYear(year: number): YearAccumulator {
  const format = formatVersionForYear(year);
  return {
    tables: emptyTables(format),
    format,
    requestsByChannel: zeroes(CHANNELS),
    processingDays: [],
    disclosures: { total: 0, byCategory: textKeyed(), byChannel: zeroes(PUBLICATION_CHANNELS) },
    posts: { total: 0, byChannel: zeroes(PUBLICATION_CHANNELS), byColumn: textKeyed() },
    fees: { count: 0, fen: 0 },
    metrics: textKeyed(),
    requestsBySubject: textKeyed(),
    reviewsByReason: Object.fromEntries(REVIEW_KINDS.map((k) => [k, textKeyed<number>()])) as Record<
      ReviewKind,
      Record<string, number>
    >,
    interpretations: { total: 0, byForm: zeroes(INTERPRETATION_FORMS) },
    pressConferences: 0,
    concernResponses: 0,
    trainings: { count: 0, attendees: 0 },
    anomalies: [],
  };
}

/** 2019 has one 其他处理 row; the 2021 sub-rows add up into it. */
function outcomeRow(outcome: Outcome, format: FormatVersion): string {
  return format === '2019' && outcome.startsWith('other.') ? 'other' : outcome;
}

function add(table: Record<string, Record<string, number>>, row: string, column: string, n = 1): void {
  const cells = table[row];
  if (cells && column in cells) cells[column] = (cells[column] as number) + n;
}

/** A request resolved once: its effective receipt and decision, and the years they count in. */
interface ResolvedRequest {
  readonly requestId: string;
  readonly receipt: Receipt;
  readonly decision: Decision | undefined;
  readonly receivedYear: number;
  /** Year the outcome counts in; Infinity while undecided. */
  readonly decidedYear: number;
}
interface DatedAnomaly {
  readonly year: number;
  readonly anomaly: StreamAnomaly;
}

function computeAgency(
  agencyId: string,
  agency: AgencyState,
  onlyYear: number | undefined,
  options: FoldOptions,
): AgencyYearStatistics[] {
  const anomalies: DatedAnomaly[] = [];
  const resolved = resolveRequests(agency, anomalies);
  const acc = yearAccumulators(agency, resolved, onlyYear);
  for (const [id, year] of agency.conflicts)
    anomalies.push({ year, anomaly: { kind: 'event-conflict', id } });
  for (const { year, anomaly } of anomalies) acc.get(year)?.anomalies.push(anomaly);
  countRequests(resolved, acc);
  countFees(agency, acc);
  countReviews(agency, acc);
  countDisclosures(agency, acc);
  countPosts(agency, acc);
  countActivities(agency, acc);
  countMetrics(agency, acc);
  countProactive(agency, acc);
  return finishYears(agencyId, acc, options);
}

/** Every request's effective receipt and decision; what contradicts itself goes to `anomalies`. */
function resolveRequests(agency: AgencyState, anomalies: DatedAnomaly[]): ResolvedRequest[] {
  const resolved: ResolvedRequest[] = [];
  for (const [requestId, state] of agency.requests) {
    const receipt = pick(state.receipts, earliestFirst);
    const decision = pick(state.decisions, decisionPrecedence);
    if (!receipt) {
      if (decision) {
        anomalies.push({
          year: yearOfDay(decision.day),
          anomaly: { kind: 'decision-without-receipt', id: requestId, row: decision.outcome },
        });
      }
      continue;
    }
    const receivedYear = yearOfDay(receipt.day);
    const types =
      countOf(state.receipts) > 1 ? new Set(listOf(state.receipts).map((r) => r.applicantType)) : undefined;
    if (types && types.size > 1) {
      anomalies.push({
        year: receivedYear,
        anomaly: {
          kind: 'receipt-applicant-types-differ',
          id: requestId,
          detail: [...types].sort().join(' / '),
        },
      });
    }
    const plainDecisions =
      countOf(state.decisions) > 1 ? listOf(state.decisions).filter((d) => !d.correction).length : 1;
    let decidedYear = Number.POSITIVE_INFINITY;
    if (decision) {
      decidedYear = yearOfDay(decision.day);
      if (plainDecisions > 1) {
        anomalies.push({ year: decidedYear, anomaly: { kind: 'several-plain-decisions', id: requestId } });
      }
      if (decision.day < receipt.day) {
        anomalies.push({ year: receivedYear, anomaly: { kind: 'decision-before-receipt', id: requestId } });
        decidedYear = receivedYear;
      }
    }
    resolved.push({ requestId, receipt, decision, receivedYear, decidedYear });
  }
  return resolved;
}

/**
 * One accumulator per year reported, ascending: the years with events, and those in which a request was
 * pending at the start; or exactly the year asked for.
 */
function yearAccumulators(
  agency: AgencyState,
  resolved: readonly ResolvedRequest[],
  onlyYear: number | undefined,
): Map<number, YearAccumulator> {
  const lastYear = Math.max(...agency.years, onlyYear ?? Number.NEGATIVE_INFINITY);
  const years = new Set<number>(agency.years);
  for (const r of resolved) {
    const until = Math.min(r.decidedYear, lastYear);
    for (let y = r.receivedYear + 1; y <= until; y++) years.add(y);
  }
  if (onlyYear !== undefined) {
    years.clear();
    years.add(onlyYear);
  }
  return new Map([...years].sort((a, b) => a - b).map((y) => [y, newYear(y)]));
}

/** Requests: 新收, 上年结转, outcomes, 结转下年度. (Arrays: this loop runs once per request.) */
function countRequests(resolved: readonly ResolvedRequest[], acc: Map<number, YearAccumulator>): void {
  const yearList = [...acc.keys()];
  const accList = [...acc.values()];
  for (const r of resolved) {
    const receipt = r.receipt;
    const column = receipt.applicantType;
    const received = acc.get(r.receivedYear);
    if (received) {
      add(received.tables.requests, 'received', column);
      received.requestsByChannel[receipt.channel] += 1;
      if (receipt.subject !== undefined) addCount(received.requestsBySubject, receipt.subject);
    }
    for (let i = 0; i < yearList.length; i++) {
      const year = yearList[i] as number;
      const a = accList[i] as YearAccumulator;
      if (year < r.receivedYear) continue;
      if (year > r.receivedYear && r.decidedYear >= year) add(a.tables.requests, 'carried_over', column);
      if (r.decidedYear > year) add(a.tables.requests, 'carried_forward', column);
      else if (r.decidedYear === year) {
        const decision = r.decision as Decision;
        add(a.tables.requests, outcomeRow(decision.outcome, a.format), column);
        a.processingDays.push(Math.max(0, decision.day - receipt.day));
      }
    }
  }
}

/** Fees charged on requests, in the year of the charge. */
function countFees(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  for (const state of agency.requests.values()) {
    for (const fee of listOf(state.fees)) {
      const a = acc.get(yearOfDay(fee.day));
      if (a) {
        a.fees.count += 1;
        a.fees.fen += fee.fen;
      }
    }
  }
}

/** Reviews: by filing year, result as of that year's end. */
function countReviews(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  for (const [caseId, state] of agency.cases) {
    const filing = pick(state.filings, earliestFirst);
    if (!filing) {
      const first = pick(state.conclusions, earliestFirst);
      if (first)
        acc.get(yearOfDay(first.day))?.anomalies.push({ kind: 'conclusion-without-filing', id: caseId });
      continue;
    }
    const year = yearOfDay(filing.day);
    const a = acc.get(year);
    if (!a) continue;
    if (countOf(state.filings) > 1 && new Set(listOf(state.filings).map((f) => f.kind)).size > 1) {
      a.anomalies.push({ kind: 'case-kinds-differ', id: caseId, row: filing.kind });
    }
    if (countOf(state.conclusions) > 1)
      a.anomalies.push({ kind: 'case-concluded-twice', id: caseId, row: filing.kind });
    const yearEnd = yearStartMs(year + 1);
    const result = pick(
      listOf(state.conclusions).filter((c) => c.ms < yearEnd),
      latestFirst,
    );
    add(a.tables.reviews, filing.kind, result ? result.result : 'pending');
    if (filing.reason !== undefined) addCount(a.reviewsByReason[filing.kind], filing.reason);
  }
}

/** Proactive disclosure (extras): items first published in the year, unless finally withdrawn. */
function countDisclosures(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  for (const state of agency.items.values()) {
    const first = pick(state.publications, earliestFirst);
    if (!first) continue;
    const lastPublication = pick(state.publications, latestFirst) as Publication;
    const lastWithdrawal = pick(state.withdrawals, latestFirst);
    if (lastWithdrawal && earliestFirst(lastWithdrawal, lastPublication) > 0) continue;
    const a = acc.get(yearOfDay(first.day));
    if (!a) continue;
    a.disclosures.total += 1;
    addCount(a.disclosures.byCategory, first.category);
    for (const channel of first.channels) a.disclosures.byChannel[channel] += 1;
  }
}

/** Posts (extras): in the year of their first publication, by channel and column. */
function countPosts(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  for (const posts of agency.posts.values()) {
    const post = pick(posts, earliestFirst) as Post;
    const a = acc.get(yearOfDay(post.day));
    if (!a) continue;
    a.posts.total += 1;
    a.posts.byChannel[post.channel] += 1;
    if (post.column !== undefined) {
      const columns = a.posts.byColumn[post.channel] ?? textKeyed();
      addCount(columns, post.column);
      a.posts.byColumn[post.channel] = columns;
    }
  }
}

/** Counted activities: the latest event about an id describes it, and it counts in that event's year. */
function countActivities(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  for (const records of agency.interpretations.values()) {
    const latest = pick(records, latestFirst) as Interpretation;
    const a = acc.get(yearOfDay(latest.day));
    if (!a) continue;
    a.interpretations.total += 1;
    a.interpretations.byForm[latest.form] += 1;
  }
  for (const records of agency.conferences.values()) {
    const a = acc.get(yearOfDay((pick(records, latestFirst) as Occasion).day));
    if (a) a.pressConferences += 1;
  }
  for (const records of agency.concernResponses.values()) {
    const a = acc.get(yearOfDay((pick(records, latestFirst) as Occasion).day));
    if (a) a.concernResponses += 1;
  }
  for (const records of agency.trainings.values()) {
    const latest = pick(records, latestFirst) as Training;
    const a = acc.get(yearOfDay(latest.day));
    if (!a) continue;
    a.trainings.count += 1;
    a.trainings.attendees += latest.attendees;
  }
}

/** Declared metrics: per year and key the latest declaration; differing units for one key are reported. */
function countMetrics(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  const metricsByYearKey = new Map<string, MetricDeclaration[]>();
  for (const m of agency.metrics.values()) {
    const k = `${m.year}\u0000${m.key}`;
    const list = metricsByYearKey.get(k);
    if (list) list.push(m);
    else metricsByYearKey.set(k, [m]);
  }
  for (const declarations of metricsByYearKey.values()) {
    const latest = pick(declarations, latestFirst) as MetricDeclaration;
    const a = acc.get(latest.year);
    if (!a) continue;
    a.metrics[latest.key] = { label: latest.label, unit: latest.unit, value: latest.value };
    const units = new Set(declarations.map((d) => d.unit));
    if (units.size > 1) {
      a.anomalies.push({
        kind: 'metric-units-differ',
        id: latest.key,
        detail: [...units].sort().join(' / '),
      });
    }
  }
}

interface DocumentSpan {
  readonly kind: RegulationKind;
  readonly issued: Stamp | undefined;
  readonly repealed: Stamp | undefined;
}

/** The proactive table: counted from regulation events (2021 format), or the declared figures (2019). */
function countProactive(agency: AgencyState, acc: Map<number, YearAccumulator>): void {
  const documents: DocumentSpan[] = [...agency.documents.entries()].map(([key, doc]) => ({
    kind: key.slice(0, key.indexOf('\u0000')) as RegulationKind,
    issued: pick(doc.issued, earliestFirst),
    repealed: pick(doc.repealed, earliestFirst),
  }));
  for (const [year, a] of acc) {
    if (a.format === '2021') countProactive2021(agency, documents, year, a.tables.proactive);
    else countDeclaredFigures(agency, year, a.tables.proactive);
  }
}

function countProactive2021(
  agency: AgencyState,
  documents: readonly DocumentSpan[],
  year: number,
  proactive: Tables['proactive'],
): void {
  const start = yearStartMs(year);
  const end = yearStartMs(year + 1);
  for (const kind of REGULATION_KINDS) {
    const declaration = pick(
      [...agency.stock.values()].filter((s) => s.kind === kind && s.coversUntilMs < end),
      (x, y) => y.coversUntilMs - x.coversUntilMs || latestFirst(x, y),
    );
    const since = declaration ? declaration.coversUntilMs : Number.NEGATIVE_INFINITY;
    let inForce = declaration ? declaration.inForce : 0;
    for (const doc of documents) {
      if (doc.kind !== kind) continue;
      if (doc.issued && doc.issued.ms >= start && doc.issued.ms < end) add(proactive, kind, 'issued');
      if (doc.repealed && doc.repealed.ms >= start && doc.repealed.ms < end) add(proactive, kind, 'repealed');
      if (doc.issued && doc.issued.ms > since && doc.issued.ms < end) inForce += 1;
      if (doc.repealed && doc.repealed.ms > since && doc.repealed.ms < end) inForce -= 1;
    }
    add(proactive, kind, 'in_force', inForce);
  }
  for (const record of agency.decisionCounts.values()) {
    if (record.ms >= start && record.ms < end) add(proactive, record.kind, 'decisions', record.count);
  }
  let fen = 0;
  for (const charge of agency.charges.values()) if (charge.ms >= start && charge.ms < end) fen += charge.fen;
  add(proactive, 'charges', 'amount_wan_yuan', fen / 1_000_000);
}

/** 2019: the proactive table is declared, the latest figure per cell. */
function countDeclaredFigures(agency: AgencyState, year: number, proactive: Tables['proactive']): void {
  const latest = new Map<string, Figure>();
  for (const figure of agency.figures.values()) {
    if (figure.year !== year) continue;
    const key = `${figure.row}\u0000${figure.column}`;
    const current = latest.get(key);
    if (!current || latestFirst(figure, current) < 0) latest.set(key, figure);
  }
  for (const figure of latest.values()) add(proactive, figure.row, figure.column, figure.value);
}

/** Totals, extras and findings per year (the rules compare a year with the one before). */
function finishYears(
  agencyId: string,
  acc: Map<number, YearAccumulator>,
  options: FoldOptions,
): AgencyYearStatistics[] {
  const out: AgencyYearStatistics[] = [];
  let previous: AgencyYearStatistics | undefined;
  for (const [year, a] of acc) {
    fillTotals(a.tables);
    const extras = toExtras(a);
    const findings: Finding[] = [
      ...runRules({
        year,
        format: a.format,
        tables: a.tables,
        extras,
        previous: previous && previous.year === year - 1 ? previous : undefined,
        otherShareThreshold: options.otherShareThreshold,
      }),
      ...streamFinding(a.anomalies),
    ];
    const stats: AgencyYearStatistics = {
      agencyId,
      year,
      format: a.format,
      tables: a.tables,
      extras,
      findings,
    };
    out.push(stats);
    previous = stats;
  }
  return out;
}

/** 总计 column = the six applicant columns; （七）总计 = every outcome row; reviews 总计 = its four results. */
export function fillTotals(tables: Tables): void {
  const requests = byRuntimeIds(tables.requests);
  for (const cells of Object.values(requests)) {
    cells.total = APPLICANT_TYPES.reduce((sum, c) => sum + (cells[c] ?? 0), 0);
  }
  const decidedTotal = requests.decided_total as Record<string, number>;
  for (const column of Object.keys(decidedTotal)) {
    let sum = 0;
    for (const [row, cells] of Object.entries(requests)) {
      if (
        row === 'received' ||
        row === 'carried_over' ||
        row === 'carried_forward' ||
        row === 'decided_total'
      )
        continue;
      sum += cells[column] ?? 0;
    }
    decidedTotal[column] = sum;
  }
  for (const cells of Object.values(tables.reviews)) {
    cells.total = (cells.upheld ?? 0) + (cells.corrected ?? 0) + (cells.other ?? 0) + (cells.pending ?? 0);
  }
}

/** Days → requests, ascending. */
function distributionOf(values: readonly number[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b);
}

/** The processing-day figures from a distribution (so one agency and a consolidation count alike). */
export function processingDaysOf(
  distribution: readonly (readonly [number, number])[],
): Extras['processingDays'] {
  const decided = distribution.reduce((sum, [, n]) => sum + n, 0);
  if (decided === 0) return { decided: 0, median: null, max: null, distribution: [] };
  const at = (rank: number): number => {
    let seen = 0;
    for (const [days, n] of distribution) {
      seen += n;
      if (rank < seen) return days;
    }
    throw new Error('rank beyond the distribution');
  };
  const mid = decided >> 1;
  const median = decided % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { decided, median, max: (distribution.at(-1) as readonly [number, number])[0], distribution };
}

function toExtras(a: YearAccumulator): Extras {
  return {
    requestsByChannel: a.requestsByChannel,
    disclosures: a.disclosures,
    posts: a.posts,
    fees: { count: a.fees.count, totalYuan: a.fees.fen / 100 },
    processingDays: processingDaysOf(distributionOf(a.processingDays)),
    metrics: a.metrics,
    requestsBySubject: a.requestsBySubject,
    reviewsByReason: a.reviewsByReason,
    interpretations: a.interpretations,
    pressConferences: a.pressConferences,
    concernResponses: a.concernResponses,
    trainings: a.trainings,
  };
}
