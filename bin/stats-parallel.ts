/**
 * `gongkai stats` on several cores: each thread reads the whole file (reading and splitting lines is cheap)
 * but parses, validates and folds only the agencies that hash to it, so no fold state is ever shared or
 * merged. The calling thread folds share 0 itself while the worker threads start, so a worker's start-up
 * is hidden. A line's agency is found without parsing the line where that is certain (exactly one
 * `"agencyId":"…"` in the text: inside a JSON string such a sequence cannot occur unescaped); any other line
 * is parsed to find out. Lines whose agency cannot be known (not JSON, no agencyId, too long) belong to
 * share 0, which reports them.
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { describeBadLine, forEachEventLine, futureWarning } from '../shared/adapters/event-file.ts';
import { StatisticsFold } from '../shared/domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../shared/domain/statistics/types.ts';
import { tsWorker } from '../shared/ts-worker.ts';

interface Job {
  readonly file: string;
  readonly jobs: number;
  readonly index: number;
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
function ownerOfBytes(bytes: Buffer, start: number, end: number, jobs: number): number | undefined {
  const line = bytes.subarray(start, end);
  const at = line.indexOf(AGENCY_KEY_BYTES);
  if (at < 0 || line.indexOf(AGENCY_KEY_BYTES, at + AGENCY_KEY_BYTES.length) >= 0) return undefined;
  let i = at + AGENCY_KEY_BYTES.length;
  while (isSpace(line[i])) i++;
  if (line[i] !== 0x3a) return undefined; // ':'
  i++;
  while (isSpace(line[i])) i++;
  if (line[i] !== 0x22) return undefined; // '"'
  let hash = 0x811c9dc5;
  for (i++; i < line.length; i++) {
    const c = line[i] as number;
    if (c === 0x22) return (hash >>> 0) % jobs;
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

/** One thread's share: the agencies that hash to `index`. */
async function foldShare(
  job: Job,
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
        const thread = ownerOfBytes(bytes, start, end, job.jobs);
        return thread === undefined ? undefined : thread === job.index;
      },
      wanted: (text) => {
        const agencyId = agencyOfText(text);
        return agencyId === undefined ? job.index === 0 : owner(agencyId, job.jobs) === job.index;
      },
      ownsUnknown: job.index === 0,
      ...(progress ? { progress } : {}),
    },
  );
  return {
    statistics: fold.statistics(job.year === undefined ? {} : { year: job.year }),
    badLines,
    warnings,
  };
}

/** Folds a file on `jobs` threads (this one and jobs − 1 workers) and merges their (disjoint) results. */
export async function foldFileInParallel(
  file: string,
  options: {
    jobs?: number;
    year?: number;
    now?: number;
    progress?: (bytes: number, total: number) => void;
  } = {},
) {
  const jobs = Math.max(1, options.jobs ?? Math.min(4, availableParallelism()));
  const now = options.now ?? Date.now();
  const job = (index: number): Job => ({
    file,
    jobs,
    index,
    now,
    ...(options.year === undefined ? {} : { year: options.year }),
  });
  const workers = Array.from({ length: jobs - 1 }, (_, i) => {
    const worker = tsWorker(new URL(import.meta.url), job(i + 1));
    return new Promise<FileStatistics>((resolve, reject) => {
      worker.once('message', (result: FileStatistics) => {
        resolve(result);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
  });
  // Started before this thread's own share, so they load while it works; awaited together.
  const shares = await Promise.all([foldShare(job(0), options.progress), ...workers]);
  const statistics = shares
    .flatMap((s) => s.statistics)
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : a.year - b.year));
  const badLines = shares.flatMap((s) => s.badLines).sort(([a], [b]) => a - b);
  const warnings = shares.flatMap((s) => s.warnings).sort(([a], [b]) => a - b);
  return { statistics, badLines, warnings };
}

if (parentPort && (workerData as Job | undefined)?.file !== undefined) {
  const result = await foldShare(workerData as Job);
  parentPort.postMessage(result);
}
