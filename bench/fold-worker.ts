/**
 * One measured run in a fresh process, so peak memory is the run's own:
 *   tsx bench/fold-worker.ts parse|stats FILE   → prints {"mode","events","ms","maxRssMb"}
 * `parse` is the floor (64 KiB reads, split on newlines, JSON.parse per line); `stats` is what
 * `gongkai stats` does (read, validate, fold, tables and rules).
 */
import { openSync, readSync } from 'node:fs';
import { forEachEventLine } from '../bin/event-file.ts';
import { StatisticsFold } from '../shared/domain/statistics/fold.ts';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'parse' && mode !== 'stats')) {
  process.stderr.write('usage: tsx bench/fold-worker.ts parse|stats FILE\n');
  process.exit(2);
}

function parseFloor(path: string): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(64 * 1024);
  let rest = '';
  let count = 0;
  for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
    const lines = (rest + buffer.toString('utf8', 0, read)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      JSON.parse(line);
      count++;
    }
  }
  if (rest) {
    JSON.parse(rest);
    count++;
  }
  return count;
}

async function stats(path: string): Promise<number> {
  const fold = new StatisticsFold();
  const { valid, invalid } = await forEachEventLine(path, (line) => {
    if (line.ok) fold.add(line.event);
  });
  fold.statistics();
  return valid + invalid;
}

const started = performance.now();
const events = mode === 'parse' ? parseFloor(file) : await stats(file);
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ mode, events, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
