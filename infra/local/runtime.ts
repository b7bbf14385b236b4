/**
 * The embedded default (`npm start`): dynalite and s3rver in this process with their data under the data
 * folder (default `.gongkai/`, or GONGKAI_DATA_DIR), the local HTTP gateway on 127.0.0.1:PORT, the local
 * ingest queue and the nightly scheduler. First start: the demo agency, a demo key (also written to
 * `<data>/demo-api-key`, mode 0600) and the demo data set. A restart keeps everything and loads nothing again.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clients, createClients } from '../../shared/adapters/clients.ts';
import { SoleWriterEventStore } from '../../shared/adapters/dynamodb-event-store.ts';
import { ensureTables } from '../../shared/adapters/dynamodb-tables.ts';
import { type Config, configToEnv, loadConfig } from '../../shared/config.ts';
import type { Logger } from '../../shared/ports.ts';
import { authenticate } from '../../shared/use-cases/keys.ts';
import { BUCKETS, TABLES } from '../tables.ts';
import { createLocalApp, type LocalApp } from './app.ts';
import {
  DEMO_AGENCY,
  ensureDemoAgencyAndKey,
  inThreadIngester,
  type LoadReport,
  loadEvents,
  progressPrinter,
} from './demo.ts';
import { type Emulator, startDynalite, startS3rver } from './emulators.ts';
import { type Gateway, startGateway } from './gateway.ts';

export const DEFAULT_DATA_DIR = '.gongkai';
export const DEFAULT_DEMO_FILE = fileURLToPath(new URL('../../demo/hz-psb-2019.jsonl', import.meta.url));

export const dataDirFrom = (env: NodeJS.ProcessEnv = process.env) =>
  resolve(env.GONGKAI_DATA_DIR || DEFAULT_DATA_DIR);

/** What a running `npm start` leaves in its data folder, so the CLI can use its emulator meanwhile. */
export interface RuntimeFile {
  readonly pid: number;
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint: string;
  readonly startedAt: string;
}

export const runtimeFilePath = (dataDir: string) => join(dataDir, 'runtime.json');

export function readRunningRuntime(dataDir: string): RuntimeFile | undefined {
  const path = runtimeFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const runtime = JSON.parse(readFileSync(path, 'utf8')) as RuntimeFile;
    process.kill(runtime.pid, 0); // throws if no such process
    return runtime;
  } catch {
    return undefined;
  }
}

/** Emulators on a data folder, their config and clients, with the tables created: what start and the CLI share. */
export async function openLocalStorage(dataDir: string, env: NodeJS.ProcessEnv = process.env) {
  mkdirSync(dataDir, { recursive: true });
  const base = loadConfig(env);
  const dynamodb = await startDynalite({ path: join(dataDir, 'dynamodb'), thread: true });
  let s3: Emulator;
  try {
    const buckets = (Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]).map((key) => base.buckets[key]);
    s3 = await startS3rver({ directory: join(dataDir, 's3'), buckets });
  } catch (error) {
    await dynamodb.close();
    throw error;
  }
  const config: Config = { ...base, dynamodbEndpoint: dynamodb.endpoint, s3Endpoint: s3.endpoint };
  const clients = createClients(config);
  const emulators = [dynamodb, s3];
  /** Destroys the SDK clients first (open keep-alive sockets would hold the emulators), then closes them. */
  const close = async () => {
    clients.destroy();
    await Promise.allSettled(emulators.map((e) => e.close()));
  };
  try {
    await ensureTables(clients.dynamodb, tableList(config));
  } catch (error) {
    await close();
    throw error;
  }
  return { config, clients, endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint }, close };
}

export const tableList = (config: Config) =>
  (Object.keys(TABLES) as (keyof typeof TABLES)[]).map((key) => ({
    name: config.tables[key],
    shape: TABLES[key],
  }));

export interface StartOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
  readonly demoFile?: string;
  readonly loadDemo?: boolean;
  readonly nightlyNow?: boolean;
  readonly log: Logger;
  /** Aborts the demo load (a stop asked for while starting); the demo then loads again on the next start. */
  readonly signal?: AbortSignal;
  /** Where the human-facing text goes (progress, the "what next" box). */
  readonly out: { write(text: string): void; isTTY?: boolean };
}

export interface LocalRuntime {
  readonly url: string;
  readonly dataDir: string;
  readonly demoKey: string;
  readonly app: LocalApp;
  readonly clients: Clients;
  readonly startupMs: number;
  stop(): Promise<void>;
}

export async function startLocal(options: StartOptions): Promise<LocalRuntime> {
  const started = performance.now();
  const { dataDir, log, out } = options;
  const running = readRunningRuntime(dataDir);
  if (running) {
    throw new Error(
      `Gongkai is already running on this data folder (pid ${running.pid}, ${running.url}); stop it first`,
    );
  }
  const storage = await openLocalStorage(dataDir);
  const { config, clients } = storage;
  // Handlers wired from the environment (and child tools) see the same endpoints and names.
  Object.assign(process.env, configToEnv(config));

  const app = createLocalApp({ config, clients, log });
  const queueFile = join(dataDir, 'queue.json');
  if (existsSync(queueFile)) app.queue.restore(JSON.parse(readFileSync(queueFile, 'utf8')));

  let gateway: Gateway | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await gateway?.close();
      await app.stop();
      writeFileSync(queueFile, JSON.stringify(app.queue.snapshot()));
      await storage.close();
      if (gateway) rmSync(runtimeFilePath(dataDir), { force: true });
    })());

  try {
    // The demo agency and its key (kept across restarts in <data>/demo-api-key, mode 0600).
    const keyFile = join(dataDir, 'demo-api-key');
    const previous = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined;
    const { key, created } = await ensureDemoAgencyAndKey(
      { ...app.stores, clock: () => new Date() },
      previous,
    );
    if (created) {
      writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
      chmodSync(keyFile, 0o600);
    }

    // The demo data set, once.
    const loadedFile = join(dataDir, 'demo-loaded.json');
    const demoFile = options.demoFile ?? DEFAULT_DEMO_FILE;
    let loaded: LoadReport | undefined;
    let demoNote: string;
    if (options.loadDemo === false) {
      demoNote = 'demo data: not loaded (--no-demo)';
    } else if (existsSync(loadedFile)) {
      demoNote = `demo data: loaded on a previous start (${JSON.parse(readFileSync(loadedFile, 'utf8')).loadedAt})`;
    } else if (!existsSync(demoFile)) {
      demoNote = `demo data: none found at ${demoFile}; nothing loaded`;
    } else {
      // Before the API listens and the queue runs: this loader is the only writer, so it may write in
      // batches (one membership read, then BatchWriteItem) and still answer exactly.
      const auth = await authenticate(app.stores, key);
      const keyId = auth.ok ? auth.keyId : 'demo';
      const scope = { kind: 'key' as const, keyId, agencyIds: new Set([DEMO_AGENCY.id]) };
      const events = new SoleWriterEventStore(clients.dynamodb, config.tables.events);
      const ingester = inThreadIngester({ ...app.ingestDeps, events }, scope);
      const progress = progressPrinter((t) => out.write(t), Boolean(out.isTTY));
      app.setReady(false, { loading: demoFile });
      try {
        loaded = await loadEvents({
          ingester,
          file: demoFile,
          log,
          progress,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } finally {
        await ingester.close();
      }
      progress.end();
      if (loaded && !loaded.aborted)
        writeFileSync(
          loadedFile,
          `${JSON.stringify({ ...loaded, loadedAt: new Date().toISOString() }, null, 2)}\n`,
        );
      demoNote = loaded?.aborted
        ? 'demo data: loading interrupted; it goes on at the next start'
        : loaded
          ? `demo data: ${loaded.summary.accepted} events loaded from ${demoFile} in ${(loaded.ms / 1000).toFixed(1)} s` +
            ` (duplicate ${loaded.summary.duplicate}, rejected ${loaded.summary.rejected}, conflict ${loaded.summary.conflict})`
          : `demo data: none found at ${demoFile}`;
    }

    try {
      gateway = await startGateway({
        routes: app.routes,
        log,
        port: options.port,
        ...(options.host ? { host: options.host } : {}),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(`port ${options.port} is in use: choose another with PORT=… or --port …`);
      }
      throw error;
    }
    const runtime: RuntimeFile = {
      pid: process.pid,
      url: gateway.url,
      dynamodbEndpoint: storage.endpoints.dynamodb,
      s3Endpoint: storage.endpoints.s3,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(runtimeFilePath(dataDir), `${JSON.stringify(runtime, null, 2)}\n`);

    app.queue.start();
    const startupMs = Math.round(performance.now() - started);
    app.setReady(true, { dataDir, startupMs });
    if (options.nightlyNow) await app.scheduler.runNow('--nightly-now');
    if (!options.signal?.aborted)
      out.write(
        nextSteps({
          url: gateway.url,
          dataDir,
          key,
          keyFile,
          demoNote,
          startupMs,
          nextNightly: app.scheduler.nextRun(),
        }),
      );
    return { url: gateway.url, dataDir, demoKey: key, app, clients, startupMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function nextSteps(o: {
  url: string;
  dataDir: string;
  key: string;
  keyFile: string;
  demoNote: string;
  startupMs: number;
  nextNightly: Date | null;
}): string {
  const event = JSON.stringify({
    eventId: 'try-0001',
    agencyId: DEMO_AGENCY.id,
    type: 'request.received',
    occurredAt: '2019-12-30T09:30:00+08:00',
    data: { requestId: 'YSQ-TRY-0001', channel: 'online', applicantType: 'natural_person' },
  });
  return [
    '',
    `Gongkai is running on ${o.url} (ready in ${(o.startupMs / 1000).toFixed(1)} s)`,
    `  data folder  ${o.dataDir}  (kept across restarts)`,
    `  ${o.demoNote}`,
    `  demo key     ${o.key}  (agency ${DEMO_AGENCY.id}; also in ${o.keyFile})`,
    `  nightly      02:00 Asia/Shanghai, next ${o.nextNightly?.toISOString() ?? '—'}`,
    '',
    'Try:',
    `  curl -s ${o.url}/v1/health`,
    `  curl -s -X POST ${o.url}/v1/events \\`,
    `    -H "Authorization: Bearer $(cat ${o.keyFile})" -H 'content-type: application/json' \\`,
    `    -d '${event}'`,
    `  curl -s -X POST ${o.url}/v1/admin/nightly          # run the nightly now`,
    `  curl -s -X POST ${o.url}/v1/admin/queue -d @events.json   # as a queue producer would`,
    '  npm run gongkai -- keys create --agency hz-psb     # another key (while this runs, too)',
    '  npm run gongkai -- agencies list',
    '',
    'Ctrl-C stops it; the data stays.',
    '',
  ].join('\n');
}
