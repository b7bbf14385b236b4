/**
 * The nightly job (02:00 Asia/Shanghai): recompute what is derived from the event log of every agency
 * changed since the last run, and the consolidated statistics of their ancestors.
 *
 * Fan-out. `runNightlyDispatch` lists the markers — `CHANGED` (ingest: the agency's own events changed)
 * and `ROLLUP` (a descendant's statistics changed) — and the agencies whose deadlines were counted on an
 * earlier day with requests still running (`refresh`), and puts one message per agency on a work queue;
 * `runNightlyWorker` does one agency:
 *   1. own (if CHANGED or refresh): read the log in pages, fold it (statistics, findings, request
 *      timelines), write one own snapshot per year and the deadlines snapshot as of the nightly's date;
 *   2. consolidated (if the agency has children, and CHANGED or ROLLUP): its own snapshots plus each child's consolidated
 *      snapshots (own for a child without children), `consolidate`d year by year, written under an
 *      optimistic lock (the digest of the inputs read); consolidated snapshots left without parts (the
 *      agency lost its last child: a ROLLUP without children; or a year only a departed child had) are
 *      deleted under the same lock;
 *   3. marks its parent ROLLUP (the parent is dispatched in the next round);
 *   4. clears the markers it was sent for, only if their version is still the one read.
 * `runNightly` loops: dispatch, wait for the queue to drain, dispatch what was marked meanwhile (the
 * parents, one level per round, and events that arrived during the run), until no marker is new, bounded.
 *
 * Why it is safe (docs/storage.md): snapshots are pure functions of the log, so writing them again is
 * harmless; an older computation cannot replace a newer one (own: the stored snapshot wins if it folded
 * more events; consolidated: the write fails if another landed since the inputs were read, and the
 * worker computes again); a marker is cleared only by a worker that read the log (or the children's
 * snapshots) after the marker's last bump, so an event that arrives during the run keeps its marker.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import * as z from 'zod';
import { NIGHTLY_WORK_QUEUE } from '../config.ts';
import type { WorkingCalendar } from '../domain/calendar/calendar.ts';
import type { GongkaiEvent } from '../domain/contract.ts';
import {
  DEADLINE_STATUSES,
  type DeadlineStatus,
  RequestTimelines,
  timeliness,
  toDeadlineRow,
} from '../domain/deadlines.ts';
import { RULES_VERSION } from '../domain/rules/index.ts';
import { StatisticsFold } from '../domain/statistics/fold.ts';
import { consolidate } from '../domain/statistics/rollup.ts';
import type { AgencyYearStatistics } from '../domain/statistics/types.ts';
import { formatDay, parseOccurredAt, yearOfDay } from '../domain/time.ts';
import { TransientError } from '../errors.ts';
import type {
  AgencyRegistry,
  ChangeMark,
  ChangeMarkers,
  Clock,
  DeadlinesSnapshot,
  DeadlinesStore,
  EventStore,
  Logger,
  StatisticsSnapshot,
  StatisticsStore,
  StoredBody,
  Watermark,
  WorkQueue,
} from '../ports.ts';
import { parseJsonBody } from './json-body.ts';
import { WatermarkBuilder } from './watermark.ts';

// ── The message ────────────────────────────────────────────────────────────────────────────────────────

/** A marker as the dispatcher read it: the worker clears it only if it still has this version. */
export interface MarkRead {
  readonly version: number;
  readonly changedAt: string;
}

/** One agency's work. */
export interface NightlyMessage {
  readonly agencyId: string;
  /** Its CHANGED marker: its own events changed (fold the log). */
  readonly changed?: MarkRead;
  /** Its ROLLUP marker: a descendant's statistics changed (consolidate again). */
  readonly rollup?: MarkRead;
  /** Its deadlines were counted as of an earlier day and requests are still running: count again. */
  readonly refresh?: boolean;
  /** Its parent, as registered when dispatched: marked ROLLUP once this agency's statistics are written. */
  readonly parentId?: string;
  /** Whether it has children (then its consolidated statistics are computed). */
  readonly hasChildren: boolean;
}

const markRead = z.strictObject({ version: z.number().int().min(0), changedAt: z.string() });
const messageSchema = z.strictObject({
  agencyId: z.string().min(1).max(64),
  changed: markRead.optional(),
  rollup: markRead.optional(),
  refresh: z.boolean().optional(),
  parentId: z.string().min(1).max(64).optional(),
  hasChildren: z.boolean(),
});

/** Reads a queue message's body. Throws a 400 AppError for anything else (not worth retrying). */
export function parseNightlyMessage(body: string): NightlyMessage {
  return parseJsonBody(body, messageSchema, {
    notJson: 'a nightly message must be JSON',
    invalid: 'not a nightly message',
  }) as NightlyMessage;
}

// ── Dispatch ───────────────────────────────────────────────────────────────────────────────────────────

export interface NightlyDispatchDeps {
  readonly markers: ChangeMarkers;
  readonly rollups: ChangeMarkers;
  readonly deadlines: Pick<DeadlinesStore, 'stale'>;
  readonly agencies: AgencyRegistry;
  readonly queue: WorkQueue<NightlyMessage>;
  readonly clock: Clock;
  readonly log: Logger;
}

/** A message's identity within a run: the agency, its markers as read (version and time), the refresh. */
const dispatchKey = (m: NightlyMessage) =>
  JSON.stringify([m.agencyId, m.changed ?? null, m.rollup ?? null, m.refresh ?? false]);

/** The nightly's day in Asia/Shanghai, `YYYY-MM-DD`. */
const shanghaiDay = (at: Date) => formatDay(parseOccurredAt(at.toISOString())!.day);

/**
 * One round: lists the markers, the agencies whose deadlines are stale (counted as of an earlier day,
 * with requests still running) and the agency tree, and sends one message per agency — except
 * those whose markers were already sent with the same versions (`skip`: earlier rounds of this run; a
 * worker that fails is retried by the queue, not by the next round). Answers the messages sent.
 */
export async function runNightlyDispatch(
  deps: NightlyDispatchDeps,
  options: { skip?: ReadonlySet<string> } = {},
): Promise<NightlyMessage[]> {
  const [changed, rollups, stale, agencies] = await Promise.all([
    deps.markers.list(),
    deps.rollups.list(),
    deps.deadlines.stale(shanghaiDay(deps.clock())),
    deps.agencies.list(),
  ]);
  const parentOf = new Map(agencies.map((a) => [a.id, a.parentId]));
  const withChildren = new Set(agencies.flatMap((a) => (a.parentId ? [a.parentId] : [])));
  const byAgency = new Map<string, { changed?: MarkRead; rollup?: MarkRead; refresh?: boolean }>();
  const read = (m: ChangeMark): MarkRead => ({ version: m.version, changedAt: m.changedAt });
  for (const m of changed) byAgency.set(m.agencyId, { ...byAgency.get(m.agencyId), changed: read(m) });
  for (const m of rollups) byAgency.set(m.agencyId, { ...byAgency.get(m.agencyId), rollup: read(m) });
  for (const agencyId of stale) {
    const work = byAgency.get(agencyId);
    if (!work?.changed) byAgency.set(agencyId, { ...work, refresh: true });
  }
  const messages: NightlyMessage[] = [];
  for (const agencyId of [...byAgency.keys()].sort()) {
    const parentId = parentOf.get(agencyId);
    const message: NightlyMessage = {
      agencyId,
      ...byAgency.get(agencyId),
      ...(parentId ? { parentId } : {}),
      hasChildren: withChildren.has(agencyId),
    };
    if (!options.skip?.has(dispatchKey(message))) messages.push(message);
  }
  if (messages.length > 0) await deps.queue.send(messages);
  return messages;
}

export interface NightlyRunOptions {
  /** Rounds at most (default NIGHTLY_WORK_QUEUE.maxRounds): the changed agencies, then one level of the roll-up per round. */
  readonly maxRounds?: number;
  /** How long to wait for the queue, in all (default 1 hour). */
  readonly timeoutMs?: number;
  /** Recompute every registered agency (a rebuild), not only the changed ones. */
  readonly all?: boolean;
}

export interface NightlyReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly rounds: number;
  /** Messages sent, all rounds. */
  readonly dispatched: number;
  /** Agencies done: sent, and no marker left. */
  readonly processed: readonly string[];
  /** Agencies still marked at the end (an event arrived after the last round, or their work failed). */
  readonly pending: readonly string[];
  /** Every round drained and no marker is left. */
  readonly complete: boolean;
}

/** The whole run: rounds of dispatch until no new marker appears (or the rounds or the time run out). */
export async function runNightly(
  deps: NightlyDispatchDeps,
  options: NightlyRunOptions = {},
): Promise<NightlyReport> {
  const startedAt = deps.clock().toISOString();
  const maxRounds = options.maxRounds ?? NIGHTLY_WORK_QUEUE.maxRounds;
  const until = Date.now() + (options.timeoutMs ?? 3_600_000);
  if (options.all) {
    const everyone = (await deps.agencies.list()).map((a) => a.id);
    await deps.markers.mark(everyone, startedAt);
  }
  const sent = new Set<string>();
  const agencies = new Set<string>();
  let rounds = 0;
  let dispatched = 0;
  let drained = true;
  while (rounds < maxRounds) {
    const messages = await runNightlyDispatch(deps, { skip: sent });
    if (messages.length === 0) break;
    rounds += 1;
    dispatched += messages.length;
    for (const m of messages) {
      sent.add(dispatchKey(m));
      agencies.add(m.agencyId);
    }
    deps.log.info('nightly round dispatched', { round: rounds, agencies: messages.length });
    drained = await deps.queue.drained(Math.max(0, until - Date.now()));
    if (!drained) {
      deps.log.warn('nightly: the work queue did not drain in time; the rest continues on its own', {
        round: rounds,
      });
      break;
    }
  }
  const [changed, rollups] = await Promise.all([deps.markers.list(), deps.rollups.list()]);
  const marked = new Set([...changed, ...rollups].map((m) => m.agencyId));
  const processed = [...agencies].filter((a) => !marked.has(a)).sort();
  const pending = [...marked].sort();
  const finishedAt = deps.clock().toISOString();
  const complete = drained && pending.length === 0;
  deps.log.info('nightly finished', {
    rounds,
    dispatched,
    processed: processed.length,
    pending: pending.length,
    complete,
    startedAt,
  });
  return { startedAt, finishedAt, rounds, dispatched, processed, pending, complete };
}

// ── The worker ─────────────────────────────────────────────────────────────────────────────────────────

export interface NightlyWorkerDeps {
  readonly events: EventStore;
  readonly statistics: StatisticsStore;
  readonly deadlines: DeadlinesStore;
  readonly markers: ChangeMarkers;
  readonly rollups: ChangeMarkers;
  readonly agencies: AgencyRegistry;
  /** The working-day calendar deadlines are counted on (CHINA_CALENDAR; tests inject another). */
  readonly calendar: WorkingCalendar;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface WorkerReport {
  readonly agencyId: string;
  /** The own recomputation, if the agency's events changed. */
  readonly own?: {
    readonly eventsFolded: number;
    readonly years: readonly number[];
    readonly refused: number;
  };
  /** The consolidated recomputation, if it has children (or just lost them: `years` empty). */
  readonly consolidated?: {
    readonly years: readonly number[];
    /** Consolidated snapshots deleted: years left without parts. */
    readonly deleted: readonly number[];
    readonly attempts: number;
  };
  /** Whether each marker sent was cleared (false: it changed meanwhile and stays for the next round). */
  readonly cleared: { readonly changed?: boolean; readonly rollup?: boolean };
}

/** One agency: own statistics and deadlines, consolidated statistics, the parent marked, markers cleared. */
export async function runNightlyWorker(
  deps: NightlyWorkerDeps,
  message: NightlyMessage,
): Promise<WorkerReport> {
  const { agencyId } = message;
  const computedAt = deps.clock().toISOString();
  // A refresh (a new day, no new event) counts the deadlines again; the statistics come out the same.
  const own = message.changed || message.refresh ? await recomputeOwn(deps, agencyId, computedAt) : undefined;
  // A ROLLUP on an agency without children: its last child moved away; its consolidated snapshots go.
  const consolidated =
    (message.hasChildren && message.changed) || message.rollup
      ? await recomputeConsolidated(deps, agencyId, computedAt)
      : undefined;
  // The parent's consolidated statistics include ours: it is dispatched again (next round) when ours moved
  // (a ROLLUP on an agency without children that had nothing to delete changed nothing).
  const consolidatedMoved =
    consolidated && (consolidated.years.length > 0 || consolidated.deleted.length > 0);
  if (message.parentId && (message.changed || consolidatedMoved)) {
    await deps.rollups.mark([message.parentId], computedAt);
  }
  const cleared: { changed?: boolean; rollup?: boolean } = {};
  if (message.changed) cleared.changed = await deps.markers.clear({ agencyId, ...message.changed });
  if (message.rollup) cleared.rollup = await deps.rollups.clear({ agencyId, ...message.rollup });
  const report: WorkerReport = {
    agencyId,
    ...(own ? { own } : {}),
    ...(consolidated ? { consolidated } : {}),
    cleared,
  };
  deps.log.info('nightly agency done', { ...report });
  return report;
}

/** Reads the next page while the current one is folded (the store's latency hides behind the fold). */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    next.catch(() => undefined); // awaited on the next turn; do not report it unhandled meanwhile
    yield current.value;
  }
}

/** Events folded between two turns of the event loop, so the next page's request goes out meanwhile. */
const SLICE = 1000;

async function recomputeOwn(deps: NightlyWorkerDeps, agencyId: string, computedAt: string) {
  const fold = new StatisticsFold();
  const timelines = new RequestTimelines();
  const newest = new WatermarkBuilder();
  // Only the bodies when the store can (a third less to read), else the whole records.
  const pages: AsyncIterable<readonly StoredBody[]> = deps.events.readBodies
    ? deps.events.readBodies(agencyId)
    : deps.events.readEvents(agencyId);
  for await (const page of readAhead(pages)) {
    for (let start = 0; start < page.length; start += SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const end = Math.min(page.length, start + SLICE);
      for (let i = start; i < end; i++) {
        const record = page[i]!;
        // The body is the canonical JSON of an event validated at ingest.
        const event = JSON.parse(record.body) as GongkaiEvent;
        fold.add(event);
        timelines.add(event);
        newest.addEvent(record.receivedAt, event.occurredAt);
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const watermark = newest.build(
    { rulesVersion: RULES_VERSION, calendarVersion: deps.calendar.version },
    computedAt,
  );
  const { eventsFolded } = watermark;

  const statistics = fold.statistics({ agencyId });
  let refused = 0;
  for (const s of statistics) {
    const written = await deps.statistics.putOwn({
      agencyId,
      year: s.year,
      scope: 'own',
      statistics: s,
      watermark,
      agencyIds: [agencyId],
    });
    if (!written) refused += 1;
  }

  // The deadlines as of the nightly's day in Asia/Shanghai, on the calendar given.
  const asOf = parseOccurredAt(computedAt)!.day;
  const all = timelines.deadlines(asOf, deps.calendar);
  const summary = Object.fromEntries(DEADLINE_STATUSES.map((s) => [s, 0])) as Record<DeadlineStatus, number>;
  for (const d of all) summary[d.status] += 1;
  const years = new Set(statistics.map((s) => s.year));
  for (const d of all) if (d.decidedOn !== null) years.add(yearOfDay(d.decidedOn));
  const snapshot: DeadlinesSnapshot = {
    agencyId,
    asOf: formatDay(asOf),
    requests: all.map(toDeadlineRow),
    summary,
    timeliness: [...years].sort((a, b) => a - b).map((year) => timeliness(all, year)),
    uncovered: all.filter((d) => !d.calendarCovered).length,
    watermark,
  };
  if (!(await deps.deadlines.put(snapshot))) refused += 1;
  if (refused > 0) {
    deps.log.info('nightly: a newer computation was already stored', { agencyId, refused, eventsFolded });
  }
  return { eventsFolded, years: statistics.map((s) => s.year), refused };
}

/** Attempts at writing the consolidated snapshots before the message is handed back to the queue. */
const CONSOLIDATION_ATTEMPTS = 5;

async function recomputeConsolidated(deps: NightlyWorkerDeps, agencyId: string, computedAt: string) {
  const agencies = await deps.agencies.list();
  const withChildren = new Set(agencies.flatMap((a) => (a.parentId ? [a.parentId] : [])));
  const children = agencies
    .filter((a) => a.parentId === agencyId)
    .map((a) => a.id)
    .sort();
  for (let attempt = 1; attempt <= CONSOLIDATION_ATTEMPTS; attempt++) {
    // The lock first, then the inputs: whatever lands after this read makes our write fail.
    const expected = await deps.statistics.consolidatedInputs(agencyId);
    const own = await deps.statistics.list(agencyId, 'own');
    const fromChildren = await pLimit(8).map(children, async (child) => {
      if (withChildren.has(child)) {
        const consolidated = await deps.statistics.list(child, 'consolidated');
        if (consolidated.length > 0) return consolidated;
      }
      return deps.statistics.list(child, 'own');
    });
    const byYear = new Map<number, StatisticsSnapshot[]>();
    for (const part of [...own, ...fromChildren.flat()]) {
      const list = byYear.get(part.year) ?? [];
      list.push(part);
      byYear.set(part.year, list);
    }
    // Without children an agency has no consolidated statistics (they are its own).
    if (children.length === 0) byYear.clear();
    const years = [...byYear.keys()].sort((a, b) => a - b);
    const deleted = [...expected.keys()].filter((year) => !byYear.has(year)).sort((a, b) => a - b);
    let previous: AgencyYearStatistics | undefined;
    let lost = false;
    for (const year of deleted) {
      if (!(await deps.statistics.deleteConsolidated(agencyId, year, expected.get(year)!))) {
        lost = true;
        break;
      }
    }
    for (const year of lost ? [] : years) {
      const parts = byYear.get(year)!;
      const statistics = consolidate(
        agencyId,
        parts.map((p) => p.statistics),
        previous?.year === year - 1 ? previous : undefined,
      );
      previous = statistics;
      const snapshot: StatisticsSnapshot = {
        agencyId,
        year,
        scope: 'consolidated',
        statistics,
        watermark: combinedWatermark(parts, deps.calendar.version, computedAt),
        agencyIds: [...new Set(parts.flatMap((p) => p.agencyIds))].sort(),
        inputs: inputsDigest(parts, deps.calendar.version),
      };
      if (!(await deps.statistics.putConsolidated(snapshot, expected.get(year)))) {
        lost = true;
        break;
      }
    }
    if (!lost) return { years, deleted, attempts: attempt };
    deps.log.info('nightly: consolidated statistics written meanwhile; computing again', {
      agencyId,
      attempt,
    });
  }
  throw new TransientError(
    `the consolidated statistics of ${agencyId} kept changing while they were computed (${CONSOLIDATION_ATTEMPTS} attempts)`,
  );
}

function combinedWatermark(
  parts: readonly StatisticsSnapshot[],
  calendarVersion: string,
  computedAt: string,
): Watermark {
  const combined = new WatermarkBuilder();
  for (const part of parts) combined.addWatermark(part.watermark);
  return combined.build({ rulesVersion: RULES_VERSION, calendarVersion }, computedAt);
}

/** Which parts, at which watermark (not when they were computed): equal inputs give an equal digest. */
function inputsDigest(parts: readonly StatisticsSnapshot[], calendarVersion: string): string {
  const described = parts
    .map((p) => [
      p.agencyId,
      p.scope,
      p.year,
      p.watermark.eventsFolded,
      p.watermark.newestReceivedAt,
      p.watermark.rulesVersion,
      p.inputs ?? null,
    ])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([RULES_VERSION, calendarVersion, described]))
    .digest('hex')
    .slice(0, 32);
}
