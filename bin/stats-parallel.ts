/**
 * `gongkai stats` on several threads, and over a large file in several passes. The file is cut into one byte
 * range per thread; each thread reads only its range and hands every line to the thread that owns the
 * line's agency (stats-thread.ts), so every byte is read once, every line parsed once, and an agency's events
 * all meet in one fold. Over a large file the agencies are also split into passes (by the same hash): a
 * pass folds only its share of them, on fresh threads, so memory follows one share's entities, not the
 * file, and each pass's heaps are returned when it ends. This module only coordinates: it loads no
 * validator and no fold (the threads run an esbuild bundle of stats-thread.ts, built once and cached by
 * the hash of its sources, see `workerBundle`), and it turns the threads' range-relative line numbers into
 * the file's.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { hashOfFiles } from '../shared/adapters/files-hash.ts';
import { describeBadLine, describeLineWarning } from '../shared/adapters/line-reports.ts';
import type { AgencyYearStatistics } from '../shared/domain/statistics/types.ts';
import { tsWorker } from '../shared/ts-worker.ts';
import type { ThreadJob, ThreadMessage, ThreadResult } from './stats-thread.ts';

export interface FileStatistics {
  readonly statistics: AgencyYearStatistics[];
  /** Bad lines as [line number, report], in file order. */
  readonly badLines: [number, string][];
  /** Lines counted with a warning (dated in the future), as [line number, warning], in file order. */
  readonly warnings: [number, string][];
}

const THREAD_URL = new URL('./stats-thread.ts', import.meta.url);
const THREAD_MODULE = fileURLToPath(THREAD_URL);

/**
 * Passes over the file for its size: one pass per 192 MiB of events (about a million), so a pass's fold
 * state stays what a million events take (~175 MB of heap: a small record per request, post, item, case
 * and document) however large the file; each further pass reads the file again but parses only its
 * share of the lines.
 */
export const PASS_BYTES = 192 * 1024 * 1024;

export function passesFor(fileBytes: number): number {
  return Math.max(1, Math.ceil(fileBytes / PASS_BYTES));
}

/** The file cut into `jobs` byte ranges of about the same size (each thread starts at its first whole line). */
function byteRanges(size: number, jobs: number): { start: number; end: number }[] {
  return Array.from({ length: jobs }, (_, i) => ({
    start: Math.floor((size * i) / jobs),
    end: Math.floor((size * (i + 1)) / jobs),
  }));
}

/**
 * Folds a file on `jobs` threads (default: the cores, at most 4), in `passes` passes (default: by the file's
 * size), and joins their (disjoint) results, with the file's line numbers.
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
): Promise<FileStatistics> {
  const jobs = Math.max(1, options.jobs ?? Math.min(4, availableParallelism()));
  const size = statSync(file).size;
  const passes = Math.max(1, options.passes ?? passesFor(size));
  const now = options.now ?? Date.now();
  const ranges = byteRanges(size, jobs);
  const bundle = await workerBundle(THREAD_MODULE);
  const read = new Array<number>(jobs * passes).fill(0);
  const results: ThreadResult[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const peers = connectAll(jobs);
    const threads = ranges.map((range, thread) => {
      const job: ThreadJob = {
        file,
        range,
        thread,
        jobs,
        pass,
        passes,
        now,
        peers: peers[thread] as (MessagePort | null)[],
        ...(options.year === undefined ? {} : { year: options.year }),
      };
      return onThread(bundle, job, (bytes) => {
        read[pass * jobs + thread] = bytes;
        options.progress?.(
          read.reduce((a, b) => a + b, 0),
          size * passes,
        );
      });
    });
    try {
      results.push(...(await Promise.all(threads.map((t) => t.result))));
    } finally {
      // A thread that failed leaves the others waiting for its lines: none is left running.
      await Promise.all(threads.map((t) => t.worker.terminate()));
    }
  }
  // A range's lines are numbered from its first line: the ranges before it hold the rest (every pass
  // counts the same lines; the first pass's counts are used).
  const offsets: number[] = [];
  for (let thread = 0, before = 0; thread < jobs; thread++) {
    offsets.push(before);
    before += (results[thread] as ThreadResult).lines;
  }
  const lineOf = (range: number, line: number) => (offsets[range] as number) + line;
  const statistics = results
    .flatMap((r) => r.statistics)
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : a.year - b.year));
  const badLines = results
    .flatMap((r) => r.badLines.map(([range, line, issues]) => [lineOf(range, line), issues] as const))
    .sort(([a], [b]) => a - b)
    .map(([line, issues]): [number, string] => [line, describeBadLine(line, issues)]);
  const warnings = results
    .flatMap((r) => r.warnings.map(([range, line, issue]) => [lineOf(range, line), issue] as const))
    .sort(([a], [b]) => a - b)
    .map(([line, issue]): [number, string] => [line, describeLineWarning(line, issue)]);
  return { statistics, badLines, warnings };
}

/** A port between every two of `jobs` threads: `ports[i][j]` is i's end towards j (null where i = j). */
function connectAll(jobs: number): (MessagePort | null)[][] {
  const ports = Array.from({ length: jobs }, () => new Array<MessagePort | null>(jobs).fill(null));
  for (let i = 0; i < jobs; i++) {
    for (let j = i + 1; j < jobs; j++) {
      const { port1, port2 } = new MessageChannel();
      (ports[i] as (MessagePort | null)[])[j] = port1;
      (ports[j] as (MessagePort | null)[])[i] = port2;
    }
  }
  return ports;
}

/** A thread's job on a worker (the bundle, else the TypeScript loader), with its progress. */
function onThread(
  bundle: string | undefined,
  job: ThreadJob,
  progress: (bytes: number) => void,
): { readonly worker: Worker; readonly result: Promise<ThreadResult> } {
  const transferList = job.peers.filter((port): port is MessagePort => port !== null);
  const worker = bundle
    ? new Worker(bundle, { workerData: job, transferList, execArgv: withoutPreloads(process.execArgv) })
    : tsWorker(THREAD_URL, job, transferList);
  const result = new Promise<ThreadResult>((resolve, reject) => {
    worker.on('message', (message: ThreadMessage) => {
      if (message.kind === 'progress') progress(message.bytes);
      else resolve(message.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a statistics thread stopped (exit code ${code})`)));
  });
  return { worker, result };
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
