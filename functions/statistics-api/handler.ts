/**
 * What the nightly computed, behind the API-key authorizer (a key reads the agencies it is for):
 *   GET /v1/agencies/{id}/statistics/{year}?scope=own|consolidated   (default own)
 *   GET /v1/agencies/{id}/deadlines
 * 200 with the snapshot; 400 a bad year or scope; 401 no valid key; 403 an agency outside the key's
 * scope; 404 nothing computed yet for it.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { tracedClients } from '../../shared/adapters/tracing.ts';
import { notFound } from '../../shared/errors.ts';
import {
  callerOf,
  type HttpEvent,
  type HttpResult,
  httpErrors,
  json,
  requireApiKey,
} from '../../shared/http/api.ts';
import type { Logger } from '../../shared/ports.ts';
import {
  parseReportYear,
  parseScope,
  readDeadlines,
  readStatistics,
  type StatisticsReadDeps,
} from '../../shared/use-cases/statistics.ts';

export const STATISTICS_ROUTES = {
  statistics: 'GET /v1/agencies/{id}/statistics/{year}',
  deadlines: 'GET /v1/agencies/{id}/deadlines',
} as const;

export interface StatisticsApiDeps {
  readonly read: StatisticsReadDeps;
  readonly log: Logger;
}

export function createStatisticsApiHandler(deps: StatisticsApiDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors(deps.log))
    .use(requireApiKey())
    .handler(async (event) => {
      const { agencyIds } = callerOf(event);
      const agencyId = event.pathParameters?.id ?? '';
      if (event.routeKey === STATISTICS_ROUTES.deadlines) {
        return json(200, await readDeadlines(deps.read, agencyId, agencyIds));
      }
      if (event.routeKey === STATISTICS_ROUTES.statistics) {
        const year = parseReportYear(event.pathParameters?.year);
        const scope = parseScope(event.queryStringParameters?.scope);
        return json(200, await readStatistics(deps.read, { agencyId, year, scope }, agencyIds));
      }
      throw notFound(`no such route: ${event.routeKey}`);
    });
}

let instance: ReturnType<typeof createStatisticsApiHandler> | undefined;

export const handler = lambdaLogContext((event: HttpEvent, context: Context) => {
  if (!instance) {
    const { stores } = defaultStores(tracedClients());
    instance = createStatisticsApiHandler({ read: stores, log: createLogger() });
  }
  return instance(event, context);
}, agencyOfEvent);
