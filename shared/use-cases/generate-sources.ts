/**
 * Where the generator's statistics come from: a `LoadStatistics` function, `statisticsFromEventLog` —
 * the agency's event log folded now (EventStore.readEvents → parse → validate → StatisticsFold), with the
 * timeliness of the replies (RequestTimelines). Always up to date, never as old as the last nightly: what
 * the `run` CLI and every generation use; tests inject another `LoadStatistics` to force findings.
 *
 * It answers the watermark the statistics were computed from. After a year's publication the generator
 * also needs the amendments — the year's events received after the published watermark — which only the
 * log has: `readAgencyLog` finds them in the same pass as the fold, or on its own.
 */
import { CALENDAR_VERSION, CHINA_CALENDAR } from '../domain/calendar/index.ts';
import { validateEvent } from '../domain/contract.ts';
import { RequestTimelines, timeliness as timelinessOf } from '../domain/deadlines.ts';
import type { Timeliness as ReportTimeliness } from '../domain/report/model.ts';
import { RULES_VERSION } from '../domain/rules/index.ts';
import { StatisticsFold } from '../domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../domain/statistics/types.ts';
import { parseOccurredAt, yearBounds, yearOfDay } from '../domain/time.ts';
import type { Clock, EventStore, Logger, Watermark } from '../ports.ts';
import { type AmendmentEvent, MAX_LISTED_AMENDMENTS } from './generate-manifest.ts';
import { WatermarkBuilder } from './watermark.ts';

/** The events of the year stored after a publication's watermark. */
export interface AmendmentScan {
  readonly count: number;
  /** The first MAX_LISTED_AMENDMENTS by receivedAt, then eventId. */
  readonly events: readonly AmendmentEvent[];
  /** Events with receivedAt ≤ the watermark that it did not count (written while it was read). */
  readonly lateCommitted: number;
}

export interface LoadedStatistics {
  readonly statistics: AgencyYearStatistics;
  /** The year before, when the agency has figures for it (the year-over-year comparison). */
  readonly previous?: AgencyYearStatistics;
  readonly watermark: Watermark;
  readonly timeliness?: ReportTimeliness;
  /** Present when asked for (`amendmentsSince`) and the source could find them. */
  readonly amendments?: AmendmentScan;
}

export type LoadStatistics = (
  agencyId: string,
  year: number,
  options?: { readonly amendmentsSince?: Watermark },
) => Promise<LoadedStatistics | undefined>;

export interface LogPass {
  readonly watermark: Watermark;
  readonly statistics?: AgencyYearStatistics;
  readonly previous?: AgencyYearStatistics;
  readonly timeliness?: ReportTimeliness;
  readonly amendments?: AmendmentScan;
  /** Stored events that no longer pass the contract (skipped). */
  readonly invalid: number;
}

/**
 * One pass over an agency's log: the watermark, and (`fold`) the year's statistics, the year before's and
 * the timeliness, and (`amendmentsSince`) the amendments.
 */
export async function readAgencyLog(
  events: Pick<EventStore, 'readEvents'>,
  clock: Clock,
  agencyId: string,
  year: number,
  options: { readonly fold: boolean; readonly amendmentsSince?: Watermark | undefined },
): Promise<LogPass> {
  const fold = options.fold ? new StatisticsFold() : undefined;
  const timelines = options.fold ? new RequestTimelines() : undefined;
  const since = options.amendmentsSince;
  const amendments: AmendmentEvent[] = [];
  let atOrBeforeSince = 0;
  let invalid = 0;
  const newest = new WatermarkBuilder();
  let previousYearEvents = 0;

  for await (const page of events.readEvents(agencyId)) {
    for (const record of page) {
      const instant = parseOccurredAt(record.occurredAt);
      newest.addEvent(record.receivedAt, record.occurredAt, instant?.ms);
      const eventYear = instant ? yearOfDay(instant.day) : undefined;
      if (eventYear === year - 1) previousYearEvents++;
      if (since) {
        // receivedAt is ISO 8601 UTC with milliseconds everywhere (toISOString): it sorts as text.
        if (since.newestReceivedAt !== null && record.receivedAt <= since.newestReceivedAt) atOrBeforeSince++;
        else if (eventYear === year) {
          const { eventId, type, occurredAt, receivedAt } = record;
          amendments.push({ eventId, type, occurredAt, receivedAt });
        }
      }
      if (fold && timelines) {
        const validation = validateEvent(JSON.parse(record.body));
        if (!validation.ok) {
          invalid++;
          continue;
        }
        fold.add(validation.event);
        timelines.add(validation.event);
      }
    }
  }

  const watermark = newest.build(
    { rulesVersion: RULES_VERSION, calendarVersion: CALENDAR_VERSION },
    clock().toISOString(),
  );
  const out: {
    -readonly [K in keyof LogPass]: LogPass[K];
  } = { watermark, invalid };
  if (fold && timelines) {
    out.statistics = fold.statistics({ agencyId, year })[0]!;
    if (previousYearEvents > 0) out.previous = fold.statistics({ agencyId, year: year - 1 })[0]!;
    const t = timelinessOf(timelines.deadlines(yearBounds(year).last, CHINA_CALENDAR), year);
    if (t.shareOnTime !== null)
      out.timeliness = { shareOnTime: t.shareOnTime, medianWorkingDays: t.medianWorkingDaysToDecision };
  }
  if (since) {
    amendments.sort((a, b) =>
      a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.eventId < b.eventId ? -1 : 1,
    );
    out.amendments = {
      count: amendments.length,
      events: amendments.slice(0, MAX_LISTED_AMENDMENTS),
      lateCommitted: Math.max(0, atOrBeforeSince - since.eventsFolded),
    };
  }
  return out;
}

/** Statistics folded from the agency's event log, now. */
export function statisticsFromEventLog(
  events: Pick<EventStore, 'readEvents'>,
  clock: Clock,
  log?: Logger,
): LoadStatistics {
  return async (agencyId, year, options = {}) => {
    const pass = await readAgencyLog(events, clock, agencyId, year, {
      fold: true,
      amendmentsSince: options.amendmentsSince,
    });
    if (pass.invalid > 0)
      log?.warn('stored events that fail the contract were skipped', { agencyId, invalid: pass.invalid });
    const { statistics, previous, timeliness, amendments, watermark } = pass;
    if (!statistics) return undefined;
    return {
      statistics,
      watermark,
      ...(previous ? { previous } : {}),
      ...(timeliness ? { timeliness } : {}),
      ...(amendments ? { amendments } : {}),
    };
  };
}
