/**
 * The local application: the real handlers wired to the stores, the routes of the local gateway, the
 * local ingest queue and the nightly scheduler. `startLocal` (runtime.ts) runs it on its own emulators;
 * the integration tests run it on theirs.
 *
 * Local-only routes (127.0.0.1, no key): GET /v1/health, POST /v1/admin/nightly (run the nightly now),
 * POST /v1/admin/queue (send a message to the ingest queue, as a trusted producer would on AWS),
 * GET /v1/admin/queue (its depth and dead letters).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAuthorizerHandler } from '../../functions/authorizer/handler.ts';
import { createIngestHttpHandler } from '../../functions/ingest-http/handler.ts';
import { createIngestQueueHandler } from '../../functions/ingest-queue/handler.ts';
import type { Clients } from '../../shared/adapters/clients.ts';
import { createStores, type Stores } from '../../shared/adapters/deps.ts';
import type { Config } from '../../shared/config.ts';
import { publicError } from '../../shared/errors.ts';
import { type HttpEvent, json, readBody } from '../../shared/http/api.ts';
import type { Clock, EventStore, Logger } from '../../shared/ports.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest.ts';
import { MAX_BODY_BYTES } from '../../shared/use-cases/ingest.ts';
import { runNightly } from '../../shared/use-cases/nightly.ts';
import { INGEST_QUEUE } from '../tables.ts';
import type { Route } from './gateway.ts';
import { LocalQueue } from './queue.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';

export interface LocalAppOptions {
  readonly config: Config;
  readonly clients: Clients;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Wraps the event store (tests inject faults this way, never by mocking the SDK). */
  readonly wrapEventStore?: (store: EventStore) => EventStore;
  readonly queue?: { visibilityTimeoutMs?: number; maxReceiveCount?: number; pollIntervalMs?: number };
  /** Whether to run the nightly at 02:00 Asia/Shanghai (off in tests). */
  readonly schedule?: boolean;
}

export interface LocalApp {
  readonly stores: Stores;
  readonly ingestDeps: IngestDeps;
  readonly routes: Route[];
  readonly queue: LocalQueue;
  readonly scheduler: Scheduler;
  /** Health: 503 "starting" until set ready (the demo is loaded), then 200. */
  setReady(ready: boolean, detail?: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export function createLocalApp(options: LocalAppOptions): LocalApp {
  const { config, clients, log } = options;
  const clock = options.clock ?? (() => new Date());
  const base = createStores(clients.dynamodb, config);
  const stores: Stores = { ...base, events: options.wrapEventStore?.(base.events) ?? base.events };
  const ingestDeps: IngestDeps = { ...stores, clock };

  const authorizer = createAuthorizerHandler({ keys: stores.keys, log, cacheTtlMs: config.keyCacheTtlMs });
  const ingestHttp = createIngestHttpHandler({ ingest: ingestDeps, log });
  const ingestQueue = createIngestQueueHandler({
    ingest: ingestDeps,
    log,
    maxReceiveCount: options.queue?.maxReceiveCount ?? config.queueMaxReceiveCount,
  });

  const queue = new LocalQueue({
    name: 'gongkai-ingest',
    handler: ingestQueue,
    log,
    visibilityTimeoutMs: options.queue?.visibilityTimeoutMs ?? INGEST_QUEUE.visibilityTimeoutSeconds * 1000,
    maxReceiveCount: options.queue?.maxReceiveCount ?? config.queueMaxReceiveCount,
    batchSize: INGEST_QUEUE.batchSize,
    pollIntervalMs: options.queue?.pollIntervalMs ?? 100,
    functionTimeoutSeconds: INGEST_QUEUE.functionTimeoutSeconds,
  });

  const scheduler = startScheduler({
    job: () => runNightly({ markers: stores.markers, events: stores.events, clock, log }),
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
    routes,
    queue,
    scheduler,
    setReady(value, detail = {}) {
      ready = value;
      readyDetail = detail;
    },
    async stop() {
      await queue.stop();
      await scheduler.stop();
    },
  };
}
