/**
 * The reports API through the local gateway, the real authorizer and handlers, on dynalite and s3rver:
 * generate (immutable versions, manifest checksums), signed downloads (checked independently of s3rver,
 * which does not verify signatures), access to drafts and published versions, publish and the year's
 * lock with amendments, the narrative.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_TAG } from '../../shared/ports.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { downloadLink } from '../../shared/use-cases/download.ts';
import { generateReport } from '../../shared/use-cases/generate.ts';
import type { Manifest } from '../../shared/use-cases/generate-manifest.ts';
import type { LoadStatistics } from '../../shared/use-cases/generate-sources.ts';
import { statisticsFromEventLog } from '../../shared/use-cases/generate-sources.ts';
import { callGateway, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const suffix = randomBytes(3).toString('hex');
/** Agencies of this file only: the bucket is shared by every test file. */
const A = `hz-psb-${suffix}`;
const B = `hz-gov-${suffix}`;
const NAME_A = '杭州市公安局';
let keyA: string;
let keyB: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const call = (method: string, path: string, options: { key?: string; body?: unknown } = {}) =>
  callGateway(gk.gateway.url, method, path, options);

const reportPath = (agencyId: string, year = 2019) => `/v1/agencies/${agencyId}/reports/${year}`;

function event(
  eventId: string,
  type: string,
  occurredAt: string,
  data: Record<string, unknown>,
  agencyId = A,
) {
  return { eventId, agencyId, type, occurredAt, data };
}

/** A small 2019 of agency A: five requests received, three decided, one review case, a post. */
function year2019(agencyId = A) {
  const events: ReturnType<typeof event>[] = [];
  for (let i = 1; i <= 5; i++) {
    events.push(
      event(
        `r-${i}`,
        'request.received',
        `2019-03-0${i}T10:00:00+08:00`,
        {
          requestId: `YSQ-${i}`,
          channel: i % 2 ? 'online' : 'letter',
          applicantType: 'natural_person',
        },
        agencyId,
      ),
    );
  }
  for (let i = 1; i <= 3; i++) {
    events.push(
      event(
        `d-${i}`,
        'request.decided',
        `2019-04-0${i}T10:00:00+08:00`,
        {
          requestId: `YSQ-${i}`,
          outcome: 'disclosed',
        },
        agencyId,
      ),
    );
  }
  events.push(
    event('c-1', 'review.filed', '2019-05-01', { caseId: 'FY-1', kind: 'reconsideration' }, agencyId),
  );
  events.push(event('p-1', 'post.published', '2019-06-01', { postId: 'P-1', channel: 'website' }, agencyId));
  return events;
}

async function generate(agencyId = A, key = keyA): Promise<{ version: number; draft: boolean }> {
  const answer = await call('POST', `${reportPath(agencyId)}/generate`, { key });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

/** Follows the API's 302 to the signed link and downloads the bytes (with the agency's key; null: none). */
async function download(
  agencyId: string,
  version: number,
  name: string,
  key: string | null = agencyId === A ? keyA : keyB,
) {
  const link = await call('GET', `${reportPath(agencyId)}/versions/${version}/${name}`, key ? { key } : {});
  expect(link.status, link.text).toBe(302);
  expect(link.headers.get('location')).toBe(link.body.url);
  const file = await fetch(link.body.url);
  expect(file.status).toBe(200);
  return {
    link: link.body as { url: string; expiresAt: string; fileName: string },
    bytes: new Uint8Array(await file.arrayBuffer()),
    disposition: file.headers.get('content-disposition') ?? '',
    contentType: file.headers.get('content-type') ?? '',
  };
}

async function manifestOf(agencyId: string, version: number, key = keyA): Promise<Manifest> {
  const { bytes } = await download(agencyId, version, 'manifest.json', key);
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as Manifest;
}

// ── An independent SigV4 check of a presigned URL (s3rver does not verify signatures) ─────────────────

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The signature a presigned S3 URL must carry, recomputed from its own parameters and the secret. */
function expectedSignature(url: string, secretAccessKey: string): string {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].filter(([name]) => name !== 'X-Amz-Signature');
  const canonicalQuery = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signedHeaders = u.searchParams.get('X-Amz-SignedHeaders') ?? '';
  expect(signedHeaders).toBe('host');
  const canonicalRequest = [
    'GET',
    u.pathname,
    canonicalQuery,
    `host:${u.host}\n`,
    signedHeaders,
    u.searchParams.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [, date, region, service, terminator] = (u.searchParams.get('X-Amz-Credential') ?? '').split('/');
  const scope = [date, region, service, terminator].join('/');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    u.searchParams.get('X-Amz-Date'),
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const kDate = hmac(`AWS4${secretAccessKey}`, date!);
  const kSigning = hmac(hmac(hmac(kDate, region!), service!), terminator!);
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
}

/** `filename*=UTF-8''…` of a Content-Disposition, decoded. */
function extendedFileName(disposition: string): string | undefined {
  const match = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

beforeAll(async () => {
  gk = await testGongkai();
  const deps = { ...gk.app.stores, clock: () => new Date() };
  await registerAgency(deps, { id: A, name: NAME_A });
  await registerAgency(deps, { id: B, name: '杭州市人民政府' });
  keyA = await gk.keyFor(A);
  keyB = await gk.keyFor(B);
  const answer = await gk.post('/v1/events', { events: year2019() }, keyA);
  expect(answer.status).toBe(200);
});
afterAll(async () => {
  await gk?.close();
});

describe('generate', () => {
  it('refuses a year before the national formats (2019) with a 400 that says why', async () => {
    const answer = await call('POST', `/v1/agencies/${A}/reports/2018/generate`, { key: keyA });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/from 2019 on.*国办公开办函〔2019〕60号/u);
  });

  it('writes a version whose manifest has the sha256 and size of every stored artifact', async () => {
    // Act
    const { version, draft } = await generate();
    // Assess
    expect(draft).toBe(false);
    const manifest = await manifestOf(A, version);
    expect(manifest).toMatchObject({
      manifestVersion: 1,
      agencyId: A,
      agencyName: NAME_A,
      year: 2019,
      version,
      formatVersion: '2019',
      draft: false,
      narrativeVersion: null,
      amendments: null,
    });
    expect(manifest.watermark.eventsFolded).toBe(year2019().length);
    expect(manifest.rulesVersion).toMatch(/\S/);
    expect(manifest.calendarVersion).toMatch(/^cn-/);
    expect(manifest.artifacts.map((a) => a.name)).toEqual([
      'report.xlsx',
      'report.html',
      'report.docx',
      'findings.html',
      'statistics.json',
    ]);
    for (const artifact of manifest.artifacts) {
      const { bytes } = await download(A, version, artifact.name);
      expect(sha256(bytes), artifact.name).toBe(artifact.sha256);
      expect(bytes.byteLength, artifact.name).toBe(artifact.size);
    }
    const statistics = JSON.parse(
      Buffer.from((await download(A, version, 'statistics.json')).bytes).toString(),
    );
    expect(statistics.tables.requests.received.total).toBe(5);
    expect(statistics.tables.requests.disclosed.total).toBe(3);
  });

  it('makes a new version each time and never touches the earlier ones', async () => {
    // Prepare
    const first = await generate();
    const before = await Promise.all(
      ['report.xlsx', 'report.docx', 'manifest.json'].map(async (n) =>
        sha256((await download(A, first.version, n)).bytes),
      ),
    );
    // Act
    const second = await generate();
    // Assess
    expect(second.version).toBe(first.version + 1);
    const after = await Promise.all(
      ['report.xlsx', 'report.docx', 'manifest.json'].map(async (n) =>
        sha256((await download(A, first.version, n)).bytes),
      ),
    );
    expect(after).toEqual(before);
    const list = await call('GET', `${reportPath(A)}/versions`, { key: keyA });
    expect(list.status).toBe(200);
    const versions = list.body.versions.map((v: { version: number }) => v.version);
    expect(versions).toContain(first.version);
    expect(versions).toContain(second.version);
    expect(versions).toEqual([...versions].sort((a: number, b: number) => b - a));
  });

  it('refuses generation for another agency (403) and without a key (401)', async () => {
    expect((await call('POST', `${reportPath(A)}/generate`, { key: keyB })).status).toBe(403);
    expect((await call('POST', `${reportPath(A)}/generate`)).status).toBe(401);
  });
});

describe('signed downloads', () => {
  it('answers a signed link that verifies independently, names the file in Chinese and downloads the exact bytes', async () => {
    // Prepare
    const { version } = await generate();
    const manifest = await manifestOf(A, version);
    const xlsx = manifest.artifacts.find((a) => a.name === 'report.xlsx')!;
    // Act
    const answer = await call('GET', `${reportPath(A)}/versions/${version}/report.xlsx`, { key: keyA });
    // Assess: the redirect and its body
    expect(answer.status).toBe(302);
    const { url, expiresAt } = answer.body as { url: string; expiresAt: string };
    expect(answer.headers.get('location')).toBe(url);
    const ttl = (Date.parse(expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(900);
    // Path-style, on s3rver, with the configured expiry.
    const u = new URL(url);
    expect(u.origin).toBe(new URL(gk.config.s3Endpoint!).origin);
    expect(u.pathname).toBe(`/${gk.config.buckets.artifacts}/reports/${A}/2019/v${version}/report.xlsx`);
    expect(u.searchParams.get('X-Amz-Expires')).toBe('900');
    // The signature, recomputed from the URL and the secret: equal; any change to what is signed breaks it.
    const secret = gk.config.emulatorCredentials.secretAccessKey;
    expect(u.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, secret));
    expect(expectedSignature(url, 'another-secret')).not.toBe(u.searchParams.get('X-Amz-Signature'));
    const tampered = new URL(url);
    tampered.searchParams.set('response-content-disposition', 'attachment; filename="evil.exe"');
    expect(expectedSignature(tampered.toString(), secret)).not.toBe(u.searchParams.get('X-Amz-Signature'));
    // The download: exact bytes, the Chinese name (RFC 6266 / 5987), the content type.
    const file = await fetch(url);
    expect(file.status).toBe(200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(sha256(bytes)).toBe(xlsx.sha256);
    const disposition = file.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="report\.xlsx"; filename\*=UTF-8''/);
    expect(extendedFileName(disposition)).toBe('杭州市公安局2019年政府信息公开工作年度报告.xlsx');
    expect(file.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it('refuses an expired link (s3rver enforces the expiry) and downloads with a fresh one', async () => {
    // Prepare
    const { version } = await generate();
    const manifest = await manifestOf(A, version);
    const docx = manifest.artifacts.find((a) => a.name === 'report.docx')!;
    const deps = {
      artifacts: gk.app.artifacts,
      reports: gk.app.stores.reports,
      clock: () => new Date(),
      linkTtlSeconds: 1,
    };
    const reader = { kind: 'key', keyId: 'k_test', agencyIds: new Set([A]) } as const;
    const request = { agencyId: A, year: 2019, version, name: 'report.docx', reader } as const;
    const expiring = await downloadLink(deps, request);
    expect(new URL(expiring.url).searchParams.get('X-Amz-Expires')).toBe('1');
    // Act
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await fetch(expiring.url);
    const fresh = await fetch((await downloadLink(deps, request)).url);
    // Assess
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/i);
    expect(fresh.status).toBe(200);
    expect(sha256(new Uint8Array(await fresh.arrayBuffer()))).toBe(docx.sha256);
    expect(extendedFileName(fresh.headers.get('content-disposition') ?? '')).toBe(
      '杭州市公安局2019年政府信息公开工作年度报告.docx',
    );
  });

  it('answers 404 for a version that does not exist and for an unknown file', async () => {
    expect((await call('GET', `${reportPath(A)}/versions/9999/report.xlsx`, { key: keyA })).status).toBe(404);
    expect((await call('GET', `${reportPath(A)}/versions/1/secret.txt`, { key: keyA })).status).toBe(404);
  });
});

describe('publish, access and the lock', () => {
  it('refuses to publish a draft with error findings', async () => {
    // Prepare: statistics with an error finding (a source that reports one), through the use case.
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
      { agencyId: A, year: 2019 },
    );
    expect(draft.manifest.draft).toBe(true);
    expect(draft.manifest.draftReasons).toEqual(['errors']);
    const html = Buffer.from((await download(A, draft.version, 'report.html')).bytes).toString();
    expect(html).toContain('草稿');
    // Every object of a draft carries the tag the bucket's lifecycle expires.
    for (const name of ['report.html', 'manifest.json']) {
      const tags = await gk.clients.s3.send(
        new GetObjectTaggingCommand({
          Bucket: gk.config.buckets.artifacts,
          Key: `${draft.manifestKey.replace(/manifest\.json$/, '')}${name}`,
        }),
      );
      expect(tags.TagSet).toContainEqual({ Key: DRAFT_TAG.key, Value: DRAFT_TAG.value });
    }
    // Act
    const answer = await call('POST', `${reportPath(A)}/publish`, {
      key: keyA,
      body: { version: draft.version },
    });
    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('conflict');
    expect(answer.body.error.message).toMatch(/error finding/);
    // The draft's file name says so.
    const { disposition } = await download(A, draft.version, 'report.docx', keyA);
    expect(extendedFileName(disposition)).toBe(
      `杭州市公安局2019年政府信息公开工作年度报告（草稿，第${draft.version}版）.docx`,
    );
  });

  it('lets anyone read a published version, and only the agency read a draft', async () => {
    // Prepare: agency B's year, two versions, the first published.
    expect((await gk.post('/v1/events', { events: year2019(B) }, keyB)).status).toBe(200);
    const published = await generate(B, keyB);
    const draft = await generate(B, keyB);
    // Act
    const publish = await call('POST', `${reportPath(B)}/publish`, {
      key: keyB,
      body: { version: published.version },
    });
    // Assess
    expect(publish.status, publish.text).toBe(201);
    expect(publish.body.publication).toMatchObject({ agencyId: B, year: 2019, version: published.version });
    // Published: without a key, with another agency's key.
    expect((await call('GET', `${reportPath(B)}/versions/${published.version}/report.html`)).status).toBe(
      302,
    );
    expect(
      (await call('GET', `${reportPath(B)}/versions/${published.version}/report.html`, { key: keyA })).status,
    ).toBe(302);
    // Not published: 401 without a key, 403 with another agency's key, 302 with the agency's own.
    const anonymous = await call('GET', `${reportPath(B)}/versions/${draft.version}/report.html`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    const foreign = await call('GET', `${reportPath(B)}/versions/${draft.version}/report.html`, {
      key: keyA,
    });
    expect(foreign.status).toBe(403);
    expect(
      (await call('GET', `${reportPath(B)}/versions/${draft.version}/report.html`, { key: keyB })).status,
    ).toBe(302);
    // An invalid key does not open a draft either.
    const bad = await call('GET', `${reportPath(B)}/versions/${draft.version}/report.html`, {
      key: 'gk_nope',
    });
    expect(bad.status).toBe(401);
    // The list: anonymous sees the published version only; the agency sees all, with the flags.
    const publicList = await call('GET', `${reportPath(B)}/versions`);
    expect(publicList.body.versions.map((v: { version: number }) => v.version)).toEqual([published.version]);
    expect(publicList.body.versions[0].published).toBe(true);
    const ownList = await call('GET', `${reportPath(B)}/versions`, { key: keyB });
    expect(ownList.body.publication.version).toBe(published.version);
    expect(
      ownList.body.versions.map((v: { version: number; published: boolean }) => [v.version, v.published]),
    ).toEqual([
      [draft.version, false],
      [published.version, true],
    ]);
    // The public page lists the published downloads.
    const page = await call('GET', `/reports/${B}/2019`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('杭州市人民政府2019年政府信息公开工作年度报告');
    expect(page.text).toContain(`${reportPath(B)}/versions/${published.version}/report.docx`);
    expect((await call('GET', `/reports/${A}/2019`)).status).toBe(404);
  });

  it('locks the year: a second publication is refused, a later event is an amendment in the next draft', async () => {
    // Prepare: agency B is published (above). An event of 2019 and one of 2020 arrive afterwards.
    const publication = (await call('GET', `${reportPath(B)}/versions`, { key: keyB })).body.publication;
    const late = [
      event(
        'late-2019',
        'request.received',
        '2019-11-11T09:00:00+08:00',
        {
          requestId: 'YSQ-late',
          channel: 'online',
          applicantType: 'natural_person',
        },
        B,
      ),
      event(
        'next-2020',
        'request.received',
        '2020-02-02T09:00:00+08:00',
        {
          requestId: 'YSQ-2020',
          channel: 'online',
          applicantType: 'natural_person',
        },
        B,
      ),
    ];
    expect((await gk.post('/v1/events', { events: late }, keyB)).status).toBe(200);
    // Act
    const next = await generate(B, keyB);
    const again = await call('POST', `${reportPath(B)}/publish`, {
      key: keyB,
      body: { version: next.version },
    });
    const retry = await call('POST', `${reportPath(B)}/publish`, {
      key: keyB,
      body: { version: publication.version },
    });
    // Assess
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/published already/);
    expect(again.body.error.message).toContain(`POST ${reportPath(B)}/corrections`);
    expect(retry.status).toBe(200);
    expect(retry.body.created).toBe(false);
    // Not a draft for that: without errors it may correct the published version (it records which).
    const manifest = await manifestOf(B, next.version, keyB);
    expect(manifest.draft).toBe(false);
    expect(manifest.draftReasons).toEqual([]);
    expect(manifest.corrects).toEqual({
      version: publication.version,
      manifestSha256: sha256((await download(B, publication.version, 'manifest.json', null)).bytes),
    });
    expect(manifest.amendments).toMatchObject({
      publishedVersion: publication.version,
      count: 1,
      lateCommitted: 0,
    });
    expect(manifest.amendments?.events.map((e) => e.eventId)).toEqual(['late-2019']);
    // What changed is in plain Chinese on the findings page, not in the report's text.
    const html = Buffer.from((await download(B, next.version, 'report.html', keyB)).bytes).toString();
    expect(html).not.toContain('草稿');
    expect(html).not.toContain('late-2019');
    const findings = Buffer.from((await download(B, next.version, 'findings.html', keyB)).bytes).toString();
    expect(findings).toContain('更正事项');
    expect(findings).toContain('发布后收到的事件：收到政府信息公开申请（事件编号late-2019）');
    // The new figures include the late event; the published version keeps the old ones.
    const statistics = JSON.parse(
      Buffer.from((await download(B, next.version, 'statistics.json', keyB)).bytes).toString(),
    );
    expect(statistics.tables.requests.received.total).toBe(6);
    const old = JSON.parse(
      Buffer.from((await download(B, publication.version, 'statistics.json', null)).bytes).toString(),
    );
    expect(old.tables.requests.received.total).toBe(5);
  });

  it('validates the publish body', async () => {
    const answer = await call('POST', `${reportPath(A)}/publish`, {
      key: keyA,
      body: { version: 'one', extra: 1 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'extra',
      'version',
    ]);
    expect(
      (await call('POST', `${reportPath(A)}/publish`, { key: keyA, body: { version: 9999 } })).status,
    ).toBe(404);
  });
});

describe('narrative', () => {
  it('refuses an invalid narrative with every field path', async () => {
    const answer = await call('PUT', `${reportPath(A)}/narrative`, {
      key: keyA,
      body: {
        s1: 'ok\tand\r\nlines',
        s2: 5,
        s7: 'x',
        s3: 'a'.repeat(10_001),
        s4: 'bell\u0007',
        s5: 'half a pair \ud83d',
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_argument');
    expect(answer.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      's2',
      's3',
      's4',
      's5',
      's7',
    ]);
    const malformed = await call('PUT', `${reportPath(A)}/narrative`, { key: keyA, body: '{"s1": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    expect((await call('PUT', `${reportPath(A)}/narrative`, { key: keyA, body: [] })).status).toBe(400);
    expect((await call('PUT', `${reportPath(A)}/narrative`, { key: keyB, body: { s1: 'x' } })).status).toBe(
      403,
    );
    expect((await call('PUT', `${reportPath(A)}/narrative`, { body: { s1: 'x' } })).status).toBe(401);
  });

  it('stores each save as a new version, and generation uses the latest', async () => {
    // Act
    const first = await call('PUT', `${reportPath(A)}/narrative`, {
      key: keyA,
      body: { s1: '第一稿：概述。' },
    });
    const second = await call('PUT', `${reportPath(A)}/narrative`, {
      key: keyA,
      body: { s1: '第二稿：本机关坚持以公开为常态。', s5: '无。' },
    });
    const { version } = await generate();
    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(first.body.version + 1);
    const latest = await gk.app.stores.reports.latestNarrative(A, 2019);
    expect(latest?.sections).toEqual({ s1: '第二稿：本机关坚持以公开为常态。', s5: '无。' });
    const manifest = await manifestOf(A, version);
    expect(manifest.narrativeVersion).toBe(second.body.version);
    const html = Buffer.from((await download(A, version, 'report.html')).bytes).toString();
    expect(html).toContain('第二稿：本机关坚持以公开为常态。');
    expect(html).not.toContain('第一稿');
  });
});
