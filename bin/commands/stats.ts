import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { parseInputFile, parseYear, writeJson } from '../output.ts';
import { foldFileInParallel, passesFor } from '../stats-parallel.ts';

/** Below this size one thread is faster than starting workers. */
const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;

interface StatsOptions {
  readonly events: string;
  readonly agency?: string;
  readonly year?: number;
  readonly jobs?: number;
}

function parseJobs(text: string): number {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
    throw new InvalidArgumentError('a whole number, 1–64');
  return jobs;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description(
      'Fold a JSONL file of events into the national tables, per agency and year. Prints {"statistics": [...]} ' +
        'to stdout; invalid lines go to stderr with their line number and reasons (exit code 1). An event dated ' +
        "more than a day after this computer's clock is counted, with a warning on stderr naming its line.",
    )
    .requiredOption('--events <file>', 'JSONL file, one event per line (read as a stream)', parseInputFile)
    .option('--agency <id>', 'only this agency')
    .option('--year <yyyy>', 'only this report year (the entry is printed even with no events)', parseYear)
    .option(
      '--jobs <n>',
      'threads, each reading a share of the file and folding a share of the agencies (default for files over 16 MiB: one per core, up to 4)',
      parseJobs,
    )
    .action(async (options: StatsOptions) => {
      const { statistics, invalid } = await computeStatistics(options);
      await writeJson({ statistics });
      if (invalid > 0) {
        process.stderr.write(`${invalid} invalid line(s) skipped\n`);
        process.exitCode = 1;
      }
    });
}

async function computeStatistics(
  options: StatsOptions,
): Promise<{ statistics: AgencyYearStatistics[]; invalid: number }> {
  // No server clock to trust here (a file may come from anywhere): warn, never refuse or change the counts.
  const now = new Date();
  const size = statSync(options.events).size;
  const jobs =
    options.jobs ??
    (options.agency === undefined && size >= PARALLEL_FROM_BYTES ? Math.min(4, availableParallelism()) : 1);
  // A large file is folded a share of its agencies at a time, so memory does not grow with the file.
  const passes = options.agency === undefined ? passesFor(size) : 1;
  const progress = terminalProgress();
  if ((jobs > 1 || passes > 1) && options.agency === undefined) {
    const result = await foldFileInParallel(options.events, {
      jobs,
      passes,
      now: now.getTime(),
      ...(options.year === undefined ? {} : { year: options.year }),
      ...(progress ? { progress } : {}),
    });
    progress?.(0, 0);
    for (const [, report] of result.badLines) process.stderr.write(`${report}\n`);
    for (const [, warning] of result.warnings) process.stderr.write(`${warning}\n`);
    return { statistics: result.statistics, invalid: result.badLines.length };
  }
  // One thread: the reader and the fold are loaded here only (the threads' coordinator needs neither).
  const { describeBadLine, forEachEventLine, futureWarning } = await import(
    '../../shared/adapters/event-file.ts'
  );
  const { StatisticsFold } = await import('../../shared/domain/statistics/fold.ts');
  const fold = new StatisticsFold();
  const { invalid } = await forEachEventLine(
    options.events,
    (line) => {
      if (line.ok) {
        const warning = futureWarning(line.line, line.event.occurredAt, now);
        if (warning) process.stderr.write(`${warning}\n`);
        fold.add(line.event);
      } else process.stderr.write(`${describeBadLine(line.line, line.issues)}\n`);
    },
    progress ? { progress } : {},
  );
  progress?.(0, 0);
  const filter = {
    ...(options.agency === undefined ? {} : { agencyId: options.agency }),
    ...(options.year === undefined ? {} : { year: options.year }),
  };
  return { statistics: fold.statistics(filter), invalid };
}

/** On a terminal, how much of the file is read (redrawn at most every 200 ms); (0, 0) clears the line. */
function terminalProgress(): ((bytes: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let drawnAt = 0;
  return (bytes, total) => {
    if (total === 0) {
      if (drawnAt > 0) process.stderr.write('\r\x1b[2K');
      return;
    }
    const now = performance.now();
    if (now - drawnAt < 200) return;
    drawnAt = now;
    const mb = (n: number) => (n / 1e6).toFixed(0);
    process.stderr.write(
      `\r\x1b[2Kreading ${Math.floor((bytes / total) * 100)}% (${mb(bytes)} of ${mb(total)} MB)`,
    );
  };
}
