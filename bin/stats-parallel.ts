/**
 * `gongkai stats` on several cores, and over a large file in several passes: the agencies are split into
 * shares by a hash of their id; a share's pass reads the whole file (reading and splitting lines is cheap)
 * but parses, validates and folds only its agencies' lines, so no fold state is ever shared or merged, and
 * a share's state is dropped once its statistics are computed — memory follows one share's entities, not
 * the file. Each thread folds its shares one after the other (thread t: shares t, t + jobs, …). The calling
 * thread folds its shares itself while the worker threads start, so a worker's start-up is hidden; workers
 * run an esbuild bundle of this module, built once and cached by the hash of its sources (see
 * `workerBundle`), not the TypeScript loader. A line's agency is found without parsing the line where that is certain (exactly one
 * `"agencyId":"…"` in the text: inside a JSON string such a sequence cannot occur unescaped); any other line
 * is parsed to find out. Lines whose agency cannot be known (not JSON, no agencyId, too long) belong to
 * share 0, which reports them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { describeBadLine, forEachEventLine, futureWarning } from '../shared/adapters/event-file.ts';
import { StatisticsFold } from '../shared/domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../shared/domain/statistics/types.ts';
import { tsWorker } from '../shared/ts-worker.ts';

interface Job {
  readonly file: string;
  /** How many shares the agencies are split into (threads × passes). */
  readonly shares: number;
  /** The shares this thread folds, one after the other. */
  readonly indexes: readonly number[];
  readonly year?: number;
  /** The clock of the command, so every worker judges dates alike (ms since the epoch). */
  readonly now: number;
}

export interface FileStatistics {
  readonly statistics: AgencyYearStatistics[];
  /** Bad lines as [line number, report], in file order. */
  readonly badLines: [number, string][];
  /** Lines counted with a warning (dated in the future), as [line number, warning], in file order. */
  readonly warnings: [number, string][];
}

const AGENCY_KEY = '"agencyId"';
const AGENCY_VALUE = /^\s*:\s*"([^"\\]*)"/;

/** FNV-1a over the agencyId's UTF-8 bytes: a stable, cheap hash so every thread agrees who owns an agency. */
function owner(agencyId: string, jobs: number): number {
  const bytes = Buffer.from(agencyId, 'utf8');
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return (hash >>> 0) % jobs;
}

const AGENCY_KEY_BYTES = Buffer.from(AGENCY_KEY);
const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * `owner` read from a line's bytes without decoding it, where that is certain (as `agencyOfText`: exactly one
 * `"agencyId"`, then `:` and a string without escapes); undefined otherwise. The same bytes hash the same
 * either way, so an agency's lines all go to one thread.
 */
function ownerOfBytes(bytes: Buffer, start: number, end: number, shares: number): number | undefined {
  // Searched in the whole buffer (no view per line): a hit at or past `end` belongs to a later line.
  const at = bytes.indexOf(AGENCY_KEY_BYTES, start);
  if (at < 0 || at >= end) return undefined;
  const again = bytes.indexOf(AGENCY_KEY_BYTES, at + AGENCY_KEY_BYTES.length);
  if (again >= 0 && again < end) return undefined;
  let i = at + AGENCY_KEY_BYTES.length;
  while (i < end && isSpace(bytes[i])) i++;
  if (i >= end || bytes[i] !== 0x3a) return undefined; // ':'
  i++;
  while (i < end && isSpace(bytes[i])) i++;
  if (i >= end || bytes[i] !== 0x22) return undefined; // '"'
  let hash = 0x811c9dc5;
  for (i++; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 0x22) return (hash >>> 0) % shares;
    if (c === 0x5c) return undefined; // an escape: decode and parse instead
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return undefined;
}

function agencyOfText(text: string): string | undefined {
  const at = text.indexOf(AGENCY_KEY);
  if (at >= 0 && text.indexOf(AGENCY_KEY, at + AGENCY_KEY.length) < 0) {
    const value = AGENCY_VALUE.exec(text.slice(at + AGENCY_KEY.length, at + AGENCY_KEY.length + 80));
    if (value) return value[1];
  }
  try {
    const value = JSON.parse(text) as { agencyId?: unknown };
    return typeof value?.agencyId === 'string' ? value.agencyId : undefined;
  } catch {
    return undefined;
  }
}

/** One share: the agencies that hash to `index` of `shares`. Share 0 reports the lines of no known agency. */
async function foldShare(
  job: Job,
  index: number,
  progress?: (bytes: number, total: number) => void,
): Promise<FileStatistics> {
  const fold = new StatisticsFold();
  const badLines: [number, string][] = [];
  const warnings: [number, string][] = [];
  const now = new Date(job.now);
  await forEachEventLine(
    job.file,
    (line) => {
      if (line.ok) {
        const warning = futureWarning(line.line, line.event.occurredAt, now);
        if (warning) warnings.push([line.line, warning]);
        fold.add(line.event);
      } else badLines.push([line.line, describeBadLine(line.line, line.issues)]);
    },
    {
      wantedBytes: (bytes, start, end) => {
        const share = ownerOfBytes(bytes, start, end, job.shares);
        return share === undefined ? undefined : share === index;
      },
      wanted: (text) => {
        const agencyId = agencyOfText(text);
        return agencyId === undefined ? index === 0 : owner(agencyId, job.shares) === index;
      },
      ownsUnknown: index === 0,
      ...(progress ? { progress } : {}),
    },
  );
  return {
    statistics: fold.statistics(job.year === undefined ? {} : { year: job.year }),
    badLines,
    warnings,
  };
}

/** A thread's shares, one after the other: only one share's fold state is alive at a time. */
async function foldShares(
  job: Job,
  progress?: (bytes: number, total: number) => void,
): Promise<FileStatistics> {
  const out: FileStatistics = { statistics: [], badLines: [], warnings: [] };
  for (const [pass, index] of job.indexes.entries()) {
    const passProgress = progress
      ? (bytes: number, total: number) => progress(pass * total + bytes, job.indexes.length * total)
      : undefined;
    const share = await foldShare(job, index, passProgress);
    out.statistics.push(...share.statistics);
    out.badLines.push(...share.badLines);
    out.warnings.push(...share.warnings);
  }
  return out;
}

/**
 * Passes over the file for its size: one pass per 192 MiB of events (about a million), so a pass's fold
 * state stays what a million events take (~175 MB of heap: a small record per request, post, item, case
 * and document) however large the file; each further pass re-reads the file (cheap) but parses only its
 * share of the lines.
 */
export const PASS_BYTES = 192 * 1024 * 1024;

export function passesFor(fileBytes: number): number {
  return Math.max(1, Math.ceil(fileBytes / PASS_BYTES));
}

/**
 * Folds a file on `jobs` threads (this one and jobs − 1 workers), each in `passes` passes (default: by the
 * file's size), and merges their (disjoint) results.
 */
export async function foldFileInParallel(
  file: string,
  options: {
    jobs?: number;
    passes?: number;
    year?: number;
    now?: number;
    progress?: (bytes: number, total: number) => void;
  } = {},
) {
  const jobs = Math.max(1, options.jobs ?? Math.min(4, availableParallelism()));
  const passes = Math.max(1, options.passes ?? passesFor(statSync(file).size));
  const now = options.now ?? Date.now();
  const job = (thread: number): Job => ({
    file,
    shares: jobs * passes,
    indexes: Array.from({ length: passes }, (_, pass) => thread + pass * jobs),
    now,
    ...(options.year === undefined ? {} : { year: options.year }),
  });
  const bundle = jobs > 1 || passes > 1 ? await workerBundle(fileURLToPath(import.meta.url)) : undefined;
  const shares =
    passes > 1 && bundle
      ? await foldSharesInWorkers(bundle, jobs, job, options.progress)
      : await Promise.all([
          // The workers are started first, so they load while this thread folds its own shares.
          ...Array.from({ length: jobs - 1 }, (_, i) => inWorker(bundle, job(i + 1))),
          foldShares(job(0), options.progress),
        ]);
  const statistics = shares
    .flatMap((s) => s.statistics)
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : a.year - b.year));
  const badLines = shares.flatMap((s) => s.badLines).sort(([a], [b]) => a - b);
  const warnings = shares.flatMap((s) => s.warnings).sort(([a], [b]) => a - b);
  return { statistics, badLines, warnings };
}

/** What a worker posts: how far it has read, then its statistics. */
type WorkerMessage =
  | { readonly kind: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly kind: 'done'; readonly result: FileStatistics };

/** A job on a worker thread (the bundle, else the TypeScript loader), with its progress. */
function inWorker(
  bundle: string | undefined,
  job: Job,
  progress?: (bytes: number, total: number) => void,
): Promise<FileStatistics> {
  const worker = bundle
    ? new Worker(bundle, { workerData: job, execArgv: withoutPreloads(process.execArgv) })
    : tsWorker(new URL(import.meta.url), job);
  return new Promise<FileStatistics>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') progress?.(message.bytes, message.total);
      else {
        resolve(message.result);
        void worker.terminate();
      }
    });
    worker.once('error', reject);
  });
}

/**
 * Several passes: each share on a worker of its own, `jobs` at a time, so a share's whole heap is
 * returned when its worker ends (one heap reused pass after pass would grow past one pass's needs before
 * the garbage collector gives the last pass's state back).
 */
async function foldSharesInWorkers(
  bundle: string,
  jobs: number,
  job: (thread: number) => Job,
  progress?: (bytes: number, total: number) => void,
): Promise<FileStatistics[]> {
  const shareJobs = Array.from({ length: jobs }, (_, thread) => job(thread)).flatMap((threadJob) =>
    threadJob.indexes.map((index): Job => ({ ...threadJob, indexes: [index] })),
  );
  const read = new Map<number, number>();
  let fileBytes = 0;
  const report = (index: number, bytes: number, total: number) => {
    read.set(index, bytes);
    fileBytes = total;
    let sum = 0;
    for (const n of read.values()) sum += n;
    progress?.(sum, fileBytes * shareJobs.length);
  };
  const results: FileStatistics[] = [];
  let next = 0;
  const runner = async () => {
    while (next < shareJobs.length) {
      const shareJob = shareJobs[next++] as Job;
      const index = shareJob.indexes[0] as number;
      results.push(
        await inWorker(
          bundle,
          shareJob,
          progress ? (bytes, total) => report(index, bytes, total) : undefined,
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, shareJobs.length) }, runner));
  return results;
}

const PRELOAD_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/** The process's Node flags without its preloaded modules (the TypeScript loader): a bundle needs none. */
function withoutPreloads(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (PRELOAD_FLAGS.has(arg)) i++;
    else if (![...PRELOAD_FLAGS].some((flag) => arg.startsWith(`${flag}=`))) kept.push(arg);
  }
  return kept;
}

/**
 * Where worker bundles are cached: the user's own cache folder (code run from a folder others may write,
 * such as /tmp, could be planted), shared by every checkout.
 */
const BUNDLE_CACHE = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'gongkai',
  'worker-bundles',
);

interface BundleManifest {
  /** Every source file the bundle was built from (absolute), and their contents' hash. */
  readonly inputs: readonly string[];
  readonly hash: string;
  readonly bundle: string;
  /** The bundle's own hash: a bundle changed or cut short since is built again. */
  readonly bundleHash: string;
}

function hashOfFiles(files: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  try {
    for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  } catch {
    return undefined; // a source gone: rebuild
  }
  return hash.digest('hex');
}

/**
 * A worker thread without the TypeScript loader: `entry` bundled by esbuild into one ESM file (its
 * packages included), built on first use and cached under the hash of every file it was built from, so
 * an edit to any of them (ours or a package's) builds it again. Starting a worker from it costs a tenth
 * of starting one under tsx, which compiles each module again in every thread. Undefined where esbuild is
 * not installed: the caller falls back to the loader.
 */
export async function workerBundle(entry: string, cacheDir = BUNDLE_CACHE): Promise<string | undefined> {
  const manifestFile = join(
    cacheDir,
    `${createHash('sha256').update(resolve(entry)).digest('hex').slice(0, 16)}.json`,
  );
  let previous: string | undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
    previous = manifest.bundle;
    if (
      hashOfFiles(manifest.inputs) === manifest.hash &&
      hashOfFiles([manifest.bundle]) === manifest.bundleHash
    )
      return manifest.bundle;
  } catch {
    // No usable bundle yet: build it.
  }
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const root = dirname(resolve(entry));
  const result = await esbuild.build({
    entryPoints: [resolve(entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['esbuild'],
    // Packages written as CommonJS (ajv) call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __gongkaiRequire } from 'node:module'; const require = __gongkaiRequire(import.meta.url);",
    },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':'))
    .map((input) => resolve(root, input));
  const hash = hashOfFiles(inputs);
  const output = result.outputFiles[0];
  if (hash === undefined || output === undefined) return undefined;
  mkdirSync(cacheDir, { recursive: true });
  const bundle = join(cacheDir, `worker-${hash.slice(0, 24)}.mjs`);
  // Written aside and renamed: a concurrent run sees the old files or the new ones, never half of one.
  const aside = `.${process.pid}-${Date.now()}`;
  writeFileSync(`${bundle}${aside}`, output.contents);
  renameSync(`${bundle}${aside}`, bundle);
  const manifest: BundleManifest = { inputs, hash, bundle, bundleHash: hashOfFiles([bundle]) as string };
  writeFileSync(`${manifestFile}${aside}`, JSON.stringify(manifest));
  renameSync(`${manifestFile}${aside}`, manifestFile);
  // The bundle of sources since edited: no manifest names it any more (a run that started it keeps it open).
  if (previous !== undefined && previous !== bundle && dirname(previous) === cacheDir)
    rmSync(previous, { force: true });
  return bundle;
}

if (parentPort && (workerData as Job | undefined)?.file !== undefined) {
  const port = parentPort;
  let reportedAt = 0;
  const result = await foldShares(workerData as Job, (bytes, total) => {
    // A few times a second is enough for a progress line.
    const now = performance.now();
    if (now - reportedAt < 100 && bytes < total) return;
    reportedAt = now;
    port.postMessage({ kind: 'progress', bytes, total } satisfies WorkerMessage);
  });
  port.postMessage({ kind: 'done', result } satisfies WorkerMessage);
}
