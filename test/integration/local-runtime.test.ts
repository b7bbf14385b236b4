/**
 * The embedded runtime's own safety: the local queue keeps what it accepted across a crash, a lock left
 * by a dead (or foreign) process is taken over, and the gateway refuses a foreign Origin or Host (a web
 * page, DNS rebinding) on every route.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalQueue } from '../../infra/local/queue.ts';
import { inspectRuntimeFile, runtimeFilePath } from '../../infra/local/runtime.ts';
import { memoryLogger } from '../../shared/adapters/logger.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

const folder = mkdtempSync(join(tmpdir(), 'gongkai-local-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A queue on a folder whose function records the bodies; `crash`: it never finishes (the process died). */
function recordingQueue(directory: string, delivered: string[], crash = false) {
  return new LocalQueue({
    name: 'test-durable',
    handler: async (event: SQSEvent) => {
      delivered.push(...event.Records.map((r) => r.body));
      if (crash) await new Promise(() => undefined);
      return { batchItemFailures: [] };
    },
    log: memoryLogger(),
    visibilityTimeoutMs: 1000,
    maxReceiveCount: 3,
    pollIntervalMs: 10,
    directory,
  });
}

describe('the local queue', () => {
  it('keeps every accepted message across a crash and delivers it after the restart', async () => {
    const directory = join(folder, 'queue');
    const before: string[] = [];
    const first = recordingQueue(directory, before, true);
    const ids = ['one', 'two', 'three'].map((body) => first.send(body));
    // The crash: the first instance dies while its function runs (never finished, stopped nor drained).
    const files = readdirSync(directory).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(3);
    for (const file of files) expect(statSync(join(directory, file)).mode & 0o777).toBe(0o600);

    const after: string[] = [];
    const second = recordingQueue(directory, after);
    second.start();
    await second.drained(10_000);
    await second.stop();
    expect(after.sort()).toEqual(['one', 'three', 'two']);
    expect(ids).toHaveLength(3);
    // Delivered and deleted: a third instance finds nothing.
    const third: string[] = [];
    const again = recordingQueue(directory, third);
    again.start();
    await again.drained(10_000);
    await again.stop();
    expect(third).toEqual([]);
  });
});

describe('the runtime lock (runtime.json)', () => {
  it('is stale when its pid is dead, ours, or not a Gongkai process', async () => {
    const dataDir = join(folder, 'lock');
    const lock = (pid: number) =>
      writeFileSync(
        runtimeFilePath(dataDir),
        JSON.stringify({
          pid,
          url: 'http://127.0.0.1:1',
          dynamodbEndpoint: '',
          s3Endpoint: '',
          startedAt: '',
        }),
      );
    rmSync(dataDir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
    expect(inspectRuntimeFile(dataDir).state).toBe('none');

    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    lock(gone.pid!);
    expect(inspectRuntimeFile(dataDir)).toMatchObject({
      state: 'stale',
      reason: expect.stringMatching(/not running/),
    });

    lock(process.pid);
    expect(inspectRuntimeFile(dataDir)).toMatchObject({
      state: 'stale',
      reason: expect.stringMatching(/this process/),
    });

    const stranger = spawn('sleep', ['30']);
    try {
      lock(stranger.pid!);
      expect(inspectRuntimeFile(dataDir)).toMatchObject({
        state: 'stale',
        reason: expect.stringMatching(/not Gongkai/),
      });
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});

describe('the gateway refuses other origins and hosts', () => {
  let gk: TestGongkai;
  beforeAll(async () => {
    gk = await testGongkai();
    await gk.agencies('agency-a');
  });
  afterAll(async () => {
    await gk?.close();
  });

  /** A raw request (fetch would not let a test set Host). */
  function raw(method: string, path: string, headers: Record<string, string>, body = '') {
    const url = new URL(gk.gateway.url);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('403 with a JSON reason for a foreign Origin or a Host that is not this gateway', async () => {
    const port = new URL(gk.gateway.url).port;
    const key = await gk.keyFor('agency-a');
    const event = JSON.stringify(received('origin-1'));
    const own = gk.gateway.url;
    const cases: [string, string, Record<string, string>, RegExp][] = [
      ['POST', '/v1/admin/nightly', { origin: 'https://evil.example' }, /origin/i],
      ['POST', '/v1/admin/queue', { origin: 'null' }, /origin/i],
      ['POST', '/v1/events', { origin: 'http://127.0.0.1:1', authorization: `Bearer ${key}` }, /origin/i],
      ['GET', '/v1/admin/queue', { host: `evil.example:${port}` }, /host/i],
      ['POST', '/v1/admin/nightly', { host: 'rebind.example' }, /host/i],
      ['GET', '/v1/health', { host: `127.0.0.1:${Number(port) + 1}` }, /host/i],
    ];
    for (const [method, path, headers, reason] of cases) {
      const answer = await raw(method, path, headers, method === 'POST' ? event : '');
      expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
      const body = JSON.parse(answer.body);
      expect(body.error).toMatchObject({ status: 403, code: 'forbidden' });
      expect(body.error.message).toMatch(reason);
    }
    expect((await gk.stored('agency-a')).length).toBe(0);
    // Its own origin and hosts are served.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await raw('GET', '/v1/health', { host, origin: own })).status).toBe(200);
    }
    const accepted = await raw('POST', '/v1/events', { authorization: `Bearer ${key}`, origin: own }, event);
    expect(accepted.status).toBe(200);
  });
});
