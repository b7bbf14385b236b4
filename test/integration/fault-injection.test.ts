/**
 * Fault injection on the whole path, through the SDK: the real clients of the one factory get a middleware
 * (test/support/faults.ts) that answers 30 % of the DynamoDB calls — drawn from a seeded random — with
 * ProvisionedThroughputExceededException, ThrottlingException or a 500 (before the call, or after it was
 * done), during ingest (HTTP and the queue), the nightly and generate; and S3 fails half-way through
 * writing a version. A client retries a 5xx as a portal would. The statistics and the readable versions
 * must be those of the same run without faults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Emulator, startS3rver } from '../../infra/local/emulators.ts';
import { MAX_ATTEMPTS } from '../../shared/adapters/clients.ts';
import { DEFAULTS } from '../../shared/config.ts';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { MANIFEST_NAME, versionsOf, yearPrefix } from '../../shared/use-cases/generate-manifest.ts';
import { deliveredStream } from '../support/arbitraries.ts';
import { faultInjector } from '../support/faults.ts';
import { type TestGongkai, testGongkai } from './support.ts';

const SEED = 20261202;
const RATE = 0.3;
const folders: string[] = [];
const emulators: Emulator[] = [];
afterAll(async () => {
  for (const e of emulators) await e.close();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** Sixteen streams (fixed seed) onto six agencies: every event type, every year 2019–2022, retries. */
const streams = fc.sample(deliveredStream(10), { seed: 7, numRuns: 16 });
const agencyOf = (stream: number, agencyId: string) => `f${stream % 3}-${agencyId}`;
const delivered: GongkaiEvent[] = streams.flatMap((s, i) =>
  s.delivered.map((e) => ({ ...e, eventId: `s${i}-${e.eventId}`, agencyId: agencyOf(i, e.agencyId) })),
);
const AGENCIES = [0, 1, 2].flatMap((i) => [agencyOf(i, 'a'), agencyOf(i, 'b')]);
/** The agencies whose reports are generated (rendering takes a while). */
const REPORTED = [agencyOf(0, 'a'), agencyOf(0, 'b')];

interface Outcome {
  statistics: Record<string, unknown>;
  versions: Record<string, unknown>;
  retries: { client: number; nightlyRuns: number; generate: number };
}

async function call(gk: TestGongkai, method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: loosely typed answers
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as any };
}

/** The whole path; `faults` turns the injector on for each phase. */
async function run(faults?: ReturnType<typeof faultInjector>): Promise<Outcome> {
  const folder = mkdtempSync(join(tmpdir(), 'gongkai-faults-'));
  folders.push(folder);
  const s3 = await startS3rver({ directory: folder, buckets: [DEFAULTS.buckets.artifacts] });
  emulators.push(s3);
  const gk = await testGongkai({
    s3Endpoint: s3.endpoint,
    ...(faults ? { clients: faults.options } : {}),
    queue: { visibilityTimeoutMs: 200, maxReceiveCount: 10, pollIntervalMs: 10 },
    app: { nightlyQueue: { visibilityTimeoutMs: 200, maxReceiveCount: 10 } },
  });
  const retries = { client: 0, nightlyRuns: 0, generate: 0 };
  try {
    await gk.agencies(...AGENCIES);
    const key = await gk.keyFor(...AGENCIES);

    // Ingest: batches of 15 from four portals at once, every third batch through the queue; a 5xx is
    // sent again, as a portal would.
    faults?.enable(['dynamodb']);
    const batches = Array.from({ length: Math.ceil(delivered.length / 15) }, (_, n) => ({
      path: n % 3 === 2 ? '/v1/admin/queue' : '/v1/events',
      body: { events: delivered.slice(n * 15, n * 15 + 15) },
    }));
    const portal = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        for (let attempt = 1; ; attempt++) {
          const key_ = batch.path === '/v1/events' ? key : undefined;
          const answer = await call(gk, 'POST', batch.path, key_, batch.body);
          if (answer.status < 500) {
            expect([200, 202], JSON.stringify(answer.body).slice(0, 300)).toContain(answer.status);
            break;
          }
          expect(attempt, 'a portal gives up after 10 tries').toBeLessThan(10);
          retries.client += 1;
        }
      }
    };
    await Promise.all([portal(), portal(), portal(), portal()]);
    await gk.app.queue.drained(120_000);
    expect(gk.app.queue.deadLetters()).toEqual([]);

    // The nightly, run again (as an operator or the next night would) until nothing is left.
    for (let attempt = 1; ; attempt++) {
      const report = await gk.app.runNightly().catch(() => undefined);
      if (report?.complete) break;
      expect(attempt, 'the nightly completes within 5 runs').toBeLessThan(5);
      retries.nightlyRuns += 1;
    }

    // Generate: S3 fails half-way through a version twice — once for fewer tries than the SDK makes (its
    // retry completes the same version), once past them (the docx write fails: nothing is visible, and
    // generating again completes a new version).
    faults?.enable(['dynamodb', 's3']);
    const put = (name: string) => (command: string, input: Record<string, unknown>) =>
      command === 'PutObjectCommand' && String(input.Key).endsWith(`/${name}`);
    faults?.target({
      service: 's3',
      kind: 'server-error',
      times: MAX_ATTEMPTS - 1,
      matches: put('report.html'),
    });
    faults?.target({ service: 's3', kind: 'server-error', times: MAX_ATTEMPTS, matches: put('report.docx') });
    for (const agencyId of REPORTED) {
      for (const year of await gk.app.stores.statistics.years(agencyId, 'own')) {
        for (let attempt = 1; ; attempt++) {
          const answer = await call(gk, 'POST', `/v1/agencies/${agencyId}/reports/${year}/generate`, key);
          if (answer.status === 201) break;
          expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(500);
          // Nothing of the failed version is readable.
          faults?.disable();
          const listed = await call(gk, 'GET', `/v1/agencies/${agencyId}/reports/${year}/versions`, key);
          expect(listed.body.versions).toEqual([]);
          faults?.enable(['dynamodb', 's3']);
          expect(attempt, 'generate succeeds within 5 tries').toBeLessThan(5);
          retries.generate += 1;
        }
      }
    }
    faults?.disable();

    // What came out: the statistics of every agency, the readable versions of the reported ones.
    const statistics: Record<string, unknown> = {};
    for (const agencyId of AGENCIES) {
      const own = await gk.app.stores.statistics.list(agencyId, 'own');
      statistics[agencyId] = own.map((s) => ({ statistics: s.statistics, folded: s.watermark.eventsFolded }));
    }
    const versions: Record<string, unknown> = {};
    for (const agencyId of REPORTED) {
      for (const year of await gk.app.stores.statistics.years(agencyId, 'own')) {
        const objects = await gk.app.artifacts.list(yearPrefix(agencyId, year));
        const readable = [...versionsOf(objects, agencyId, year).readable.keys()];
        versions[`${agencyId} ${year}`] = await Promise.all(
          readable.map(async (v) => {
            const prefix = `${yearPrefix(agencyId, year)}v${v}/`;
            const manifest = JSON.parse(
              Buffer.from((await gk.app.artifacts.get(`${prefix}${MANIFEST_NAME}`))!).toString(),
            );
            const stats = JSON.parse(
              Buffer.from((await gk.app.artifacts.get(`${prefix}statistics.json`))!).toString(),
            );
            return {
              draft: manifest.draft,
              findings: manifest.findings,
              files: manifest.artifacts.map((a: { name: string }) => a.name),
              statistics: stats,
            };
          }),
        );
      }
    }
    const surfaced = gk.log.entries.filter((e) => e.level === 'error');
    console.info(
      `errors logged: ${surfaced.length}\n${surfaced
        .map(
          (e) =>
            `  ${e.message} ${String((e.fields.error as Error | undefined)?.name ?? e.fields.reason ?? '')}`,
        )
        .slice(0, 30)
        .join('\n')}`,
    );
    return { statistics, versions, retries };
  } finally {
    faults?.disable();
    await gk.close();
  }
}

describe('faults injected through the SDK clients', () => {
  it('are retried on every call of a long-lived client, however long they go on', async () => {
    // 1,200 reads through one client (as the local runtime or a warm Lambda makes), 30 % answered 500.
    const faults = faultInjector({ seed: SEED, rate: RATE, kinds: ['server-error'] });
    const gk = await testGongkai({ clients: faults.options });
    try {
      await gk.agencies('steady');
      faults.enable(['dynamodb']);
      let failed = 0;
      for (let i = 0; i < 6; i++) {
        const reads = Array.from({ length: 200 }, () => gk.app.stores.agencies.get('steady'));
        for (const read of await Promise.allSettled(reads)) if (read.status === 'rejected') failed += 1;
      }
      faults.disable();
      console.info(
        `1200 reads, ${faults.calls.faulted} faults injected in ${faults.calls.seen} calls: ${failed} failed`,
      );
      // Each read fails only when all its MAX_ATTEMPTS tries do: 0.3⁵ ≈ 0.24 %, never a shared budget run dry.
      expect(failed).toBeLessThan(20);
    } finally {
      await gk.close();
    }
  });

  it('end with the statistics and versions of the fault-free run', async () => {
    const clean = await run();
    const faults = faultInjector({ seed: SEED, rate: RATE });
    const faulty = await run(faults);

    console.info(
      `fault injection (seed ${SEED}, rate ${RATE}): ${faults.calls.faulted} faults in ${faults.calls.seen} calls; ` +
        `client retries ${faulty.retries.client}, nightly re-runs ${faulty.retries.nightlyRuns}, ` +
        `generate retries ${faulty.retries.generate}\n${[...faults.counts].map(([k, n]) => `  ${k}: ${n}`).join('\n')}`,
    );
    expect(faulty.statistics).toEqual(clean.statistics);
    expect(faulty.versions).toEqual(clean.versions);
    expect(Object.keys(clean.versions).length).toBeGreaterThan(0);
    // The faults did happen, of every kind, in every phase.
    expect(faults.calls.faulted).toBeGreaterThan(80);
    // The version whose docx failed past the SDK's retries was generated again.
    expect(faulty.retries.generate).toBeGreaterThanOrEqual(1);
    const kinds = [...faults.counts.keys()].map((k) => k.split(' ')[1]);
    for (const kind of ['throughput-exceeded', 'throttling', 'server-error', 'server-error-after-write'])
      expect(kinds).toContain(kind);
  }, 300_000);
});
