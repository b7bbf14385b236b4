/**
 * An isolated Gongkai on the shared emulators: fresh tables (random names), the real handlers behind the
 * real local gateway, the local queue. Faults are injected by wrapping a port, never by mocking the SDK.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { inject } from 'vitest';
import { createLocalApp, type LocalApp, type LocalAppOptions } from '../../infra/local/app.ts';
import { type Gateway, startGateway } from '../../infra/local/gateway.ts';
import { tableList } from '../../infra/local/runtime.ts';
import { type ClientOptions, type Clients, createClients } from '../../shared/adapters/clients.ts';
import { ensureTables } from '../../shared/adapters/dynamodb-tables.ts';
import { memoryLogger } from '../../shared/adapters/logger.ts';
import { type Config, loadConfig } from '../../shared/config.ts';
import type { EventStore } from '../../shared/ports.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { createKey } from '../../shared/use-cases/keys.ts';

/** What the API answers, loosely: the fields the tests read. */
export interface Answer {
  readonly summary: Record<string, number>;
  readonly results: {
    readonly index: number;
    readonly status: string;
    readonly eventId?: string;
    readonly agencyId?: string;
    readonly issues?: { path: string; message: string }[];
    readonly message?: string;
  }[];
  readonly error: {
    status: number;
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
  };
  readonly processed: string[];
}

/** Any answer of the gateway, as it came: status, headers, the text, and the body parsed when it is JSON. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: loosely typed answers, read field by field
  readonly body: any;
  readonly text: string;
}

/** One request to the gateway as a client sends it (redirects not followed); a string body is sent as is. */
export async function callGateway(
  gatewayUrl: string,
  method: string,
  path: string,
  options: { key?: string | undefined; body?: unknown; accept?: string } = {},
): Promise<HttpAnswer> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.accept ? { accept: options.accept } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body, text };
}

export interface TestGongkai {
  readonly config: Config;
  readonly clients: Clients;
  readonly app: LocalApp;
  readonly gateway: Gateway;
  readonly log: ReturnType<typeof memoryLogger>;
  /** Registers agencies (id → name) that are not registered yet. */
  agencies(...ids: string[]): Promise<void>;
  /** A fresh API key for these agencies. */
  keyFor(...agencyIds: string[]): Promise<string>;
  post(path: string, body: unknown, key?: string): Promise<{ status: number; body: Answer }>;
  /** Every stored event of an agency (parsed bodies). */
  stored(agencyId: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function testGongkai(
  options: {
    wrapEventStore?: (store: EventStore) => EventStore;
    queue?: { visibilityTimeoutMs?: number; maxReceiveCount?: number; pollIntervalMs?: number };
    /** Options of the client factory (a fault-injecting middleware). */
    clients?: ClientOptions;
    /** Another S3 emulator than the shared one (a test that restarts it or writes into its folder). */
    s3Endpoint?: string;
    /** Another instance (its own caches, as another Lambda instance) on the tables of this one. */
    sameTablesAs?: TestGongkai;
    /** More of the local app's options (the nightly's clock, calendar, store wrappers). */
    app?: Pick<LocalAppOptions, 'clock' | 'calendar' | 'wrapStores' | 'nightlyQueue' | 'consoleDir'>;
  } = {},
): Promise<TestGongkai> {
  const suffix = randomBytes(4).toString('hex');
  const config: Config = options.sameTablesAs?.config ?? {
    ...loadConfig({}),
    region: 'local',
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    s3Endpoint: options.s3Endpoint ?? inject('s3Endpoint'),
    tables: {
      events: `test-${suffix}-events`,
      registry: `test-${suffix}-registry`,
      statistics: `test-${suffix}-statistics`,
    },
  };
  const clients = options.sameTablesAs?.clients ?? createClients(config, options.clients);
  if (!options.sameTablesAs) await ensureTables(clients.dynamodb, tableList(config));
  const log = memoryLogger();
  const app = createLocalApp({
    config,
    clients,
    log,
    schedule: false,
    consoleDir: inject('consoleDir'),
    ...options.app,
    ...(options.wrapEventStore ? { wrapEventStore: options.wrapEventStore } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
  });
  const gateway = await startGateway({ routes: app.routes, log });
  app.setReady(true);
  const deps = { ...app.stores, clock: () => new Date() };

  return {
    config,
    clients,
    app,
    gateway,
    log,
    async agencies(...ids) {
      for (const id of ids) {
        if (!(await app.stores.agencies.get(id))) await registerAgency(deps, { id, name: `Agency ${id}` });
      }
    },
    async keyFor(...agencyIds) {
      return (await createKey(deps, { agencyIds })).key;
    },
    async post(path, body, key) {
      const response = await fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Answer };
    },
    async stored(agencyId) {
      const out: Record<string, unknown>[] = [];
      for await (const page of app.stores.events.readEvents(agencyId))
        out.push(...page.map((r) => JSON.parse(r.body)));
      return out;
    },
    async close() {
      await gateway.close();
      await app.stop();
      if (!options.sameTablesAs) clients.destroy();
    },
  };
}

/** An event of the contract, valid unless changed. */
export function received(eventId: string, agencyId = 'agency-a', overrides: Record<string, unknown> = {}) {
  return {
    eventId,
    agencyId,
    type: 'request.received',
    occurredAt: '2019-03-04T10:15:00+08:00',
    data: { requestId: `YSQ-${eventId}`, channel: 'online', applicantType: 'natural_person' },
    ...overrides,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
