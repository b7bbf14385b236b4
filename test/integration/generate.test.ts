/**
 * The generate use case on dynalite and s3rver: immutability under crashes and races. Faults are injected
 * by wrapping the ArtifactStore port (never by mocking the SDK).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../../shared/ports.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { listVersions } from '../../shared/use-cases/download.ts';
import { generateReport } from '../../shared/use-cases/generate.ts';
import { objectKey, yearPrefix } from '../../shared/use-cases/generate-manifest.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const suffix = randomBytes(3).toString('hex');
const A = `gen-a-${suffix}`;

const owner = { kind: 'key', keyId: 'k_test', agencyIds: new Set([A]) } as const;
const versionsOf = async (agencyId = A) =>
  (
    await listVersions(
      { artifacts: gk.app.artifacts, reports: gk.app.stores.reports, clock: () => new Date() },
      { agencyId, year: 2021, reader: owner },
    )
  ).versions.map((v) => v.version);

/** The objects under a year's prefix: key → bytes (hex of sha256 would do; the bytes are small). */
async function snapshot(agencyId = A): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const object of await gk.app.artifacts.list(yearPrefix(agencyId, 2021))) {
    const bytes = await gk.app.artifacts.get(object.key);
    out.set(object.key, Buffer.from(bytes!).toString('base64'));
  }
  return out;
}

/** The artifact store, failing every write of a manifest (a crash after the artifacts, before the manifest). */
function crashingBeforeManifest(store: ArtifactStore): ArtifactStore {
  return {
    putIfAbsent: (key, body, options) =>
      key.endsWith('/manifest.json')
        ? Promise.reject(new Error('injected: the process died before writing the manifest'))
        : store.putIfAbsent(key, body, options),
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    presignGet: (key, options) => store.presignGet(key, options),
  };
}

beforeAll(async () => {
  gk = await testGongkai();
  await registerAgency({ ...gk.app.stores, clock: () => new Date() }, { id: A, name: '淮安市人民政府' });
  const key = await gk.keyFor(A);
  const events = [1, 2, 3].map((i) => ({
    eventId: `g-${i}`,
    agencyId: A,
    type: 'request.received',
    occurredAt: `2021-0${i}-10T10:00:00+08:00`,
    data: { requestId: `R-${i}`, channel: 'online', applicantType: 'natural_person' },
  }));
  expect((await gk.post('/v1/events', { events }, key)).status).toBe(200);
});
afterAll(async () => {
  await gk?.close();
});

describe('immutable versions', () => {
  it('leaves no readable version after a crash before the manifest, and never reuses or overwrites it', async () => {
    // Prepare
    const first = await generateReport(gk.app.generateDeps, { agencyId: A, year: 2021 });
    // Act: a crash between the artifacts and the manifest
    const crashing = { ...gk.app.generateDeps, artifacts: crashingBeforeManifest(gk.app.artifacts) };
    await expect(generateReport(crashing, { agencyId: A, year: 2021 })).rejects.toThrow(/injected/);
    const crashed = first.version + 1;
    const afterCrash = await snapshot();
    // Assess: its artifacts are there, its manifest is not, and readers do not see it
    expect(afterCrash.has(objectKey(A, 2021, crashed, 'report.docx'))).toBe(true);
    expect(afterCrash.has(objectKey(A, 2021, crashed, 'manifest.json'))).toBe(false);
    expect(await versionsOf()).toEqual([first.version]);
    // Act: the next generation
    const next = await generateReport(gk.app.generateDeps, { agencyId: A, year: 2021 });
    // Assess: a new number; every object that existed is untouched
    expect(next.version).toBe(crashed + 1);
    const after = await snapshot();
    for (const [key, bytes] of afterCrash) expect(after.get(key), key).toBe(bytes);
    expect(await versionsOf()).toEqual([next.version, first.version]);
  });

  /** The bucket's store with its conditional write answered otherwise (a fault injected). */
  const artifactsWhosePut = (putIfAbsent: ArtifactStore['putIfAbsent']): ArtifactStore => ({
    list: (prefix) => gk.app.artifacts.list(prefix),
    get: (key) => gk.app.artifacts.get(key),
    head: (key) => gk.app.artifacts.head(key),
    presignGet: (key, options) => gk.app.artifacts.presignGet(key, options),
    putIfAbsent,
  });

  it('a write that landed but answered an error, retried, completes the version (same bytes are ours)', async () => {
    // Prepare: every first write lands, then answers "exists already", as a retried PutObject does after a
    // 500 that came back from a write that was done.
    const landedThenRefused = artifactsWhosePut(async (key, body, options) => {
      await gk.app.artifacts.putIfAbsent(key, body, options);
      return false;
    });
    // Act
    const generated = await generateReport(
      { ...gk.app.generateDeps, artifacts: landedThenRefused },
      { agencyId: A, year: 2021 },
    );
    // Assess: the version is readable
    expect(await versionsOf()).toContain(generated.version);
    // …but an object that is there without being this write is still refused, never overwritten.
    const refused: ArtifactStore = { ...landedThenRefused, putIfAbsent: async () => false };
    await expect(
      generateReport({ ...gk.app.generateDeps, artifacts: refused }, { agencyId: A, year: 2021 }),
    ).rejects.toThrow(/exists already/);
  });

  it('a write that landed although every try answered an error completes the version; one that did not fails it', async () => {
    // Prepare: every write lands, then the SDK gives up with the service's 500 (all its tries answered one).
    const serverError = () =>
      Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError' });
    const landedThenFailed = artifactsWhosePut(async (key, body, options) => {
      await gk.app.artifacts.putIfAbsent(key, body, options);
      throw serverError();
    });
    // Act
    const generated = await generateReport(
      { ...gk.app.generateDeps, artifacts: landedThenFailed },
      { agencyId: A, year: 2021 },
    );
    // Assess: the version is readable and answered as generated
    expect(await versionsOf()).toContain(generated.version);
    // …but a write that did not land is the failure it says it is, and no version becomes readable.
    const before = await versionsOf();
    const failed: ArtifactStore = {
      ...landedThenFailed,
      putIfAbsent: async () => Promise.reject(serverError()),
    };
    await expect(
      generateReport({ ...gk.app.generateDeps, artifacts: failed }, { agencyId: A, year: 2021 }),
    ).rejects.toThrow(/internal error/);
    expect(await versionsOf()).toEqual(before);
  });

  it('numbers above any prefix in the bucket, even one without a version claim', async () => {
    // Prepare: an orphan object far above (a writer that crashed before any bookkeeping)
    const orphan = objectKey(A, 2021, 40, 'report.xlsx');
    expect(
      await gk.app.artifacts.putIfAbsent(orphan, Buffer.from('orphan'), { contentType: 'text/plain' }),
    ).toBe(true);
    // Act
    const generated = await generateReport(gk.app.generateDeps, { agencyId: A, year: 2021 });
    // Assess
    expect(generated.version).toBe(41);
    expect(Buffer.from((await gk.app.artifacts.get(orphan))!).toString()).toBe('orphan');
  });

  it('gives two generations at once two different versions, both complete', async () => {
    // Act
    const [a, b] = await Promise.all([
      generateReport(gk.app.generateDeps, { agencyId: A, year: 2021 }),
      generateReport(gk.app.generateDeps, { agencyId: A, year: 2021 }),
    ]);
    // Assess
    expect(new Set([a.version, b.version]).size).toBe(2);
    const listed = await versionsOf();
    expect(listed).toContain(a.version);
    expect(listed).toContain(b.version);
  });

  it('never overwrites an object (put-if-absent)', async () => {
    const key = `${yearPrefix(A, 2021)}probe/once.txt`;
    expect(await gk.app.artifacts.putIfAbsent(key, Buffer.from('first'), { contentType: 'text/plain' })).toBe(
      true,
    );
    expect(
      await gk.app.artifacts.putIfAbsent(key, Buffer.from('second'), { contentType: 'text/plain' }),
    ).toBe(false);
    expect(Buffer.from((await gk.app.artifacts.get(key))!).toString()).toBe('first');
  });
});

describe('a year not over yet', () => {
  it('says in its findings (never in the report’s text) that its figures stop at the day it was generated', async () => {
    const findings = async (clock: () => Date) => {
      const { version } = await generateReport(
        { ...gk.app.generateDeps, clock },
        { agencyId: A, year: 2021 },
      );
      return Buffer.from(
        (await gk.app.artifacts.get(objectKey(A, 2021, version, 'findings.html')))!,
      ).toString();
    };
    // 2021-07-01 02:00 in Asia/Shanghai is still 2021-06-30 in UTC.
    const during = await findings(() => new Date('2021-06-30T18:00:00Z'));
    expect(during).toContain('2021年尚未结束：本稿数据截至2021-07-01（北京时间）');
    const after = await findings(() => new Date('2022-01-01T00:00:00+08:00'));
    expect(after).not.toContain('尚未结束');
  });
});
