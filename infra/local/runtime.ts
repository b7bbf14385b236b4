/**
 * The embedded default (`npm start`): dynalite and s3rver in this process with their data under the data
 * folder (default `.gongkai/`, or GONGKAI_DATA_DIR), the local HTTP gateway on 127.0.0.1:PORT, the local
 * ingest queue and the nightly scheduler. First start: the demo agency, a demo key (also written to
 * `<data>/demo-api-key`, mode 0600) and the demo data set. A restart keeps everything and loads nothing again.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_OUT_DIR } from '../../scripts/build-console.ts';
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
import { demoPublishedMarker, publishDemoReportOnce, setUpDemoReport } from './demo-report.ts';
import { type Emulator, startDynalite, startS3rver } from './emulators.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { buildServedConsole } from './site.ts';

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

/**
 * What runtime.json says: no runtime, a running one, or a stale lock — its process is gone (a kill -9), is
 * this very process (a pid reused after a restart), or is some other program that got its pid.
 */
export type RuntimeFileState =
  | { readonly state: 'none' }
  | { readonly state: 'running'; readonly runtime: RuntimeFile }
  | { readonly state: 'stale'; readonly runtime?: RuntimeFile; readonly reason: string };

export function inspectRuntimeFile(dataDir: string): RuntimeFileState {
  const path = runtimeFilePath(dataDir);
  if (!existsSync(path)) return { state: 'none' };
  let runtime: RuntimeFile;
  try {
    runtime = JSON.parse(readFileSync(path, 'utf8')) as RuntimeFile;
    if (!Number.isInteger(runtime.pid) || runtime.pid <= 0) throw new Error('no pid');
  } catch {
    return { state: 'stale', reason: 'runtime.json is unreadable' };
  }
  if (runtime.pid === process.pid)
    return { state: 'stale', runtime, reason: `pid ${runtime.pid} is this process` };
  try {
    process.kill(runtime.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's: not ours either.
    const reason =
      (error as NodeJS.ErrnoException).code === 'EPERM'
        ? `pid ${runtime.pid} belongs to another user`
        : `pid ${runtime.pid} is not running`;
    return { state: 'stale', runtime, reason };
  }
  const command = commandLineOf(runtime.pid);
  if (command !== undefined && !/gongkai/i.test(command)) {
    return { state: 'stale', runtime, reason: `pid ${runtime.pid} is not Gongkai (${command.slice(0, 80)})` };
  }
  return { state: 'running', runtime };
}

/** A process's command line where the system shows it (Linux /proc), else undefined. */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

export function readRunningRuntime(dataDir: string): RuntimeFile | undefined {
  const found = inspectRuntimeFile(dataDir);
  return found.state === 'running' ? found.runtime : undefined;
}

/**
 * The data folder holds the event log, the reports and the keys' hashes: only its owner may read it.
 * For `npm start` and the CLI commands that open it (not `gongkai run`, whose store is temporary and
 * whose reports are the user's files): this process creates files with umask 077 from now on (its emulators' files included: dynalite's
 * LevelDB files, s3rver's objects, the queue), and what an earlier version left open is closed once:
 * folders 0700, files 0600.
 */
export function secureDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const entry of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dataDir, entry);
    const stat = lstatSync(path);
    if (stat.isDirectory()) chmodSync(path, 0o700);
    else if (stat.isFile()) chmodSync(path, 0o600);
  }
}

/** Emulators on a data folder, their config and clients, with the tables created: what start and the CLI share. */
export async function openLocalStorage(dataDir: string, env: NodeJS.ProcessEnv = process.env, log?: Logger) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const base = loadConfig(env);
  const dynamodb = await startDynalite({ path: join(dataDir, 'dynamodb'), thread: true });
  let s3: Emulator;
  try {
    const buckets = (Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]).map((key) => base.buckets[key]);
    s3 = await startS3rver({
      directory: join(dataDir, 's3'),
      buckets,
      onRemoved: (keys) =>
        log?.warn('removed objects a crash left half-written', {
          count: keys.length,
          keys: keys.slice(0, 20),
        }),
    });
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
  /** Publish the demo's 2019 report on the first start, for the public site (default true). */
  readonly publishDemo?: boolean;
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
  /** The demo report's publication under way in the background (first start only), else undefined. */
  readonly demoReport: Promise<unknown> | undefined;
  stop(): Promise<void>;
}

export async function startLocal(options: StartOptions): Promise<LocalRuntime> {
  const started = performance.now();
  const { dataDir, log, out } = options;
  claimDataDir(dataDir, log);
  const storage = await openLocalStorage(dataDir, process.env, log);
  const { config, clients } = storage;
  // Handlers wired from the environment (and child tools) see the same endpoints and names.
  Object.assign(process.env, configToEnv(config));

  // The officer console (esbuild, well under a second), built while the demo loads; awaited before listening.
  const consoleDir = config.consoleDir ?? CONSOLE_OUT_DIR;
  const consoleBuilt = buildServedConsole(consoleDir).then(
    () => undefined,
    (error: unknown) => error,
  );
  // The ingest queue keeps each accepted message in <data>/queue before answering 202.
  const app = createLocalApp({
    config,
    clients,
    log,
    consoleDir,
    queue: { directory: join(dataDir, 'queue') },
  });
  restoreOldQueueFile(app, dataDir);

  let gateway: Gateway | undefined;
  let demoReport: Promise<unknown> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await gateway?.close();
      await demoReport;
      await app.stop();
      await storage.close();
      if (gateway) rmSync(runtimeFilePath(dataDir), { force: true });
    })());

  try {
    const demo = await ensureDemoKey(app, dataDir);
    // The demo agency's own report layout and 2019 text, on the first start only.
    if (!(await app.stores.reports.latestTemplate(DEMO_AGENCY.id))) {
      await setUpDemoReport({ reports: app.stores.reports, clock: () => new Date() });
    }
    const demoNote = await loadDemoOnce(app, storage, demo.key, options);
    const consoleFailure = await consoleBuilt;
    if (consoleFailure) throw consoleFailure;
    gateway = await listen(app, options);
    writeRuntimeFile(dataDir, gateway, storage);

    app.queue.start();
    const startupMs = Math.round(performance.now() - started);
    app.setReady(true, { dataDir, startupMs });
    // The public site's first report (hz-psb 2019), on the first start only, after the API listens.
    if (options.publishDemo !== false) demoReport = publishDemoReportInBackground(app, dataDir, log);
    if (options.nightlyNow) await app.scheduler.runNow('--nightly-now');
    if (!options.signal?.aborted)
      out.write(
        nextSteps({
          url: gateway.url,
          dataDir,
          key: demo.key,
          keyFile: demo.keyFile,
          keyCreated: demo.created,
          demoNote,
          siteNote: demoReport ? 'the demo report (hz-psb 2019) is being generated and published now' : '',
          startupMs,
          nextNightly: app.scheduler.nextRun(),
        }),
      );
    return { url: gateway.url, dataDir, demoKey: demo.key, app, clients, startupMs, demoReport, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Refuses a data folder another live Gongkai runs on; takes over a stale lock. */
function claimDataDir(dataDir: string, log: Logger): void {
  const lock = inspectRuntimeFile(dataDir);
  if (lock.state === 'running') {
    throw new Error(
      `Gongkai is already running on this data folder (pid ${lock.runtime.pid}, ${lock.runtime.url}); stop it first`,
    );
  }
  if (lock.state === 'stale')
    log.info('taking over a stale lock', { file: runtimeFilePath(dataDir), reason: lock.reason });
  secureDataDir(dataDir);
}

/** What a runtime before the durable queue kept at its stop (queue.json), taken into the queue once. */
function restoreOldQueueFile(app: LocalApp, dataDir: string): void {
  const oldQueueFile = join(dataDir, 'queue.json');
  if (existsSync(oldQueueFile)) {
    app.queue.restore(JSON.parse(readFileSync(oldQueueFile, 'utf8')));
    rmSync(oldQueueFile);
  }
}

/** The demo agency and its key (kept across restarts in <data>/demo-api-key, mode 0600). */
async function ensureDemoKey(
  app: LocalApp,
  dataDir: string,
): Promise<{ key: string; created: boolean; keyFile: string }> {
  const keyFile = join(dataDir, 'demo-api-key');
  const previous = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined;
  const { key, created } = await ensureDemoAgencyAndKey({ ...app.stores, clock: () => new Date() }, previous);
  if (created) {
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
  }
  return { key, created, keyFile };
}

type LocalStorage = Awaited<ReturnType<typeof openLocalStorage>>;

const demoLoadedMarker = (dataDir: string) => join(dataDir, 'demo-loaded.json');

/** The demo data set, once (<data>/demo-loaded.json records it); returns the line the start prints about it. */
async function loadDemoOnce(
  app: LocalApp,
  storage: LocalStorage,
  key: string,
  options: StartOptions,
): Promise<string> {
  const loadedFile = demoLoadedMarker(options.dataDir);
  const demoFile = options.demoFile ?? DEFAULT_DEMO_FILE;
  if (options.loadDemo === false) return 'demo data: not loaded (--no-demo)';
  if (existsSync(loadedFile))
    return `demo data: loaded on a previous start (${JSON.parse(readFileSync(loadedFile, 'utf8')).loadedAt})`;
  if (!existsSync(demoFile)) return `demo data: none found at ${demoFile}; nothing loaded`;
  const loaded = await loadDemoEvents(app, storage, key, demoFile, options);
  if (loaded && !loaded.aborted)
    writeFileSync(
      loadedFile,
      `${JSON.stringify({ ...loaded, loadedAt: new Date().toISOString() }, null, 2)}\n`,
    );
  return loaded?.aborted
    ? 'demo data: loading interrupted; it goes on at the next start'
    : loaded
      ? `demo data: ${loaded.summary.accepted} events loaded from ${demoFile} in ${(loaded.ms / 1000).toFixed(1)} s` +
        ` (duplicate ${loaded.summary.duplicate}, rejected ${loaded.summary.rejected}, conflict ${loaded.summary.conflict})`
      : `demo data: none found at ${demoFile}`;
}

/**
 * Before the API listens and the queue runs: this loader is the only writer, so it may write in batches
 * (one membership read, then BatchWriteItem) and still answer exactly.
 */
async function loadDemoEvents(
  app: LocalApp,
  storage: LocalStorage,
  key: string,
  demoFile: string,
  options: StartOptions,
): Promise<LoadReport | undefined> {
  const { log, out } = options;
  const auth = await authenticate(app.stores, key);
  const keyId = auth.ok ? auth.keyId : 'demo';
  const scope = { kind: 'key' as const, keyId, agencyIds: new Set([DEMO_AGENCY.id]) };
  const events = new SoleWriterEventStore(storage.clients.dynamodb, storage.config.tables.events);
  const ingester = inThreadIngester({ ...app.ingestDeps, events }, scope);
  const progress = progressPrinter((t) => out.write(t), Boolean(out.isTTY));
  app.setReady(false, { loading: demoFile });
  let loaded: LoadReport | undefined;
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
  return loaded;
}

/** The gateway on the port asked for; a port in use is said in words. */
async function listen(app: LocalApp, options: StartOptions): Promise<Gateway> {
  try {
    return await startGateway({
      routes: app.routes,
      log: options.log,
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} is in use: choose another with PORT=… or --port …`);
    }
    throw error;
  }
}

/** <data>/runtime.json: this process, its URL and the emulators' endpoints (the lock other starts look at). */
function writeRuntimeFile(dataDir: string, gateway: Gateway, storage: LocalStorage): void {
  const runtime: RuntimeFile = {
    pid: process.pid,
    url: gateway.url,
    dynamodbEndpoint: storage.endpoints.dynamodb,
    s3Endpoint: storage.endpoints.s3,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(runtimeFilePath(dataDir), `${JSON.stringify(runtime, null, 2)}\n`);
}

function nextSteps(o: {
  url: string;
  dataDir: string;
  key: string;
  keyFile: string;
  /** Made on this start: shown once; afterwards only where it is kept. */
  keyCreated: boolean;
  demoNote: string;
  /** What the public site will show, when something is on its way. */
  siteNote: string;
  startupMs: number;
  nextNightly: Date | null;
}): string {
  // Dated 2020: the demo's 2019 is the published report, and these would change its figures (amendments).
  const tryEvent = (n: string) =>
    JSON.stringify({
      eventId: `try-${n}`,
      agencyId: DEMO_AGENCY.id,
      type: 'request.received',
      occurredAt: '2020-12-30T09:30:00+08:00',
      data: { requestId: `YSQ-TRY-${n}`, channel: 'online', applicantType: 'natural_person' },
    });
  return [
    '',
    `Gongkai is running on ${o.url} (ready in ${(o.startupMs / 1000).toFixed(1)} s)`,
    `  data folder  ${o.dataDir}  (kept across restarts)`,
    `  ${o.demoNote}`,
    o.keyCreated
      ? `  demo key     ${o.key}  (agency ${DEMO_AGENCY.id}; shown this once, kept in ${o.keyFile})`
      : `  demo key     in ${o.keyFile}  (agency ${DEMO_AGENCY.id})`,
    `  nightly      02:00 Asia/Shanghai, next ${o.nextNightly?.toISOString() ?? '—'}`,
    `  public site  ${o.url}/${o.siteNote ? `  (${o.siteNote}: ${o.url}/reports/hz-psb/2019)` : ''}`,
    `  console      ${o.url}/console`,
    '',
    'Try:',
    `  curl -s ${o.url}/v1/health`,
    `  curl -s -X POST ${o.url}/v1/events \\`,
    `    -H "Authorization: Bearer $(cat ${o.keyFile})" -H 'content-type: application/json' \\`,
    `    -d '${tryEvent('0001')}'`,
    `  curl -s -X POST ${o.url}/v1/admin/queue -H 'content-type: application/json' \\`,
    `    -d '${tryEvent('0002')}'   # as a queue producer would`,
    `  curl -s -X POST ${o.url}/v1/admin/nightly          # run the nightly now`,
    '  npm run gongkai -- keys create --agency hz-psb     # another key (while this runs, too)',
    '  npm run gongkai -- agencies list',
    '',
    'Ctrl-C stops it; the data stays.',
    '',
  ].join('\n');
}

/** The demo's report published in the background (never failing the start: a failure is logged). */
function publishDemoReportInBackground(
  app: LocalApp,
  dataDir: string,
  log: Logger,
): Promise<unknown> | undefined {
  if (!existsSync(demoLoadedMarker(dataDir)) || existsSync(demoPublishedMarker(dataDir))) return undefined;
  return publishDemoReportOnce(app, dataDir).then(
    (result) => log.info('demo report', { ...result }),
    (error: unknown) => log.warn('the demo report was not published', { error }),
  );
}
