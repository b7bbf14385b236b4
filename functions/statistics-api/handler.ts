/**
 * What the nightly computed, behind the API-key authorizer (a key reads the agencies it is for); the
 * routes are declared in shared/http/routes.ts:
 *   GET /v1/agencies/{id}/statistics/{year}?scope=own|consolidated   (default own)
 *   GET /v1/agencies/{id}/deadlines
 *   GET /v1/me   the key's agencies (the console's sign-in and agency list)
 * 200 with the snapshot; 400 a bad year or scope; 401 no valid key; 403 an agency outside the key's
 * scope; 404 nothing computed yet for it.
 */
import type { Context } from 'aws-lambda';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { tracedClients } from '../../shared/adapters/tracing.ts';
import { type Caller, type HttpEvent, type HttpResult, json, keyedHandler } from '../../shared/http/api.ts';
import { dispatch, type RouteKeyOf } from '../../shared/http/routes.ts';
import type { AgencyRegistry, Logger } from '../../shared/ports.ts';
import { agenciesInScope } from '../../shared/use-cases/agencies.ts';
import {
  parseReportYear,
  parseScope,
  readDeadlines,
  readStatistics,
  type StatisticsReadDeps,
} from '../../shared/use-cases/statistics.ts';

export interface StatisticsApiDeps {
  /** The snapshots, and the registry for the names of the key's agencies (`GET /v1/me`). */
  readonly read: StatisticsReadDeps & { readonly agencies: Pick<AgencyRegistry, 'getMany'> };
  readonly log: Logger;
}

type RouteHandler = (deps: StatisticsApiDeps, event: HttpEvent, caller: Caller) => Promise<HttpResult>;

/** The dispatch map: one entry per route of this function in shared/http/routes.ts, by its key. */
export const STATISTICS_ROUTES: Readonly<Record<RouteKeyOf<'statistics-api'>, RouteHandler>> = {
  'GET /v1/agencies/{id}/statistics/{year}': async (deps, event, { agencyIds }) => {
    const agencyId = event.pathParameters?.id ?? '';
    const year = parseReportYear(event.pathParameters?.year);
    const scope = parseScope(event.queryStringParameters?.scope);
    return json(200, await readStatistics(deps.read, { agencyId, year, scope }, agencyIds));
  },
  'GET /v1/agencies/{id}/deadlines': async (deps, event, { agencyIds }) =>
    json(200, await readDeadlines(deps.read, event.pathParameters?.id ?? '', agencyIds)),
  'GET /v1/me': async (deps, _event, { keyId, agencyIds }) =>
    json(200, { keyId, agencies: await agenciesInScope(deps.read, agencyIds) }),
};

export function createStatisticsApiHandler(deps: StatisticsApiDeps) {
  return keyedHandler(deps.log, (event, caller) =>
    dispatch(STATISTICS_ROUTES, event.routeKey)(deps, event, caller),
  );
}

let instance: ReturnType<typeof createStatisticsApiHandler> | undefined;

export const handler = lambdaLogContext((event: HttpEvent, context: Context) => {
  if (!instance) {
    const { stores } = defaultStores(tracedClients());
    instance = createStatisticsApiHandler({ read: stores, log: createLogger() });
  }
  return instance(event, context);
}, agencyOfEvent);
