/**
 * The local application: the real handlers wired to the stores, the routes of the local gateway (every
 * route of shared/http/routes.ts, each served by its function's local handler), the local ingest queue and
 * the nightly scheduler. `startLocal` (runtime.ts) runs it on its own emulators; the integration tests run
 * it on theirs.
 *
 * The local-only routes of the table (health and admin: 127.0.0.1, no key) are served by `local-admin`
 * below, dispatched by route key like the deployed functions.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { createAuthorizerHandler } from '../../functions/authorizer/handler.ts';
import { createGeneratorHandler } from '../../functions/generator/handler.ts';
import { createIngestHttpHandler } from '../../functions/ingest-http/handler.ts';
import { createIngestQueueHandler } from '../../functions/ingest-queue/handler.ts';
import { createNightlyDispatcherHandler } from '../../functions/nightly-dispatcher/handler.ts';
import { createNightlyWorkerHandler } from '../../functions/nightly-worker/handler.ts';
import { createReportsApiHandler } from '../../functions/reports-api/handler.ts';
import { createSiteHandler } from '../../functions/site/handler.ts';
import { createStatisticsApiHandler } from '../../functions/statistics-api/handler.ts';
import { CONSOLE_OUT_DIR } from '../../scripts/build-console.ts';
import type { Clients } from '../../shared/adapters/clients.ts';
import { createStores, type Stores } from '../../shared/adapters/deps.ts';
import { S3ArtifactStore } from '../../shared/adapters/s3-artifact-store.ts';
import type { Config } from '../../shared/config.ts';
import { CHINA_CALENDAR, type WorkingCalendar } from '../../shared/domain/calendar/index.ts';
import { publicError } from '../../shared/errors.ts';
import { type HttpEvent, type HttpResult, json, readBody } from '../../shared/http/api.ts';
import { dispatch, type HttpFunction, ROUTES, type RouteKeyOf } from '../../shared/http/routes.ts';
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
import { type Authorizer, type LambdaHandler, lambdaContext, type Route } from './gateway.ts';
import { LocalQueue } from './queue.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';

export interface LocalAppOptions {
  readonly config: Config;
  readonly clients: Clients;
  /** The stores on `clients`, if built already (the first start loads the demo through them meanwhile). */
  readonly stores?: Stores;
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
  /** The built console the site serves (default: config.consoleDir, else dist/console). */
  readonly consoleDir?: string;
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
  const stores = localStores(options);
  const ingestDeps: IngestDeps = { ...stores, clock };
  const s3Artifacts = new S3ArtifactStore(clients.s3, config.buckets.artifacts);
  const artifacts = options.wrapArtifactStore?.(s3Artifacts) ?? s3Artifacts;
  const generateDeps: GenerateDeps = { ...pickGenerateStores(stores), artifacts, clock, log };
  const queue = localIngestQueue(options, ingestDeps);
  const nightly = localNightly(options, stores, clock);
  const scheduler = startScheduler({
    job: () => nightly.dispatcher({}, lambdaContext('gongkai-nightly-dispatcher', 3600)),
    log,
    ...(options.schedule === false ? { schedule: false } : {}),
  });
  const health = { ready: false, detail: {} as Record<string, unknown> };

  const functions: LocalFunctions = {
    'ingest-http': asRouteHandler(createIngestHttpHandler({ ingest: ingestDeps, log })),
    'statistics-api': asRouteHandler(createStatisticsApiHandler({ read: stores, log })),
    'reports-api': asRouteHandler(
      createReportsApiHandler({
        artifacts,
        reports: stores.reports,
        clock,
        log,
        linkTtlSeconds: config.downloadLinkTtlSeconds,
      }),
    ),
    // The generator is also invoked directly on AWS; through the API it answers an HttpResult.
    generator: asRouteHandler(createGeneratorHandler({ generate: generateDeps, log })),
    site: asRouteHandler(
      createSiteHandler({
        read: { agencies: stores.agencies, reports: stores.reports, artifacts, clock },
        consoleDir: options.consoleDir ?? config.consoleDir ?? CONSOLE_OUT_DIR,
        log,
      }),
    ),
    'local-admin': localAdminHandler({ queue, scheduler, health, log }),
  };
  const authorizer = createAuthorizerHandler({ keys: stores.keys, log, cacheTtlMs: config.keyCacheTtlMs });

  return {
    stores,
    ingestDeps,
    artifacts,
    generateDeps,
    routes: localRoutes(functions, authorizer),
    queue,
    nightlyQueue: nightly.queue,
    nightlyDeps: { dispatch: nightly.dispatch, worker: nightly.worker },
    runNightly: (runOptions) => runNightly(nightly.dispatch, runOptions),
    scheduler,
    setReady(value, detail = {}) {
      health.ready = value;
      health.detail = detail;
    },
    async stop() {
      await queue.stop();
      await scheduler.stop();
      await nightly.queue.stop();
    },
  };
}

type RouteHandler = Route['handler'];
/** The local handler of each function behind a route of the table. */
export type LocalFunctions = Readonly<Record<HttpFunction, RouteHandler>>;

/** Every route of the table, served by its function's local handler (the authorizer where a key is read). */
export function localRoutes(functions: LocalFunctions, authorizer: Authorizer): Route[] {
  return ROUTES.map((route) => ({
    method: route.method,
    path: route.path,
    auth: route.auth,
    ...(route.auth === 'none' ? {} : { authorizer }),
    handler: functions[route.function],
    timeoutSeconds: route.timeoutSeconds,
  }));
}

/** A function handler as a route's handler (the gateway hands it payload 2.0 events). */
const asRouteHandler =
  (handler: (event: HttpEvent, context: Context) => Promise<unknown>): RouteHandler =>
  async (event, context) =>
    (await handler(event as HttpEvent, context)) as APIGatewayProxyResultV2;

/** The stores on the emulator, with the wrappers the tests inject faults through. */
function localStores(options: LocalAppOptions): Stores {
  const base = options.stores ?? createStores(options.clients.dynamodb, options.config);
  const withEvents: Stores = { ...base, events: options.wrapEventStore?.(base.events) ?? base.events };
  return options.wrapStores?.(withEvents) ?? withEvents;
}

const pickGenerateStores = (stores: Stores) => ({
  agencies: stores.agencies,
  reports: stores.reports,
  events: stores.events,
});

/** The ingest queue (trusted producers), run by the ingest-queue handler as its SQS trigger would. */
function localIngestQueue(options: LocalAppOptions, ingest: IngestDeps): LocalQueue {
  const maxReceiveCount = options.queue?.maxReceiveCount ?? options.config.queueMaxReceiveCount;
  return new LocalQueue({
    name: 'gongkai-ingest',
    handler: createIngestQueueHandler({ ingest, log: options.log, maxReceiveCount }),
    log: options.log,
    visibilityTimeoutMs: options.queue?.visibilityTimeoutMs ?? INGEST_QUEUE.visibilityTimeoutSeconds * 1000,
    maxReceiveCount,
    batchSize: INGEST_QUEUE.batchSize,
    pollIntervalMs: options.queue?.pollIntervalMs ?? 100,
    functionTimeoutSeconds: INGEST_QUEUE.functionTimeoutSeconds,
    ...(options.queue?.directory ? { directory: options.queue.directory } : {}),
  });
}

/** The nightly: the dispatcher's rounds over a local work queue run by the worker handler, as on AWS. */
function localNightly(options: LocalAppOptions, stores: Stores, clock: Clock) {
  const { log } = options;
  const worker: NightlyWorkerDeps = { ...stores, calendar: options.calendar ?? CHINA_CALENDAR, clock, log };
  const maxReceiveCount = options.nightlyQueue?.maxReceiveCount ?? NIGHTLY_WORK_QUEUE.maxReceiveCount;
  const queue = new LocalQueue({
    name: 'gongkai-nightly',
    handler: createNightlyWorkerHandler({ worker, log, maxReceiveCount }),
    log,
    visibilityTimeoutMs: options.nightlyQueue?.visibilityTimeoutMs ?? 1000,
    maxReceiveCount,
    batchSize: 4,
    pollIntervalMs: options.queue?.pollIntervalMs ?? 100,
    functionTimeoutSeconds: NIGHTLY_WORK_QUEUE.workerTimeoutSeconds,
  });
  const dispatch: NightlyDispatchDeps = { ...stores, queue: workQueueOf(queue), clock, log };
  const dispatcher = createNightlyDispatcherHandler({
    nightly: dispatch,
    log,
    emitMetric: (line) => log.debug('nightly metric (EMF)', { emf: line }),
  });
  return { queue, worker, dispatch, dispatcher };
}

/** The local queue as the nightly's WorkQueue port (SQS on AWS). */
function workQueueOf(queue: LocalQueue): WorkQueue<NightlyMessage> {
  return {
    async send(messages) {
      for (const m of messages) queue.send(JSON.stringify(m));
    },
    async drained(timeoutMs) {
      try {
        await queue.drained(timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export interface LocalAdminDeps {
  readonly queue: LocalQueue;
  readonly scheduler: Scheduler;
  /** Set ready once the demo is loaded (LocalApp.setReady). */
  readonly health: { ready: boolean; detail: Record<string, unknown> };
  readonly log: Logger;
}

/** The dispatch map of the local-only routes of shared/http/routes.ts, by route key. */
export const LOCAL_ADMIN_ROUTES: Readonly<
  Record<
    RouteKeyOf<'local-admin'>,
    (deps: LocalAdminDeps, event: APIGatewayProxyEventV2) => Promise<HttpResult>
  >
> = {
  'GET /v1/health': async ({ health, queue, scheduler }) =>
    health.ready
      ? json(200, { status: 'ok', ...health.detail, queue: queue.stats(), nextNightly: scheduler.nextRun() })
      : json(503, { status: 'starting', ...health.detail }),
  'POST /v1/admin/nightly': async ({ scheduler }) => json(200, await scheduler.runNow('on demand')),
  'POST /v1/admin/queue': async ({ queue }, event) => {
    const { text, bytes } = readBody(event);
    // SQS refuses an empty message too (SendMessage without a MessageBody).
    if (text.trim() === '') {
      return json(400, {
        error: {
          status: 400,
          code: 'invalid_argument',
          message:
            'the message is empty: send one event or {"events": [...]} as JSON (content-type: application/json), as a queue producer would',
        },
      });
    }
    if (bytes > MAX_BODY_BYTES) {
      return json(413, {
        error: { status: 413, code: 'payload_too_large', message: 'a message holds at most 1 MiB' },
      });
    }
    return json(202, { messageId: queue.send(text) });
  },
  'GET /v1/admin/queue': async ({ queue }) =>
    json(200, {
      ...queue.stats(),
      deadLetters: queue.deadLetters().map((m) => ({
        messageId: m.messageId,
        receiveCount: m.receiveCount,
        reason: m.lastFailure,
      })),
    }),
};

/** The local-only routes as one handler: an error is answered in the API's error model. */
function localAdminHandler(deps: LocalAdminDeps): LambdaHandler<APIGatewayProxyEventV2, HttpResult> {
  return async (event) => {
    try {
      return await dispatch(LOCAL_ADMIN_ROUTES, event.routeKey)(deps, event);
    } catch (error) {
      deps.log.error('local route failed', { route: event.routeKey, error });
      const body = publicError(error);
      return json(body.error.status, body);
    }
  };
}
