/**
 * The nightly job (02:00 Asia/Shanghai): for each agency changed since the last run, recompute what is
 * derived from its event log.
 *
 * PLACEHOLDER: the statistics, findings and deadlines are built later. For now `runNightly` only lists the
 * "changed" markers and clears each one that did not change while it ran, which is the contract the real
 * job keeps: read a marker, do the agency's work, then clear the marker only if it still has the version
 * read (an event that arrives during the run leaves it in place for the next run).
 */
import type { ChangeMarkers, Clock, EventStore, Logger } from '../ports.ts';

export interface NightlyDeps {
  readonly markers: ChangeMarkers;
  readonly events: EventStore;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface NightlyReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Agencies whose marker was cleared (processed). */
  readonly processed: readonly string[];
  /** Agencies whose marker changed during the run: they stay marked for the next run. */
  readonly remarked: readonly string[];
}

export async function runNightly(deps: NightlyDeps): Promise<NightlyReport> {
  const startedAt = deps.clock().toISOString();
  const marks = await deps.markers.list();
  const processed: string[] = [];
  const remarked: string[] = [];
  for (const mark of marks) {
    // The real job recomputes the agency here (deps.events.readEvents(mark.agencyId) → fold → store).
    if (await deps.markers.clear(mark)) processed.push(mark.agencyId);
    else remarked.push(mark.agencyId);
  }
  const finishedAt = deps.clock().toISOString();
  deps.log.info('nightly finished', { processed: processed.length, remarked: remarked.length, startedAt });
  return { startedAt, finishedAt, processed, remarked };
}
