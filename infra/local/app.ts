/**
 * The local application: the real handlers wired to the stores, the routes of the local gateway, the
 * local ingest queue and the nightly scheduler. `startLocal` (runtime.ts) runs it on its own emulators;
 * the integration tests run it on theirs.
 *
 * Local-only routes (127.0.0.1, no key): GET /v1/health, POST /v1/admin/nightly (run the nightly now),
 * POST /v1/admin/queue (send a message to the ingest queue, as a trusted producer would on AWS),
 * GET /v1/admin/queue (its depth and dead letters).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createAuthorizerHandler } from '../../functions/authorizer/handler.ts';
import { createGeneratorHandler } from '../../functions/generator/handler.ts';
import { createIngestHttpHandler } from '../../functions/ingest-http/handler.ts';
import { createIngestQueueHandler } from '../../functions/ingest-queue/handler.ts';
import { createNightlyDispatcherHandler } from '../../functions/nightly-dispatcher/handler.ts';
import { createNightlyWorkerHandler } from '../../functions/nightly-worker/handler.ts';
import { createReportsApiHandler } from '../../functions/reports-api/handler.ts';
import { createStatisticsApiHandler, STATISTICS_ROUTES } from '../../functions/statistics-api/handler.ts';
import type { Clients } from '../../shared/adapters/clients.ts';
import { createStores, type Stores } from '../../shared/adapters/deps.ts';
import { S3ArtifactStore } from '../../shared/adapters/s3-artifact-store.ts';
import type { Config } from '../../shared/config.ts';
import { CHINA_CALENDAR, type WorkingCalendar } from '../../shared/domain/calendar/index.ts';
import { publicError } from '../../shared/errors.ts';
import { type HttpEvent, type HttpResult, json, readBody } from '../../shared/http/api.ts';
import type { ArtifactStore, Clock, EventStore, Logger, WorkQueue } from '../../shared/ports.ts';
import type { GenerateDeps } from '../../shared/use-cases/generate.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest.ts';
import { MAX_BODY_BYTES } from '../../shared/use-cases/ingest.ts';
import {
  type NightlyDispatchDeps,
  type NightlyMessage,
  type NightlyReport,
  type NightlyRunOptions,
  type NightlyWorkerDeps,
  runNightly,
} from '../../shared/use-cases/nightly.ts';
import { INGEST_QUEUE, NIGHTLY_WORK_QUEUE } from '../tables.ts';
import { lambdaContext, type Route } from './gateway.ts';
import { LocalQueue } from './queue.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';

export interface LocalAppOptions {
  readonly config: Config;
  readonly clients: Clients;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Wraps the event store (tests inject faults this way, never by mocking the SDK). */
  readonly wrapEventStore?: (store: EventStore) => EventStore;
  /** Wraps any store (tests inject faults into the nightly's writes this way). */
  readonly wrapStores?: (stores: Stores) => Stores;
  /** The working-day calendar of the nightly's deadlines (default CHINA_CALENDAR). */
  readonly calendar?: WorkingCalendar;
  /** The local nightly work queue: a failed agency is retried after this (default 1 s). */
  readonly nightlyQueue?: { visibilityTimeoutMs?: number; maxReceiveCount?: number };
  /** Wraps the artifact store (S3), e.g. to make a write fail. */
  readonly wrapArtifactStore?: (store: ArtifactStore) => ArtifactStore;
  readonly queue?: {
    visibilityTimeoutMs?: number;
    maxReceiveCount?: number;
    pollIntervalMs?: number;
    /** Keeps the ingest queue's messages in this folder (durable across a crash). */
    directory?: string;
  };
  /** Whether to run the nightly at 02:00 Asia/Shanghai (off in tests). */
  readonly schedule?: boolean;
}

export interface LocalApp {
  readonly stores: Stores;
  readonly ingestDeps: IngestDeps;
  /** The report artifacts (s3rver) and what generating a report version needs. */
  readonly artifacts: ArtifactStore;
  readonly generateDeps: GenerateDeps;
  readonly routes: Route[];
  readonly queue: LocalQueue;
  /** The nightly work queue (one message per agency), run by the nightly worker handler. */
  readonly nightlyQueue: LocalQueue;
  readonly nightlyDeps: { readonly dispatch: NightlyDispatchDeps; readonly worker: NightlyWorkerDeps };
  /** Runs the nightly now (dispatch + the local worker queue), with options; the scheduler runs it plainly. */
  runNightly(options?: NightlyRunOptions): Promise<NightlyReport>;
  readonly scheduler: Scheduler;
  /** Health: 503 "starting" until set ready (the demo is loaded), then 200. */
  setReady(ready: boolean, detail?: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export function createLocalApp(options: LocalAppOptions): LocalApp {
  const { config, clients, log } = options;
  const clock = options.clock ?? (() => new Date());
  const base = createStores(clients.dynamodb, config);
  const withEvents: Stores = { ...base, events: options.wrapEventStore?.(base.events) ?? base.events };
  const stores: Stores = options.wrapStores?.(withEvents) ?? withEvents;
  const ingestDeps: IngestDeps = { ...stores, clock };

  const authorizer = createAuthorizerHandler({ keys: stores.keys, log, cacheTtlMs: config.keyCacheTtlMs });
  const ingestHttp = createIngestHttpHandler({ ingest: ingestDeps, log });
  const ingestQueue = createIngestQueueHandler({
    ingest: ingestDeps,
    log,
    maxReceiveCount: options.queue?.maxReceiveCount ?? config.queueMaxReceiveCount,
  });

  // Reports: the generator (POST …/generate; on AWS also invoked directly) and the reports API.
  const s3Artifacts = new S3ArtifactStore(clients.s3, config.buckets.artifacts);
  const artifacts = options.wrapArtifactStore?.(s3Artifacts) ?? s3Artifacts;
  const generateDeps: GenerateDeps = {
    agencies: stores.agencies,
    reports: stores.reports,
    events: stores.events,
    artifacts,
    clock,
    log,
  };
  const generator = createGeneratorHandler({ generate: generateDeps, log });
  const reportsApi = createReportsApiHandler({
    artifacts,
    reports: stores.reports,
    clock,
    log,
    linkTtlSeconds: config.downloadLinkTtlSeconds,
  });
  /**
   * The authorizer WITHOUT an identity source, as the CDK stack sets it on the key-optional routes: the
   * gateway calls it with or without an Authorization header, and the verdict reaches the handler.
   */
  const optionalKey =
    (run: (event: HttpEvent, context: Context) => Promise<HttpResult>) =>
    async (event: APIGatewayProxyEventV2, context: Context) => {
      const verdict = await authorizer(
        {
          version: '2.0',
          type: 'REQUEST',
          routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${event.routeKey.replace(' ', '')}`,
          identitySource: [],
          routeKey: event.routeKey,
          rawPath: event.rawPath,
          rawQueryString: event.rawQueryString,
          cookies: event.cookies ?? [],
          headers: event.headers,
          requestContext: event.requestContext,
          ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
          ...(event.queryStringParameters ? { queryStringParameters: event.queryStringParameters } : {}),
        },
        lambdaContext('authorizer', 10),
      );
      if (!verdict?.isAuthorized) return json(403, { message: 'Forbidden' });
      (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: verdict.context ?? {} };
      return run(event as HttpEvent, context);
    };

  const queue = new LocalQueue({
    name: 'gongkai-ingest',
    handler: ingestQueue,
    log,
    visibilityTimeoutMs: options.queue?.visibilityTimeoutMs ?? INGEST_QUEUE.visibilityTimeoutSeconds * 1000,
    maxReceiveCount: options.queue?.maxReceiveCount ?? config.queueMaxReceiveCount,
    batchSize: INGEST_QUEUE.batchSize,
    pollIntervalMs: options.queue?.pollIntervalMs ?? 100,
    functionTimeoutSeconds: INGEST_QUEUE.functionTimeoutSeconds,
    ...(options.queue?.directory ? { directory: options.queue.directory } : {}),
  });

  // The nightly: the dispatcher's rounds over a local work queue run by the worker handler, as on AWS.
  const worker: NightlyWorkerDeps = { ...stores, calendar: options.calendar ?? CHINA_CALENDAR, clock, log };
  const nightlyMaxReceiveCount = options.nightlyQueue?.maxReceiveCount ?? NIGHTLY_WORK_QUEUE.maxReceiveCount;
  const nightlyQueue = new LocalQueue({
    name: 'gongkai-nightly',
    handler: createNightlyWorkerHandler({ worker, log, maxReceiveCount: nightlyMaxReceiveCount }),
    log,
    visibilityTimeoutMs: options.nightlyQueue?.visibilityTimeoutMs ?? 1000,
    maxReceiveCount: nightlyMaxReceiveCount,
    batchSize: 4,
    pollIntervalMs: options.queue?.pollIntervalMs ?? 100,
    functionTimeoutSeconds: NIGHTLY_WORK_QUEUE.workerTimeoutSeconds,
  });
  const nightlyWork: WorkQueue<NightlyMessage> = {
    async send(messages) {
      for (const m of messages) nightlyQueue.send(JSON.stringify(m));
    },
    async drained(timeoutMs) {
      try {
        await nightlyQueue.drained(timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
  };
  const dispatch: NightlyDispatchDeps = { ...stores, queue: nightlyWork, clock, log };
  const dispatcher = createNightlyDispatcherHandler({
    nightly: dispatch,
    log,
    emitMetric: (line) => log.debug('nightly metric (EMF)', { emf: line }),
  });
  const statisticsApi = createStatisticsApiHandler({ read: stores, log });

  const scheduler = startScheduler({
    job: () => dispatcher({}, lambdaContext('gongkai-nightly-dispatcher', 3600)),
    log,
    ...(options.schedule === false ? { schedule: false } : {}),
  });

  let ready = false;
  let readyDetail: Record<string, unknown> = {};

  const local =
    (run: (event: APIGatewayProxyEventV2) => Promise<ReturnType<typeof json>>) =>
    async (event: APIGatewayProxyEventV2) => {
      try {
        return await run(event);
      } catch (error) {
        log.error('local route failed', { route: event.routeKey, error });
        const body = publicError(error);
        return json(body.error.status, body);
      }
    };

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/v1/events',
      authorizer: (event, context) => authorizer(event, context),
      handler: (event, context) => ingestHttp(event as HttpEvent, context),
      timeoutSeconds: 30,
    },
    ...(
      [
        ['PUT', '/v1/agencies/{id}/template'],
        ['GET', '/v1/agencies/{id}/template'],
        ['DELETE', '/v1/agencies/{id}/template'],
        ['PUT', '/v1/agencies/{id}/reports/{year}/narrative'],
        ['POST', '/v1/agencies/{id}/reports/{year}/publish'],
      ] as const
    ).map(
      ([method, path]): Route => ({
        method,
        path,
        authorizer: (event, context) => authorizer(event, context),
        handler: (event, context) => reportsApi(event as HttpEvent, context),
        timeoutSeconds: 29,
      }),
    ),
    {
      method: 'POST',
      path: '/v1/agencies/{id}/reports/{year}/generate',
      authorizer: (event, context) => authorizer(event, context),
      handler: async (event, context) => (await generator(event as HttpEvent, context)) as HttpResult,
      timeoutSeconds: 300,
    },
    ...[
      '/v1/agencies/{id}/reports/{year}/versions',
      '/v1/agencies/{id}/reports/{year}/versions/{v}/{artifact}',
    ].map(
      (path): Route => ({
        method: 'GET',
        path,
        handler: optionalKey((event, context) => reportsApi(event, context)),
        timeoutSeconds: 29,
      }),
    ),
    {
      method: 'GET',
      path: '/v1/public/reports/{id}/{year}',
      handler: (event, context) => reportsApi(event as HttpEvent, context),
      timeoutSeconds: 29,
    },
    ...[STATISTICS_ROUTES.statistics, STATISTICS_ROUTES.deadlines].map(
      (routeKey): Route => ({
        method: 'GET',
        path: routeKey.slice('GET '.length),
        authorizer: (event, context) => authorizer(event, context),
        handler: (event, context) => statisticsApi(event as HttpEvent, context),
        timeoutSeconds: 29,
      }),
    ),
    {
      method: 'GET',
      path: '/v1/health',
      handler: local(async () =>
        ready
          ? json(200, {
              status: 'ok',
              ...readyDetail,
              queue: queue.stats(),
              nextNightly: scheduler.nextRun(),
            })
          : json(503, { status: 'starting', ...readyDetail }),
      ),
    },
    {
      method: 'POST',
      path: '/v1/admin/nightly',
      handler: local(async () => json(200, await scheduler.runNow('on demand'))),
      timeoutSeconds: 900,
    },
    {
      method: 'POST',
      path: '/v1/admin/queue',
      handler: local(async (event) => {
        const { text, bytes } = readBody(event);
        if (bytes > MAX_BODY_BYTES) {
          return json(413, {
            error: { status: 413, code: 'payload_too_large', message: 'a message holds at most 1 MiB' },
          });
        }
        return json(202, { messageId: queue.send(text) });
      }),
    },
    {
      method: 'GET',
      path: '/v1/admin/queue',
      handler: local(async () =>
        json(200, {
          ...queue.stats(),
          deadLetters: queue.deadLetters().map((m) => ({
            messageId: m.messageId,
            receiveCount: m.receiveCount,
            reason: m.lastFailure,
          })),
        }),
      ),
    },
  ];

  return {
    stores,
    ingestDeps,
    artifacts,
    generateDeps,
    routes,
    queue,
    nightlyQueue,
    nightlyDeps: { dispatch, worker },
    runNightly: (runOptions) => runNightly(dispatch, runOptions),
    scheduler,
    setReady(value, detail = {}) {
      ready = value;
      readyDetail = detail;
    },
    async stop() {
      await queue.stop();
      await scheduler.stop();
      await nightlyQueue.stop();
    },
  };
}
