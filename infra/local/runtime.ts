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
import type { Clients } from '../../shared/adapters/clients.ts';
import type { Stores } from '../../shared/adapters/deps.ts';
import { type Config, configToEnv, loadConfig } from '../../shared/config.ts';
import type { Logger } from '../../shared/ports.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest.ts';
import { BUCKETS, TABLES } from '../tables.ts';
import type { LocalApp } from './app.ts';
import type { LoadReport } from './demo.ts';
import { type Emulator, startDynalite, startS3rver } from './emulators.ts';
import type { Gateway } from './gateway.ts';

// What a start needs is imported when it is needed (below), not with this module: the emulators start in
// threads of their own while this one loads the AWS SDK; the demo loads while it loads the handlers.

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

/**
 * Emulators on a data folder, their config and clients, with the tables created: what start and the CLI
 * share. dynalite starts in a process of its own and s3rver in a worker thread (each loaded there), while
 * this thread loads the AWS SDK.
 */
export async function openLocalStorage(dataDir: string, env: NodeJS.ProcessEnv = process.env, log?: Logger) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const base = loadConfig(env);
  const buckets = (Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]).map((key) => base.buckets[key]);
  const [dynamodb, s3, sdk] = await Promise.allSettled([
    startDynalite({ path: join(dataDir, 'dynamodb'), ownProcess: true }),
    startS3rver({
      directory: join(dataDir, 's3'),
      buckets,
      thread: true,
      onRemoved: (keys) =>
        log?.warn('removed objects a crash left half-written', {
          count: keys.length,
          keys: keys.slice(0, 20),
        }),
    }),
    Promise.all([
      import('../../shared/adapters/clients.ts'),
      import('../../shared/adapters/dynamodb-tables.ts'),
    ]),
  ]);
  const emulators: Emulator[] = [];
  for (const started of [dynamodb, s3]) if (started.status === 'fulfilled') emulators.push(started.value);
  if (dynamodb.status === 'rejected' || s3.status === 'rejected' || sdk.status === 'rejected') {
    await Promise.allSettled(emulators.map((e) => e.close()));
    throw [dynamodb, s3, sdk].find((r) => r.status === 'rejected')?.reason;
  }
  const [{ createClients }, { ensureTables }] = sdk.value;
  const endpoints = { dynamodb: dynamodb.value.endpoint, s3: s3.value.endpoint };
  const config: Config = { ...base, dynamodbEndpoint: endpoints.dynamodb, s3Endpoint: endpoints.s3 };
  const clients = createClients(config);
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
  return { config, clients, endpoints, close };
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
  // What the demo's load needs first (the stores, the ingest use case and, when the demo is to be loaded,
  // the compiled contract), loaded with the AWS SDK while the emulators start; the handlers, the officer
  // console and the demo report's layout are loaded and made while it runs (prepareServing).
  const demoToLoad = options.loadDemo !== false && !existsSync(demoLoadedMarker(dataDir));
  const forTheLoad = Promise.all([
    import('../../shared/adapters/deps.ts'),
    import('./demo.ts'),
    demoToLoad ? import('../../shared/domain/compiled-contract.ts') : undefined,
  ]);
  forTheLoad.catch(() => undefined); // awaited below, once the storage is open
  const storage = await openLocalStorage(dataDir, process.env, log);
  const { config, clients } = storage;
  // Handlers wired from the environment (and child tools) see the same endpoints and names.
  Object.assign(process.env, configToEnv(config));

  let serving: Promise<Serving> | undefined;
  let gateway: Gateway | undefined;
  let demoReport: Promise<unknown> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await gateway?.close();
      await demoReport;
      // Made while the demo loaded: stopped once it is there (or failed).
      const made = await serving?.catch(() => undefined);
      await made?.app.stop();
      await storage.close();
      if (gateway) rmSync(runtimeFilePath(dataDir), { force: true });
    })());

  try {
    const [{ createStores }, demoModule] = await forTheLoad;
    const stores = createStores(clients.dynamodb, config);
    serving = prepareServing({ config, clients, stores, dataDir, log, demo: demoModule });
    // Settled before it is awaited (below) if the start fails first: never an unhandled rejection.
    serving.catch(() => undefined);
    const demo = await ensureDemoKey(demoModule, stores, dataDir);
    const demoNote = await loadDemoOnce(demoModule, stores, storage, demo.key, options);
    const { app, publishDemo } = await serving;
    gateway = await listen(app, options);
    writeRuntimeFile(dataDir, gateway, storage);

    app.queue.start();
    const startupMs = Math.round(performance.now() - started);
    app.setReady(true, { dataDir, startupMs });
    // The public site's first report (hz-psb 2019), on the first start only, after the API listens.
    if (options.publishDemo !== false) demoReport = publishDemo();
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
          agencyId: demoModule.DEMO_AGENCY.id,
        }),
      );
    return { url: gateway.url, dataDir, demoKey: demo.key, app, clients, startupMs, demoReport, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Serving {
  readonly app: LocalApp;
  /** The demo report's publication in the background, on the first start only (else undefined). */
  readonly publishDemo: () => Promise<unknown> | undefined;
}

/**
 * The local app (every handler: their modules, the renderers among them, are most of what a start
 * imports), the officer console built by esbuild (in a process of its own), the demo agency's report
 * layout and 2019 text (first start only): made while the demo loads, so that none of it delays the load,
 * and all of it done before the API listens.
 */
async function prepareServing(o: {
  config: Config;
  clients: Clients;
  stores: Stores;
  dataDir: string;
  log: Logger;
  demo: DemoModule;
}): Promise<Serving> {
  const [{ CONSOLE_OUT_DIR }, { buildServedConsole }] = await Promise.all([
    import('../../scripts/build-console.ts'),
    import('./site.ts'),
  ]);
  const consoleDir = o.config.consoleDir ?? CONSOLE_OUT_DIR;
  const consoleBuilt = buildServedConsole(consoleDir);
  consoleBuilt.catch(() => undefined); // awaited below
  const [{ createLocalApp }, demoReport] = await Promise.all([
    import('./app.ts'),
    import('./demo-report.ts'),
  ]);
  // The ingest queue keeps each accepted message in <data>/queue before answering 202.
  const app = createLocalApp({
    config: o.config,
    clients: o.clients,
    stores: o.stores,
    log: o.log,
    consoleDir,
    queue: { directory: join(o.dataDir, 'queue') },
  });
  try {
    restoreOldQueueFile(app, o.dataDir);
    // The demo agency's own report layout and 2019 text, on the first start only.
    if (!(await o.stores.reports.latestTemplate(o.demo.DEMO_AGENCY.id))) {
      await demoReport.setUpDemoReport({ reports: o.stores.reports, clock: () => new Date() });
    }
    await consoleBuilt;
  } catch (error) {
    await app.stop();
    throw error;
  }
  const publishDemo = () => {
    const { dataDir, log } = o;
    if (!existsSync(demoLoadedMarker(dataDir)) || existsSync(demoReport.demoPublishedMarker(dataDir)))
      return undefined;
    return demoReport.publishDemoReportOnce(app, dataDir).then(
      (result) => log.info('demo report', { ...result }),
      (error: unknown) => log.warn('the demo report was not published', { error }),
    );
  };
  return { app, publishDemo };
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

type DemoModule = typeof import('./demo.ts');

/** The demo agency and its key (kept across restarts in <data>/demo-api-key, mode 0600). */
async function ensureDemoKey(
  demo: DemoModule,
  stores: Stores,
  dataDir: string,
): Promise<{ key: string; created: boolean; keyFile: string }> {
  const keyFile = join(dataDir, 'demo-api-key');
  const previous = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined;
  const { key, created } = await demo.ensureDemoAgencyAndKey(
    { ...stores, clock: () => new Date() },
    previous,
  );
  if (created) {
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
  }
  return { key, created, keyFile };
}

type LocalStorage = Awaited<ReturnType<typeof openLocalStorage>>;

/**
 * Ingest deps for loading a file into a store nobody else writes yet (the demo at a first start, `gongkai
 * run`'s fresh store, `gongkai import` into a stopped data folder): batched writes after one membership
 * read (SoleWriterEventStore: exact because there is one writer; same judging, same items) and the
 * compiled validation (same answers). The HTTP and queue paths keep their per-event conditional put.
 */
export async function soleWriterIngestDeps(deps: IngestDeps, storage: LocalStorage): Promise<IngestDeps> {
  const [{ SoleWriterEventStore }, { validateEventCompiled }] = await Promise.all([
    import('../../shared/adapters/dynamodb-event-store.ts'),
    import('../../shared/domain/compiled-contract.ts'),
  ]);
  const events = new SoleWriterEventStore(storage.clients.dynamodb, storage.config.tables.events);
  return { ...deps, events, validate: validateEventCompiled };
}

const demoLoadedMarker = (dataDir: string) => join(dataDir, 'demo-loaded.json');

/** The demo data set, once (<data>/demo-loaded.json records it); returns the line the start prints about it. */
async function loadDemoOnce(
  demo: DemoModule,
  stores: Stores,
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
  const loaded = await loadDemoEvents(demo, stores, storage, key, demoFile, options);
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
  demo: DemoModule,
  stores: Stores,
  storage: LocalStorage,
  key: string,
  demoFile: string,
  options: StartOptions,
): Promise<LoadReport | undefined> {
  const { log, out } = options;
  const [{ authenticate }, deps] = await Promise.all([
    import('../../shared/use-cases/keys.ts'),
    soleWriterIngestDeps({ ...stores, clock: () => new Date() }, storage),
  ]);
  const auth = await authenticate(stores, key);
  const keyId = auth.ok ? auth.keyId : 'demo';
  const scope = { kind: 'key' as const, keyId, agencyIds: new Set([demo.DEMO_AGENCY.id]) };
  const ingester = demo.inThreadIngester(deps, scope);
  const progress = demo.progressPrinter((t) => out.write(t), Boolean(out.isTTY));
  let loaded: LoadReport | undefined;
  try {
    loaded = await demo.loadEvents({
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
  const { startGateway } = await import('./gateway.ts');
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
  /** The demo agency's id. */
  agencyId: string;
}): string {
  // Dated 2020: the demo's 2019 is the published report, and these would change its figures (amendments).
  const tryEvent = (n: string) =>
    JSON.stringify({
      eventId: `try-${n}`,
      agencyId: o.agencyId,
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
      ? `  demo key     ${o.key}  (agency ${o.agencyId}; shown this once, kept in ${o.keyFile})`
      : `  demo key     in ${o.keyFile}  (agency ${o.agencyId})`,
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
