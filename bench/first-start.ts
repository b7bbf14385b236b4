/**
 * A first start against the statistics of its own demo file, side by side, alternating: `npm start` on a
 * fresh data folder, timed from the command to the first 200 of GET /v1/health (the demo loaded), against
 * `npm run gongkai -- stats` on the demo file (target ≤ 4×); and `npm run gongkai -- run` of the demo
 * (target ≤ 10 s). Each is a fresh process, as a person types it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, range, round2 } from './figures.ts';

const DEMO = 'demo/hz-psb-2019.jsonl';

function timedCommand(args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync('npm', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return performance.now() - started;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/v1/health`)).status === 200;
  } catch {
    return false;
  }
}

/** `npm start` on a fresh folder: ms until /v1/health first answers 200; then stopped. */
async function firstStart(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-first-start-'));
  const started = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const url = /Gongkai is running on (http:\/\/\S+)/.exec(output)?.[1];
      if (url && (await healthy(url))) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    // The npm process group we started: npm, its shell, node and dynalite's process. npm may exit before
    // Gongkai has stopped (it finishes the demo's publication first): the next command timed would share
    // the cores with it, so the whole group is waited for.
    if (child.pid !== undefined) {
      process.kill(-child.pid, 'SIGTERM');
      await exited;
      while (groupAlive(child.pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Whether any process of the group led by `pid` is still running. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runDemo(): number {
  const out = mkdtempSync(join(tmpdir(), 'gongkai-run-out-'));
  try {
    return timedCommand(['run', '--silent', 'gongkai', '--', 'run', '--events', DEMO, '--out', out]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchFirstStart(options: { rounds: number; log: (text: string) => void }) {
  const stats: number[] = [];
  const start: number[] = [];
  const run: number[] = [];
  const statsRun = () => timedCommand(['run', '--silent', 'gongkai', '--', 'stats', '--events', DEMO]);
  statsRun(); // warms the page cache and tsx's compile cache
  for (let round = 1; round <= options.rounds; round++) {
    if (round % 2 === 1) {
      stats.push(statsRun());
      start.push(await firstStart());
    } else {
      start.push(await firstStart());
      stats.push(statsRun());
    }
    run.push(runDemo());
    options.log(
      `  first start round ${round}/${options.rounds}: npm start → health ${Math.round(start.at(-1)!)} ms, ` +
        `stats ${Math.round(stats.at(-1)!)} ms, run ${Math.round(run.at(-1)!)} ms`,
    );
  }
  const ratios = start.map((s, i) => s / stats[i]!);
  return {
    firstStartToHealthMs: { median: Math.round(median(start)), ...range(start) },
    statsOfDemoMs: { median: Math.round(median(stats)), ...range(stats) },
    firstStartOverStats: { median: round2(median(ratios)), ...range(ratios, round2) },
    runOfDemoMs: { median: Math.round(median(run)), ...range(run) },
  };
}
