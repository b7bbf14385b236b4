/**
 * The commands people are told to run, run as written against a real `npm start` (a temporary data folder
 * and a free port, the whole demo): the start banner's "Try:" commands, then README's flow block (between
 * `<!-- flow:begin -->` and `<!-- flow:end -->`) with bash, so that neither can rot.
 *
 * The flow's public page step (`# public page`) runs once the route table has `GET /reports/{id}/{year}`
 * (the public site); until then it is left out.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/http/routes.ts';
import { freePort } from './support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'gongkai-readme-'));
let child: ChildProcess | undefined;

afterAll(() => {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  rmSync(folder, { recursive: true, force: true });
});

/** Starts `npm start` in its own process group and waits for GET /v1/health → 200 (its output on failure). */
async function startGongkai(dataDir: string, port: number) {
  child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, GONGKAI_DATA_DIR: dataDir, PORT: String(port), CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  let ended: string | undefined;
  child.on('exit', (code, signal) => {
    ended = signal ?? `exit ${code}`;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 150_000; waited += 250) {
    if (ended) throw new Error(`npm start ended (${ended}):\n${output}`);
    const health = await fetch(`${url}/v1/health`).catch(() => undefined);
    if (health?.status === 200) return { url, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready:\n${output}`);
}

/** Runs a script with bash (-e, -u, pipefail) from the repository's folder. */
function bash(script: string, env: Record<string, string>) {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The banner's "Try:" commands, one per entry (continuation lines joined). */
function bannerCommands(output: string): string[] {
  const lines = output.slice(output.indexOf('Try:\n') + 'Try:\n'.length).split('\n');
  const block = lines.slice(0, lines.indexOf(''));
  return block
    .join('\n')
    .replaceAll('\\\n', ' ')
    .split('\n')
    .map((line) => line.trim());
}

/** README's flow block, without the public page step while the route table has no public site. */
function readmeFlow(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- flow:begin -->\n```sh\n([\s\S]*?)```\n<!-- flow:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README has no flow block between its markers');
  const site = ROUTES.some(
    (route) => route.method === 'GET' && (route.path as string) === '/reports/{id}/{year}',
  );
  return site ? block : block.replace(/^.*# public page\n/m, '');
}

describe('the commands people are told to run', () => {
  it('work as written: the start banner, then README’s whole flow on hz-psb 2020', async () => {
    // Arrange
    const dataDir = join(folder, 'data');
    const port = await freePort();
    const { url, output } = await startGongkai(dataDir, port);
    const env = { PORT: String(port), GONGKAI_DATA_DIR: dataDir };
    const key = readFileSync(join(dataDir, 'demo-api-key'), 'utf8').trim();
    const get = async (path: string, withKey = false) => {
      const init = withKey ? { headers: { authorization: `Bearer ${key}` } } : {};
      // Once more on a kept-alive socket the server closed meanwhile (idle while bash ran).
      const response = await fetch(`${url}${path}`, init).catch(() => fetch(`${url}${path}`, init));
      return response.json();
    };
    // biome-ignore lint/suspicious/noExplicitAny: loosely typed answers, read field by field
    const received2019 = async () => (await get('/v1/agencies/hz-psb/statistics/2019', true)) as any;

    // Act 1: every command of the banner.
    const commands = bannerCommands(output());
    const banner = commands.map((command) => ({ command, ...bash(command, env) }));

    // Assert 1: each ran; the queue's example event was stored (posting it again is a duplicate).
    expect(commands.some((c) => c.includes('/v1/admin/queue'))).toBe(true);
    for (const run of banner) expect(run.status, `${run.command}\n${run.stderr}`).toBe(0);
    const queued = banner.find((run) => run.command.includes('/v1/admin/queue'));
    expect(JSON.parse(queued?.stdout ?? '{}').messageId).toEqual(expect.any(String));
    const queuedEvent = /-d '(\{.*\})'/.exec(queued?.command ?? '')?.[1] ?? '';
    for (let tries = 0; tries < 100; tries++) {
      // biome-ignore lint/suspicious/noExplicitAny: loosely typed answer
      const queue = (await get('/v1/admin/queue')) as any;
      if (queue.visible === 0 && queue.inFlight === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const again = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: queuedEvent,
    });
    // biome-ignore lint/suspicious/noExplicitAny: loosely typed answer
    expect(((await again.json()) as any).results[0].status).toBe('duplicate');

    // Act 2: README's flow.
    const flow = bash(readmeFlow(), env);

    // Assert 2: it ran to the end; 2020 is published and corrected, both versions public; 2019 unchanged.
    expect(flow.status, `${flow.stdout}\n${flow.stderr}`).toBe(0);
    // biome-ignore lint/suspicious/noExplicitAny: loosely typed answer
    const versions = (await get('/v1/agencies/hz-psb/reports/2020/versions')) as any;
    expect(versions.publication.corrections).toHaveLength(1);
    const [corrected, first] = versions.versions;
    expect(versions.publication.currentVersion).toBe(corrected.version);
    expect(corrected).toMatchObject({ published: true, current: true, draft: false });
    expect(first).toMatchObject({ published: true, current: false, correctedBy: corrected.version });
    // biome-ignore lint/suspicious/noExplicitAny: loosely typed answer
    const detail = (await get(`/v1/agencies/hz-psb/reports/2020/versions/${first.version}`)) as any;
    const docx = detail.artifacts.find((a: { name: string }) => a.name === 'report.docx');
    expect(flow.stdout).toContain(`${docx.sha256}  -`);
    expect(flow.stdout).toContain(`302 http://`);
    const stats2019 = await received2019();
    expect(stats2019.tables.requests.received.total).toBe(91);
  }, 420_000);
});
