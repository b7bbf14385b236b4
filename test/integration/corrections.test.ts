/**
 * Corrections (更正) through the local gateway, the real authorizer and handlers, on dynalite and s3rver: a
 * later version published in place of the current one with the office's reason; the refusals (scope, not
 * published, reason, unknown, not newer, errors, generated against an earlier current version); a retry;
 * two corrections at once; the corrected versions staying readable without a key; the version route and the
 * generate answer's links.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_TAG } from '../../shared/ports.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { generateReport } from '../../shared/use-cases/generate.ts';
import { type LoadStatistics, statisticsFromEventLog } from '../../shared/use-cases/generate-sources.ts';
import { correctPublication } from '../../shared/use-cases/publish.ts';
import { callGateway, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const suffix = randomBytes(3).toString('hex');
/** Agencies of this file only: the bucket is shared by every test file. */
const A = `corr-a-${suffix}`;
const B = `corr-b-${suffix}`;
const C = `corr-c-${suffix}`;
let keyA: string;
let keyB: string;
let keyC: string;

const call = (method: string, path: string, options: { key?: string | undefined; body?: unknown } = {}) =>
  callGateway(gk.gateway.url, method, path, options);

const reportPath = (agencyId: string) => `/v1/agencies/${agencyId}/reports/2019`;

function received(agencyId: string, n: number) {
  return {
    eventId: `r-${n}`,
    agencyId,
    type: 'request.received',
    occurredAt: `2019-03-${String(n).padStart(2, '0')}T10:00:00+08:00`,
    data: { requestId: `YSQ-${n}`, channel: 'online', applicantType: 'natural_person' },
  };
}

async function send(agencyId: string, key: string, ...numbers: number[]) {
  const answer = await gk.post('/v1/events', { events: numbers.map((n) => received(agencyId, n)) }, key);
  expect(answer.status).toBe(200);
}

async function generate(agencyId: string, key: string) {
  const answer = await call('POST', `${reportPath(agencyId)}/generate`, { key });
  expect(answer.status, answer.text).toBe(201);
  return answer.body as { version: number; files: string; manifestSha256: string };
}

const publish = (agencyId: string, key: string, version: number) =>
  call('POST', `${reportPath(agencyId)}/publish`, { key, body: { version } });
const correct = (agencyId: string, key: string | undefined, body: unknown) =>
  call('POST', `${reportPath(agencyId)}/corrections`, { key, body });

/** The statistics.json of a version, read through its signed link. */
async function receivedTotal(agencyId: string, version: number, key?: string): Promise<number> {
  const link = await call('GET', `${reportPath(agencyId)}/versions/${version}/statistics.json`, { key });
  expect(link.status, link.text).toBe(302);
  const statistics = (await (await fetch(link.body.url)).json()) as {
    tables: { requests: { received: { total: number } } };
  };
  return statistics.tables.requests.received.total;
}

beforeAll(async () => {
  gk = await testGongkai();
  const deps = { ...gk.app.stores, clock: () => new Date() };
  for (const id of [A, B, C]) await registerAgency(deps, { id, name: '杭州市公安局' });
  [keyA, keyB, keyC] = await Promise.all([gk.keyFor(A), gk.keyFor(B), gk.keyFor(C)]);
});
afterAll(async () => {
  await gk?.close();
});

describe('corrections (更正)', () => {
  it('publishes a later version in place of the current one, keeps the earlier readable and answers a retry with the same record', async () => {
    // Arrange: 2019 published with 3 requests; one more arrives afterwards; a version generated since.
    await send(A, keyA, 1, 2, 3);
    const first = await generate(A, keyA);
    expect((await publish(A, keyA, first.version)).status).toBe(201);
    await send(A, keyA, 4);
    const second = await generate(A, keyA);

    // Act
    const answer = await correct(A, keyA, { version: second.version, reason: '  补录一件漏报的申请。 ' });
    const retry = await correct(A, keyA, { version: second.version, reason: '补录一件漏报的申请。' });

    // Assert: the correction record, trimmed reason; the retry answers it unchanged.
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.created).toBe(true);
    expect(answer.body.correction).toMatchObject({
      version: second.version,
      corrects: first.version,
      reason: '补录一件漏报的申请。',
      manifestSha256: second.manifestSha256,
    });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.created).toBe(false);
    expect(retry.body.correction).toEqual(answer.body.correction);
    // Stored: the publication has the correction, the first publication unchanged.
    const stored = await gk.app.stores.reports.getPublication(A, 2019);
    expect(stored?.version).toBe(first.version);
    expect(stored?.corrections).toEqual([answer.body.correction]);
    // Without a key: both versions readable, the list marks the current and the corrected one.
    const list = await call('GET', `${reportPath(A)}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.publication).toMatchObject({
      version: first.version,
      currentVersion: second.version,
      corrections: [{ version: second.version, corrects: first.version, reason: '补录一件漏报的申请。' }],
    });
    const flags = list.body.versions.map((v: Record<string, unknown>) => [
      v.version,
      v.published,
      v.current,
      v.correctedBy,
    ]);
    expect(flags).toEqual([
      [second.version, true, true, null],
      [first.version, true, false, second.version],
    ]);
    expect(await receivedTotal(A, first.version)).toBe(3);
    expect(await receivedTotal(A, second.version)).toBe(4);
    // The correcting version was generated without the draft tag: the bucket's lifecycle keeps it.
    const tags = await gk.clients.s3.send(
      new GetObjectTaggingCommand({
        Bucket: gk.config.buckets.artifacts,
        Key: `reports/${A}/2019/v${second.version}/report.html`,
      }),
    );
    expect(tags.TagSet ?? []).not.toContainEqual({ Key: DRAFT_TAG.key, Value: DRAFT_TAG.value });
  });

  it('counts the next amendments from the corrected version and refuses a version generated against an earlier one', async () => {
    // Arrange: A is corrected (above). Two versions generated against that correction; the first of them
    // corrects it, so the second was generated against a version no longer current.
    await send(A, keyA, 5);
    const fresh = await generate(A, keyA);
    const stale = await generate(A, keyA);
    expect((await correct(A, keyA, { version: fresh.version, reason: '再补录一件。' })).status).toBe(201);

    // Act
    const refused = await correct(A, keyA, { version: stale.version, reason: '用旧的版本更正。' });
    const manifestLink = await call('GET', `${reportPath(A)}/versions/${fresh.version}/manifest.json`);
    await send(A, keyA, 6);
    const next = await generate(A, keyA);
    const detail = await call('GET', next.files, { key: keyA });

    // Assert
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/generate again/);
    expect(manifestLink.status).toBe(302);
    // The next version corrects the current one, and its amendments count from its watermark: one event.
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.corrects).toEqual({ version: fresh.version, manifestSha256: fresh.manifestSha256 });
    expect(detail.body.amendments).toBe(1);
  });

  it('refuses: another agency (403), no key (401), not published (409), bad reason (400), no such version (404), not newer (409)', async () => {
    // Arrange: B with a published version and a later one; C not published.
    await send(B, keyB, 1);
    const first = await generate(B, keyB);
    expect((await publish(B, keyB, first.version)).status).toBe(201);
    const later = await generate(B, keyB);
    await send(C, keyC, 1);
    const unpublished = await generate(C, keyC);
    const reason = '更正说明';

    // Act
    const foreign = await correct(B, keyA, { version: later.version, reason });
    const anonymous = await correct(B, undefined, { version: later.version, reason });
    const notPublished = await correct(C, keyC, { version: unpublished.version, reason });
    const blank = await correct(B, keyB, { version: later.version, reason: ' \n ' });
    const tooLong = await correct(B, keyB, { version: later.version, reason: '更'.repeat(2001) });
    const missing = await correct(B, keyB, { version: 'two' });
    const unknown = await correct(B, keyB, { version: 9999, reason });
    const same = await correct(B, keyB, { version: first.version, reason });

    // Assert
    expect(foreign.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(notPublished.status).toBe(409);
    expect(notPublished.body.error.message).toMatch(/publish a version first/);
    expect(blank.status).toBe(400);
    expect(blank.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'reason',
      'version',
    ]);
    expect(unknown.status).toBe(404);
    expect(same.status).toBe(409);
    expect(same.body.error.message).toMatch(/not newer/);
    // Nothing was recorded.
    expect((await gk.app.stores.reports.getPublication(B, 2019))?.corrections).toBeUndefined();
  });

  it('never publishes a version with error findings as a correction', async () => {
    // Arrange: B published (above); a version generated with an error finding injected into its statistics.
    const fromLog = statisticsFromEventLog(gk.app.stores.events, () => new Date());
    const withError: LoadStatistics = async (agencyId, year, options) => {
      const loaded = await fromLog(agencyId, year, options);
      if (!loaded) return undefined;
      const finding = {
        ruleId: 'requests.balance' as const,
        severity: 'error' as const,
        message: '新收 + 上年结转 ≠ 办理结果总计 + 结转下年度',
        cells: [],
      };
      return { ...loaded, statistics: { ...loaded.statistics, findings: [finding] } };
    };
    const draft = await generateReport(
      { ...gk.app.generateDeps, loadStatistics: withError },
      { agencyId: B, year: 2019 },
    );

    // Act
    const answer = await correct(B, keyB, { version: draft.version, reason: '有错误的版本。' });

    // Assert
    expect(draft.manifest.draft).toBe(true);
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/error finding/);
  });

  it('lets exactly one of two concurrent corrections win; the other is told', async () => {
    // Arrange: C published; two later versions generated against it.
    expect((await publish(C, keyC, (await generate(C, keyC)).version)).status).toBe(201);
    const one = await generate(C, keyC);
    const two = await generate(C, keyC);

    // Act: both at once.
    const answers = await Promise.all([
      correct(C, keyC, { version: one.version, reason: '第一种更正。' }),
      correct(C, keyC, { version: two.version, reason: '第二种更正。' }),
    ]);

    // Assert: one 201, one 409; the stored list holds the winner only.
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409]);
    const winner = answers.find((a) => a.status === 201)!;
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.error.code).toBe('conflict');
    const stored = await gk.app.stores.reports.getPublication(C, 2019);
    expect(stored?.corrections?.map((c) => c.version)).toEqual([winner.body.correction.version]);
  });
});

describe('a correction decided on a list that changed before its write', () => {
  /** The use case's deps, whose putCorrection first lets `before` write (a concurrent request, injected). */
  function racing(before: () => Promise<void>) {
    const reports = gk.app.stores.reports;
    return {
      artifacts: gk.app.generateDeps.artifacts,
      clock: () => new Date(),
      reports: {
        getPublication: reports.getPublication.bind(reports),
        putPublication: reports.putPublication.bind(reports),
        putCorrection: async (...args: Parameters<typeof reports.putCorrection>) => {
          await before();
          return reports.putCorrection(...args);
        },
      },
    };
  }

  it('is refused by the conditional write when another correction landed in between, and told which is current', async () => {
    // Arrange: E published; two later versions; the other correction lands between read and write.
    const E = `corr-e-${suffix}`;
    await registerAgency({ ...gk.app.stores, clock: () => new Date() }, { id: E, name: '杭州市公安局' });
    const keyE = await gk.keyFor(E);
    await send(E, keyE, 1);
    const first = await generate(E, keyE);
    expect((await publish(E, keyE, first.version)).status).toBe(201);
    const one = await generate(E, keyE);
    const two = await generate(E, keyE);
    const deps = racing(async () => {
      await correctPublication(
        racing(async () => {}),
        { agencyId: E, year: 2019, version: one.version, reason: '先到的更正。' },
      );
    });

    // Act
    const outcome = correctPublication(deps, {
      agencyId: E,
      year: 2019,
      version: two.version,
      reason: '后到的更正。',
    });

    // Assert
    await expect(outcome).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringMatching(/meanwhile/),
    });
    const stored = await gk.app.stores.reports.getPublication(E, 2019);
    expect(stored?.corrections?.map((c) => [c.version, c.corrects])).toEqual([[one.version, first.version]]);
  });

  it('answers a retry that raced its own first try with the recorded correction (200)', async () => {
    // Arrange: F published; the same correction's first try lands between the retry's read and write.
    const F = `corr-f-${suffix}`;
    await registerAgency({ ...gk.app.stores, clock: () => new Date() }, { id: F, name: '杭州市公安局' });
    const keyF = await gk.keyFor(F);
    await send(F, keyF, 1);
    expect((await publish(F, keyF, (await generate(F, keyF)).version)).status).toBe(201);
    const later = await generate(F, keyF);
    const request = { agencyId: F, year: 2019, version: later.version, reason: '同一更正。' };
    const deps = racing(async () => {
      await correctPublication(
        racing(async () => {}),
        request,
      );
    });

    // Act
    const outcome = await correctPublication(deps, request);

    // Assert
    expect(outcome.created).toBe(false);
    expect(outcome.correction).toMatchObject({ version: later.version, reason: '同一更正。' });
    expect((await gk.app.stores.reports.getPublication(F, 2019))?.corrections).toHaveLength(1);
  });
});

describe('the version route and the generate answer’s links', () => {
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  /** Follows every download of a version's answer and checks size and sha256 of the bytes. */
  async function followAll(path: string, key: string | undefined) {
    const detail = await call('GET', path, { key });
    expect(detail.status, detail.text).toBe(200);
    const names = detail.body.artifacts.map((a: { name: string }) => a.name);
    expect(names).toEqual([
      'report.xlsx',
      'report.html',
      'report.docx',
      'findings.html',
      'statistics.json',
      'manifest.json',
    ]);
    for (const file of detail.body.artifacts) {
      const link = await call('GET', file.download, { key });
      expect(link.status, `${file.download}: ${link.text}`).toBe(302);
      const bytes = new Uint8Array(await (await fetch(link.headers.get('location')!)).arrayBuffer());
      expect(bytes.byteLength).toBe(file.size);
      expect(sha256(bytes)).toBe(file.sha256);
    }
    return detail.body;
  }

  it('answers each link of the generate answer and of the version answer, with the key and, once published, without', async () => {
    // Arrange
    const D = `corr-d-${suffix}`;
    await registerAgency({ ...gk.app.stores, clock: () => new Date() }, { id: D, name: '杭州市公安局' });
    const keyD = await gk.keyFor(D);
    await send(D, keyD, 1, 2);
    const generated = await generate(D, keyD);

    // Act / Assert: the draft with the key; without it 401.
    expect(generated.files).toBe(`${reportPath(D)}/versions/${generated.version}`);
    const detail = await followAll(generated.files, keyD);
    expect(detail).toMatchObject({
      version: generated.version,
      published: false,
      current: false,
      draft: false,
    });
    expect((await call('GET', generated.files)).status).toBe(401);
    expect((await call('GET', generated.files, { key: keyA })).status).toBe(403);
    // Once published: without a key.
    expect((await publish(D, keyD, generated.version)).status).toBe(201);
    const open = await followAll(generated.files, undefined);
    expect(open).toMatchObject({ published: true, current: true, correctedBy: null });
    expect((await call('GET', `${reportPath(D)}/versions/99999`, { key: keyD })).status).toBe(404);
  });
});

describe('the API document', () => {
  it('is served without a key, cached, and describes the answers the API really gives', async () => {
    // Arrange: a published year with a correction (agency A, above), the answers to check.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const answers = [
      ['get', '/v1/agencies/{id}/reports/{year}/versions', await call('GET', `${reportPath(A)}/versions`)],
      [
        'get',
        '/v1/agencies/{id}/reports/{year}/versions/{v}',
        await call('GET', `${reportPath(A)}/versions/2`),
      ],
      [
        'post',
        '/v1/agencies/{id}/reports/{year}/generate',
        await call('POST', `${reportPath(A)}/generate`, { key: keyA }),
      ],
      [
        'post',
        '/v1/agencies/{id}/reports/{year}/corrections',
        await correct(A, keyA, { version: 2, reason: '补录一件漏报的申请。' }),
      ],
    ] as const;

    // Act
    const served = await call('GET', '/v1/openapi.json');
    const again = await fetch(`${gk.gateway.url}/v1/openapi.json`, {
      headers: { 'if-none-match': served.headers.get('etag') ?? '' },
    });

    // Assert: served and cached.
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    expect(served.headers.get('cache-control')).toBe('public, max-age=300');
    expect(served.body.openapi).toBe('3.1.0');
    expect(again.status).toBe(304);
    // The real answers match their documented schemas.
    for (const [method, path, answer] of answers) {
      const media =
        served.body.paths[path][method].responses[String(answer.status)]?.content?.['application/json'];
      expect(media, `${method} ${path} ${answer.status} documented`).toBeDefined();
      const validate = ajv.compile({ ...media.schema, components: served.body.components });
      expect(validate(answer.body), `${method} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
