/**
 * `gongkai stats` against DuckDB, side by side on the same synthesized file (about 1M events over some 200
 * agencies, traps included): DuckDB computes the 依申请公开 table with SQL (bench/duckdb.ts); the two tables
 * must agree cell for cell before anything is timed. Then both run as fresh processes, alternating, each
 * timed from its start to its exit (start-up included: what a person waits for), and the ratio is
 * reported with its min and max. `gongkai stats` validates every event with the contract's rules.
 * Memory: the peak of `gongkai stats` (every thread) at 1M events and at `memoryEvents` (default 4M).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, benchFile } from './data.ts';
import { differences, type RequestCells, statsRequestCells } from './duckdb.ts';
import { median, range, round2 } from './figures.ts';

interface Timed {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakMemoryMb: number;
}

function timed(args: readonly string[], stdoutFile?: string): Timed {
  const memoryFile = join(BENCH_DIR, 'peak-memory.txt');
  rmSync(memoryFile, { force: true });
  const started = performance.now();
  const run = spawnSync(
    'sh',
    ['-c', `exec "$@" > "${stdoutFile ?? '/dev/null'}"`, 'sh', process.execPath, ...args],
    {
      env: { ...process.env, GONGKAI_PEAK_MEMORY_FILE: memoryFile },
      stdio: ['ignore', 'inherit', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  const usage = existsSync(memoryFile)
    ? (JSON.parse(readFileSync(memoryFile, 'utf8')) as { peakMb: number; cpuMs: number })
    : { peakMb: Number.NaN, cpuMs: Number.NaN };
  return { ms, cpuMs: usage.cpuMs, peakMemoryMb: usage.peakMb };
}

const PRELOAD = ['--import', 'tsx', '--import', './bench/peak-memory.ts'];
const statsRun = (file: string, out: string) =>
  timed([...PRELOAD, 'bin/gongkai.ts', 'stats', '--events', file], out);
const duckdbRun = (file: string, out: string) => timed([...PRELOAD, 'bench/duckdb-worker.ts', file, out]);

export async function benchStats(options: {
  events: number;
  rounds: number;
  /** Events of the second file, for peak memory only (0: skip). */
  memoryEvents: number;
  log: (text: string) => void;
}) {
  const file = await benchFile(options.events, (n) => options.log(`  synthesizing events: ${n}`));
  const statsOut = join(BENCH_DIR, 'stats-out.json');
  const duckOut = join(BENCH_DIR, 'duckdb-out.json');

  // Same table first: nothing is timed until the two agree cell for cell.
  options.log('stats: checking gongkai stats against DuckDB, cell for cell');
  const stats: Timed[] = [];
  const duckdb: Timed[] = [];
  stats.push(statsRun(file, statsOut));
  duckdb.push(duckdbRun(file, duckOut));
  const ours = statsRequestCells(JSON.parse(readFileSync(statsOut, 'utf8')).statistics);
  const theirs: RequestCells = new Map(JSON.parse(readFileSync(duckOut, 'utf8')));
  const diff = differences(ours, theirs);
  if (diff.length > 0) throw new Error(`gongkai stats and DuckDB disagree:\n${diff.join('\n')}`);
  const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

  for (let round = 1; round <= options.rounds; round++) {
    // Alternate which goes first, so drift in the machine's speed hits both alike.
    if (round % 2 === 1) {
      duckdb.push(duckdbRun(file, duckOut));
      stats.push(statsRun(file, statsOut));
    } else {
      stats.push(statsRun(file, statsOut));
      duckdb.push(duckdbRun(file, duckOut));
    }
    options.log(
      `  stats round ${round}/${options.rounds}: gongkai stats ${Math.round(stats.at(-1)!.ms)} ms ` +
        `(CPU ${stats.at(-1)!.cpuMs} ms), duckdb ${Math.round(duckdb.at(-1)!.ms)} ms (CPU ${duckdb.at(-1)!.cpuMs} ms)`,
    );
  }
  // The first pair (the check) warms the page cache and the compile caches: not counted.
  const measured = (list: Timed[]) => list.slice(1);
  const ratios = measured(stats).map((s, i) => s.ms / measured(duckdb)[i]!.ms);
  const cpuRatios = measured(stats).map((s, i) => s.cpuMs / measured(duckdb)[i]!.cpuMs);
  const result: Record<string, unknown> = {
    events,
    cells: ours.size,
    agreeCellForCell: true,
    statsMs: range(measured(stats).map((s) => s.ms)),
    duckdbMs: range(measured(duckdb).map((s) => s.ms)),
    statsOverDuckdb: { median: round2(median(ratios)), ...range(ratios, round2) },
    statsCpuMs: range(measured(stats).map((s) => s.cpuMs)),
    duckdbCpuMs: range(measured(duckdb).map((s) => s.cpuMs)),
    cpuStatsOverDuckdb: { median: round2(median(cpuRatios)), ...range(cpuRatios, round2) },
    statsPeakMemoryMb: Math.max(...stats.map((s) => s.peakMemoryMb)),
    duckdbPeakMemoryMb: Math.max(...duckdb.map((s) => s.peakMemoryMb)),
  };
  if (options.memoryEvents > 0) {
    const big = await benchFile(options.memoryEvents, (n) => options.log(`  synthesizing events: ${n}`));
    options.log(`stats: peak memory at ${options.memoryEvents} events`);
    const run = statsRun(big, statsOut);
    result.peakMemory = {
      [`${options.events}`]: result.statsPeakMemoryMb,
      [`${options.memoryEvents}`]: run.peakMemoryMb,
    };
    result.statsMsAtMemoryEvents = Math.round(run.ms);
  }
  return result;
}
