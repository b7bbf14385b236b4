import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { foldFileInParallel, workerBundle } from '../../bin/stats-parallel.ts';
import { loadCase } from '../support/cases.ts';
import { synthesize } from '../support/synthesize.ts';

describe('gongkai stats in shares', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-shares-'));
  const file = join(dir, 'events.jsonl');
  const base = loadCase('huaian-city-2024', 'shares');
  const lines: string[] = [];
  for (const agencyId of ['ag-1', 'ag-2', 'ag-3', 'ag-4']) {
    for (const event of synthesize({ ...base, agencyId }, { seed: lines.length + 1, traps: true }))
      lines.push(JSON.stringify(event));
  }
  // A bad line and one of no known agency: reported once, by the share that owns the unknown.
  lines.splice(7, 0, '{"eventId":"x"', '{"agencyId":"ag-2","eventId":"y","type":"nope"}');
  writeFileSync(file, `${lines.join('\n')}\n`);

  it('gives the same statistics and reports in passes on one thread as in one pass, and on two or three threads', async () => {
    // Arrange: the file above, folded whole on one thread
    const whole = await foldFileInParallel(file, { jobs: 1, passes: 1, now: Date.now() });

    // Act: three passes on one thread; two passes on each of two threads; three threads (three byte
    // ranges, each handing lines to the others) in one pass and in two
    const passes = await foldFileInParallel(file, { jobs: 1, passes: 3, now: Date.now() });
    const threads = await foldFileInParallel(file, { jobs: 2, passes: 2, now: Date.now() });
    const three = await foldFileInParallel(file, { jobs: 3, passes: 1, now: Date.now() });
    const threeInPasses = await foldFileInParallel(file, { jobs: 3, passes: 2, now: Date.now() });

    // Assert
    expect(new Set(whole.statistics.map((s) => s.agencyId))).toEqual(
      new Set(['ag-1', 'ag-2', 'ag-3', 'ag-4']),
    );
    expect(whole.badLines.map(([line]) => line)).toEqual([8, 9]);
    expect(passes).toEqual(whole);
    for (const other of [threads, three, threeInPasses])
      expect(JSON.parse(JSON.stringify(other))).toEqual(JSON.parse(JSON.stringify(whole)));
  });
});

describe('a statistics thread that fails', () => {
  it('fails the whole fold with the reason, not a hang', async () => {
    // Arrange: a folder where a file is expected (its size can be read, its bytes cannot)
    const folder = mkdtempSync(join(tmpdir(), 'gongkai-not-a-file-'));

    // Act / Assert: rejected with the reason (a hang would end in the test's timeout)
    await expect(foldFileInParallel(folder, { jobs: 3, passes: 1 })).rejects.toThrow(/EISDIR/);
  });
});

describe('the worker bundle', () => {
  it('is built once, reused while it and its sources are unchanged, and built again when either changes', async () => {
    // Arrange: a tiny worker module importing another
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bundle-'));
    const cache = join(dir, 'cache');
    writeFileSync(join(dir, 'answer.ts'), 'export const answer: number = 41;\n');
    writeFileSync(
      join(dir, 'entry.ts'),
      "import { parentPort } from 'node:worker_threads';\nimport { answer } from './answer.ts';\nparentPort?.postMessage(answer + 1);\n",
    );
    const run = (bundle: string) =>
      new Promise<unknown>((resolve, reject) => {
        const worker = new Worker(bundle, { execArgv: [] });
        worker.once('message', (value) => {
          resolve(value);
          void worker.terminate();
        });
        worker.once('error', reject);
      });

    // Act
    const first = await workerBundle(join(dir, 'entry.ts'), cache);
    const answerOfFirst = await run(first as string);
    const again = await workerBundle(join(dir, 'entry.ts'), cache);
    writeFileSync(again as string, 'throw new Error("planted");\n');
    const repaired = await workerBundle(join(dir, 'entry.ts'), cache);
    const answerOfRepaired = await run(repaired as string);
    writeFileSync(join(dir, 'answer.ts'), 'export const answer: number = 99;\n');
    const rebuilt = await workerBundle(join(dir, 'entry.ts'), cache);

    // Assert: plain JavaScript that runs without the TypeScript loader
    expect(first).toBeDefined();
    expect(answerOfFirst).toBe(42);
    expect(again).toBe(first);
    expect(answerOfRepaired).toBe(42); // a bundle changed since it was built is built again
    expect(rebuilt).not.toBe(first);
    expect(existsSync(rebuilt as string)).toBe(true);
    expect(existsSync(first as string)).toBe(false); // the stale one removed
    expect(readFileSync(rebuilt as string, 'utf8')).not.toContain(': number');
    expect(await run(rebuilt as string)).toBe(100);
  });
});
