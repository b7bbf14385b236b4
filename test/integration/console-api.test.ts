/**
 * The routes the officer console reads, through the local gateway, the real authorizer and handlers, on
 * dynalite and s3rver: who the key is (`GET /v1/me`), the latest saved narrative, a version's report.html
 * for the preview, and a download link as JSON (a page's fetch cannot follow the 302 to another origin).
 */
import { randomBytes } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { objectKey } from '../../shared/use-cases/generate-manifest.ts';
import { callGateway, received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const suffix = randomBytes(3).toString('hex');
/** Agencies of this file only: the bucket is shared by every test file. */
const PARENT = `hz-gov-${suffix}`;
const CHILD = `hz-gov-xh-${suffix}`;
const OTHER = `nb-gov-${suffix}`;
let keyBoth: string;
let keyOther: string;

const call = (
  method: string,
  path: string,
  options: { key?: string; body?: unknown; accept?: string } = {},
) => callGateway(gk.gateway.url, method, path, options);

const reportPath = (agencyId: string, year = 2019) => `/v1/agencies/${agencyId}/reports/${year}`;

beforeAll(async () => {
  gk = await testGongkai();
  const deps = { ...gk.app.stores, clock: () => new Date() };
  await registerAgency(deps, { id: PARENT, name: '杭州市人民政府' });
  await registerAgency(deps, { id: CHILD, name: '杭州市西湖区人民政府', parentId: PARENT });
  await registerAgency(deps, { id: OTHER, name: '宁波市人民政府' });
  // Listed child first: the answer puts the parent first whatever order the key names them in.
  keyBoth = await gk.keyFor(CHILD, PARENT);
  keyOther = await gk.keyFor(OTHER);
  const events = [1, 2, 3].map((i) => received(`console-${i}`, PARENT));
  expect((await gk.post('/v1/events', { events }, keyBoth)).status).toBe(200);
});

afterAll(async () => {
  await gk?.close();
});

describe('GET /v1/me', () => {
  it("answers the key's agencies with their names, parents before children", async () => {
    // Act
    const me = await call('GET', '/v1/me', { key: keyBoth });
    const other = await call('GET', '/v1/me', { key: keyOther });

    // Assess
    expect(me.status, me.text).toBe(200);
    expect(me.body.keyId).toMatch(/^k_[0-9a-f]{16}$/);
    expect(me.body.agencies).toEqual([
      { id: PARENT, name: '杭州市人民政府' },
      { id: CHILD, name: '杭州市西湖区人民政府', parentId: PARENT },
    ]);
    expect(other.body.agencies).toEqual([{ id: OTHER, name: '宁波市人民政府' }]);
  });

  it('refuses a request without a valid key', async () => {
    // Act
    const none = await call('GET', '/v1/me');
    const wrong = await call('GET', '/v1/me', { key: `gk_${'x'.repeat(43)}` });

    // Assess
    expect(none.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
  });
});

describe('GET …/reports/{year}/narrative', () => {
  it('answers 404 before any save, then the latest saved version', async () => {
    // Arrange
    const path = `${reportPath(CHILD, 2020)}/narrative`;
    const before = await call('GET', path, { key: keyBoth });
    await call('PUT', path, { key: keyBoth, body: { s1: '第一稿。' } });
    await call('PUT', path, { key: keyBoth, body: { s1: '第二稿。', s5: '无。' } });

    // Act
    const latest = await call('GET', path, { key: keyBoth });

    // Assess
    expect(before.status, before.text).toBe(404);
    expect(before.body.error.code).toBe('not_found');
    expect(latest.status, latest.text).toBe(200);
    expect(latest.body).toMatchObject({
      agencyId: CHILD,
      year: 2020,
      version: 2,
      sections: { s1: '第二稿。', s5: '无。' },
    });
  });

  it("refuses another agency's key", async () => {
    // Act
    const answer = await call('GET', `${reportPath(CHILD, 2020)}/narrative`, { key: keyOther });

    // Assess
    expect(answer.status).toBe(403);
  });
});

describe('the preview and the download link as JSON', () => {
  let version: number;

  beforeAll(async () => {
    const generated = await call('POST', `${reportPath(PARENT)}/generate`, { key: keyBoth });
    expect(generated.status, generated.text).toBe(201);
    version = generated.body.version;
  });

  it("answers a version's report.html as stored, sandboxed", async () => {
    // Arrange
    const stored = await gk.app.artifacts.get(objectKey(PARENT, 2019, version, 'report.html'));

    // Act
    const preview = await call('GET', `${reportPath(PARENT)}/preview/${version}`, { key: keyBoth });

    // Assess
    expect(preview.status, preview.text).toBe(200);
    expect(preview.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(preview.headers.get('content-security-policy')).toBe('sandbox');
    expect(preview.text).toBe(Buffer.from(stored!).toString('utf8'));
    expect(preview.text).toContain('杭州市人民政府');
  });

  it('refuses a version that does not exist, a name that is no version and a key of another agency', async () => {
    // Act
    const missing = await call('GET', `${reportPath(PARENT)}/preview/${version + 50}`, { key: keyBoth });
    const malformed = await call('GET', `${reportPath(PARENT)}/preview/latest`, { key: keyBoth });
    const foreign = await call('GET', `${reportPath(PARENT)}/preview/${version}`, { key: keyOther });

    // Assess
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(foreign.status).toBe(403);
  });

  it('answers the signed link as JSON when asked for JSON, the 302 otherwise', async () => {
    // Arrange
    const path = `${reportPath(PARENT)}/versions/${version}/report.xlsx`;

    // Act
    const asJson = await call('GET', path, { key: keyBoth, accept: 'application/json' });
    const redirect = await call('GET', path, { key: keyBoth, accept: 'text/html,application/xhtml+xml' });
    const file = await fetch(asJson.body.url);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const stored = await gk.app.artifacts.get(objectKey(PARENT, 2019, version, 'report.xlsx'));

    // Assess
    expect(asJson.status, asJson.text).toBe(200);
    expect(asJson.headers.get('location')).toBeNull();
    expect(Object.keys(asJson.body).sort()).toEqual(['expiresAt', 'fileName', 'url']);
    expect(asJson.body.fileName).toMatch(/杭州市人民政府.*\.xlsx$/);
    expect(Date.parse(asJson.body.expiresAt)).toBeGreaterThan(Date.now());
    expect(file.status).toBe(200);
    expect(Buffer.from(bytes).equals(Buffer.from(stored!))).toBe(true);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(redirect.body.url);
  });

  it('keeps the access rules with JSON: a draft needs a key of its agency', async () => {
    // Act
    const path = `${reportPath(PARENT)}/versions/${version}/report.html`;
    const anonymous = await call('GET', path, { accept: 'application/json' });
    const foreign = await call('GET', path, { key: keyOther, accept: 'application/json' });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(foreign.status).toBe(403);
  });

  it('answers as the API document says (GET /v1/openapi.json)', async () => {
    // Arrange
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const answers = [
      ['/v1/me', 200, await call('GET', '/v1/me', { key: keyBoth })],
      [
        '/v1/agencies/{id}/reports/{year}/narrative',
        200,
        await call('GET', `${reportPath(CHILD, 2020)}/narrative`, { key: keyBoth }),
      ],
      [
        '/v1/agencies/{id}/reports/{year}/versions/{v}/{artifact}',
        200,
        await call('GET', `${reportPath(PARENT)}/versions/${version}/report.docx`, {
          key: keyBoth,
          accept: 'application/json',
        }),
      ],
    ] as const;

    // Act
    const served = await call('GET', '/v1/openapi.json');

    // Assert
    const preview = served.body.paths['/v1/agencies/{id}/reports/{year}/preview/{v}'].get.responses['200'];
    expect(Object.keys(preview.content)).toEqual(['text/html; charset=utf-8']);
    for (const [path, status, answer] of answers) {
      expect(answer.status, path).toBe(status);
      const media = served.body.paths[path].get.responses[String(status)]?.content?.['application/json'];
      expect(media, `GET ${path} ${status} documented`).toBeDefined();
      const validate = ajv.compile({ ...media.schema, components: served.body.components });
      expect(validate(answer.body), `GET ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
