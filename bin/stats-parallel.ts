/**
 * `gongkai stats` on several cores: each worker thread reads the whole file but folds only the agencies
 * that hash to it, so no fold state is ever shared or merged. A line's agency is found without parsing
 * the line where that is certain (exactly one `"agencyId":"…"` in the text: inside a JSON string such a
 * sequence cannot occur unescaped); any other line is parsed to find out. Lines whose agency cannot be
 * known (not JSON, no agencyId) belong to worker 0, which reports them.
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { StatisticsFold } from '../shared/domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../shared/domain/statistics/types.ts';
import { tsWorker } from '../shared/ts-worker.ts';
import { describeBadLine, forEachEventLine, futureWarning } from './event-file.ts';

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

/** FNV-1a: a stable, cheap hash so every worker agrees who owns an agency. */
function owner(agencyId: string, jobs: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < agencyId.length; i++) hash = Math.imul(hash ^ agencyId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % jobs;
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

/** One worker's share: the agencies that hash to `index`. */
async function foldShare(job: Job): Promise<FileStatistics> {
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
    (text) => {
      const agencyId = agencyOfText(text);
      return agencyId === undefined ? job.index === 0 : owner(agencyId, job.jobs) === job.index;
    },
  );
  return {
    statistics: fold.statistics(job.year === undefined ? {} : { year: job.year }),
    badLines,
    warnings,
  };
}

/** Folds a file on `jobs` worker threads and merges their (disjoint) results. */
export async function foldFileInParallel(
  file: string,
  options: { jobs?: number; year?: number; now?: number } = {},
) {
  const jobs = Math.max(1, options.jobs ?? Math.min(4, availableParallelism()));
  const shares = await Promise.all(
    Array.from({ length: jobs }, (_, index) => {
      const worker = tsWorker(new URL(import.meta.url), {
        file,
        jobs,
        index,
        now: options.now ?? Date.now(),
        ...(options.year === undefined ? {} : { year: options.year }),
      } satisfies Job);
      return new Promise<FileStatistics>((resolve, reject) => {
        worker.once('message', (result: FileStatistics) => {
          resolve(result);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
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
