/**
 * The statistics engine, measured against the floor on the same file, side by side: the JSON.parse loop
 * (64 KiB reads, split on newlines, JSON.parse per line) and `gongkai stats`'s own path (read, validate,
 * fold, tables, rules). Each run is a fresh process so its peak memory is its own; runs alternate so
 * drift in the machine's speed hits both alike. Reported as ratios with min and max.
 */
import { execFileSync } from 'node:child_process';
import { benchFile } from './data.ts';

interface Run {
  readonly mode: 'parse' | 'stats';
  readonly events: number;
  readonly ms: number;
  readonly maxRssMb: number;
}

function run(mode: Run['mode'], file: string): Run {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/fold-worker.ts', mode, file], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as Run;
}

export async function benchFold(options: { events: number; rounds: number; log: (text: string) => void }) {
  const file = await benchFile(options.events, (n) => options.log(`  synthesizing events: ${n}`));
  const floor: Run[] = [];
  const stats: Run[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    floor.push(run('parse', file));
    stats.push(run('stats', file));
    options.log(
      `  fold round ${round}/${options.rounds}: parse ${floor.at(-1)?.ms} ms, stats ${stats.at(-1)?.ms} ms`,
    );
  }
  const ratios = stats.map((s, i) => s.ms / (floor[i] as Run).ms);
  const best = Math.min(...stats.map((s) => s.ms));
  const events = (stats[0] as Run).events;
  return {
    events,
    statsEventsPerSecond: Math.round(events / (best / 1000)),
    floorEventsPerSecond: Math.round(events / (Math.min(...floor.map((f) => f.ms)) / 1000)),
    statsOverFloor: { min: round2(Math.min(...ratios)), max: round2(Math.max(...ratios)) },
    statsPeakRssMb: Math.max(...stats.map((s) => s.maxRssMb)),
    floorPeakRssMb: Math.max(...floor.map((f) => f.maxRssMb)),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
