/**
 * `npm start` for real: a child process with a temporary GONGKAI_DATA_DIR and a free PORT. It gets ready,
 * takes an event, stops cleanly on SIGINT (as Ctrl-C: to the whole process group), and a second start on
 * the same folder has the data and does not load the demo again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, received } from './support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'gongkai-start-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(folder, { recursive: true, force: true });
});

function start(dataDir: string, port: number, demoFile: string) {
  const child = spawn('npm', ['start', '--', '--demo-file', demoFile], {
    cwd: ROOT,
    detached: true, // its own process group, signalled as a terminal would
    env: { ...process.env, GONGKAI_DATA_DIR: dataDir, PORT: String(port), CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  // 'close', not 'exit': npm may end (by the signal) while Gongkai, which holds the same pipes, is still
  // stopping and has its last line to write.
  const exited = new Promise<string>((resolve) =>
    child.on('close', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  return { child, exited, output: () => output };
}

/** Waits for GET /v1/health → 200; fails at once, with its output, if the process ends first. */
async function ready(run: ReturnType<typeof start>, url: string, within: number): Promise<number> {
  const started = Date.now();
  let ended: string | undefined;
  void run.exited.then((how) => {
    ended = how;
  });
  while (Date.now() - started < within) {
    if (ended) throw new Error(`npm start ended (${ended}) before it was ready:\n${run.output()}`);
    try {
      const response = await fetch(`${url}/v1/health`);
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready within ${within} ms:\n${run.output()}`);
}

/** Ctrl-C: SIGINT to the group. npm itself then ends by the signal; Gongkai must have stopped cleanly. */
async function stop(run: ReturnType<typeof start>) {
  process.kill(-run.child.pid!, 'SIGINT');
  return Promise.race([
    run.exited,
    new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 20_000)),
  ]);
}

/** Every file and folder under a folder whose mode lets anyone but the owner in. */
function openToOthers(folder: string): string[] {
  const paths = [
    folder,
    ...readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((p) => join(folder, p)),
  ];
  return paths
    .filter((path) => (statSync(path).mode & 0o077) !== 0)
    .map((path) => `${path} ${(statSync(path).mode & 0o777).toString(8)}`);
}

const post = async (url: string, body: unknown, key: string) => {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { results: { status: string }[] } };
};

describe('npm start', () => {
  it('keeps its data folder across a restart and loads the demo once', async () => {
    // Prepare
    const dataDir = join(folder, 'data');
    const demoFile = join(folder, 'demo.jsonl');
    const demo = [received('demo-1', 'hz-psb'), received('demo-2', 'hz-psb')];
    writeFileSync(demoFile, `${demo.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;

    // Act 1: first start
    const first = start(dataDir, port, demoFile);
    const firstReadyMs = await ready(first, url, 60_000);
    const keyFile = join(dataDir, 'demo-api-key');
    const key = readFileSync(keyFile, 'utf8').trim();
    const accepted = await post(url, received('after-start-1', 'hz-psb'), key);
    const demoAgain = await post(url, demo[0], key);
    const firstExit = await stop(first);

    // Assess 1
    expect(firstReadyMs).toBeLessThan(60_000);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(dataDir)).toEqual([]); // dynalite's and s3rver's files too
    expect(first.output()).toContain(key); // the demo key, printed on the first start only
    expect(accepted.body.results[0]?.status).toBe('accepted');
    expect(demoAgain.body.results[0]?.status).toBe('duplicate'); // the demo was loaded
    expect(first.output()).toMatch(/demo data: 2 events loaded/);
    expect(['exit 0', 'SIGINT']).toContain(firstExit);
    expect(first.output()).toMatch(/stopped; the data is in the data folder/);

    // Act 2: start again on the same folder, over a lock a kill -9 left (a pid that is gone)
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(
      join(dataDir, 'runtime.json'),
      JSON.stringify({ pid: gone.pid, url, dynamodbEndpoint: '', s3Endpoint: '', startedAt: '' }),
    );
    const second = start(dataDir, port, demoFile);
    await ready(second, url, 60_000);
    const again = await post(url, received('after-start-1', 'hz-psb'), key);
    const secondExit = await stop(second);

    // Assess 2
    expect(again.body.results[0]?.status).toBe('duplicate');
    expect(second.output()).toMatch(/loaded on a previous start/);
    expect(second.output()).not.toContain(key);
    expect(second.output()).toContain(keyFile);
    expect(second.output().match(/taking over a stale lock/g)).toHaveLength(1);
    expect(openToOthers(dataDir)).toEqual([]);
    expect(['exit 0', 'SIGINT']).toContain(secondExit);
    expect(second.output()).toMatch(/stopped; the data is in the data folder/);
    console.info(`npm start: first start ready in ${firstReadyMs} ms (including npm and tsx)`);
  }, 180_000);
});
