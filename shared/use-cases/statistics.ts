/**
 * Reading what the nightly computed: an agency's statistics of a year (own or consolidated) and its
 * deadlines. The API (functions/statistics-api) and the CLI (`gongkai statistics`) both go through here.
 *
 * Scope: the default is `own` — the agency's own events, the figures of its own report. `consolidated`
 * adds all its descendants'; for an agency without children (or whose roll-up has not run yet) it is
 * its own, since nothing else is below it as far as the last nightly knows.
 */

import { MAX_YEAR, MIN_YEAR } from '../domain/time.ts';
import { forbidden, invalidArgument, notFound } from '../errors.ts';
import type {
  DeadlinesSnapshot,
  DeadlinesStore,
  StatisticsScope,
  StatisticsSnapshot,
  StatisticsStore,
} from '../ports.ts';

export interface StatisticsReadDeps {
  readonly statistics: StatisticsStore;
  readonly deadlines: DeadlinesStore;
}

export const SCOPES = ['own', 'consolidated'] as const satisfies readonly StatisticsScope[];
export const DEFAULT_SCOPE: StatisticsScope = 'own';

export function parseScope(value: string | undefined): StatisticsScope {
  if (value === undefined || value === '') return DEFAULT_SCOPE;
  if ((SCOPES as readonly string[]).includes(value)) return value as StatisticsScope;
  throw invalidArgument(
    `scope must be one of: ${SCOPES.join(', ')} (default ${DEFAULT_SCOPE}), not "${value}"`,
  );
}

export function parseReportYear(value: string | undefined): number {
  const year = Number(value);
  if (!value || !/^\d{4}$/.test(value) || year < MIN_YEAR || year > MAX_YEAR) {
    throw invalidArgument(
      `the year must be a report year YYYY between ${MIN_YEAR} and ${MAX_YEAR}, not "${value ?? ''}"`,
    );
  }
  return year;
}

/** Refuses (403) an agency outside the caller's scope; `undefined` = a trusted caller (the CLI). */
export function assertMayRead(agencyId: string, allowed: ReadonlySet<string> | undefined): void {
  if (allowed === undefined || allowed.has(agencyId)) return;
  const may = [...allowed].sort().join(', ');
  throw forbidden(`this API key may not read agency "${agencyId}" (it may read: ${may || 'none'})`);
}

/** The statistics of one agency and year as answered: the national tables, extras, findings and provenance. */
export type StatisticsView = Pick<
  StatisticsSnapshot,
  'agencyId' | 'year' | 'scope' | 'agencyIds' | 'watermark'
> &
  Pick<StatisticsSnapshot['statistics'], 'format' | 'tables' | 'extras' | 'findings'>;

/** 404 for what the nightly has not computed yet. */
function notComputedYet(what: string) {
  return notFound(
    `no ${what} yet: they are computed by the nightly (02:00 Asia/Shanghai) from the events received`,
  );
}

export async function readStatistics(
  deps: Pick<StatisticsReadDeps, 'statistics'>,
  request: { agencyId: string; year: number; scope: StatisticsScope },
  allowed?: ReadonlySet<string>,
): Promise<StatisticsView> {
  const { agencyId, year, scope } = request;
  assertMayRead(agencyId, allowed);
  let snapshot = await deps.statistics.get(agencyId, year, scope);
  // No consolidated snapshot: the agency has no children (as of the last nightly), so it is its own.
  if (!snapshot && scope === 'consolidated') snapshot = await deps.statistics.get(agencyId, year, 'own');
  if (!snapshot) {
    throw notComputedYet(`statistics of agency "${agencyId}" for ${year}`);
  }
  const { statistics, watermark, agencyIds } = snapshot;
  return {
    agencyId,
    year,
    scope,
    format: statistics.format,
    tables: statistics.tables,
    extras: statistics.extras,
    findings: statistics.findings,
    agencyIds,
    watermark,
  };
}

export async function readDeadlines(
  deps: Pick<StatisticsReadDeps, 'deadlines'>,
  agencyId: string,
  allowed?: ReadonlySet<string>,
): Promise<DeadlinesSnapshot> {
  assertMayRead(agencyId, allowed);
  const snapshot = await deps.deadlines.get(agencyId);
  if (!snapshot) {
    throw notComputedYet(`deadlines of agency "${agencyId}"`);
  }
  return snapshot;
}
