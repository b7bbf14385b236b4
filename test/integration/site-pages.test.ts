/**
 * The public site's data and pages through the real gateway, handlers and adapters (dynalite, s3rver):
 * the publication listing (one query per year, never a scan; a listing item without a publication left
 * out), the index's grouping and search, a parent's comparison by year, the 404 pages, and what an agency's
 * name cannot do to a page (escaped; no script runs under the policy anyway).
 */
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const suffix = randomBytes(3).toString('hex');
const CITY = `sp-city-${suffix}`;
const A = `sp-a-${suffix}`;
const B = `sp-b-${suffix}`;
const LONE = `sp-lone-${suffix}`;
const keys: Record<string, string> = {};

async function call(path: string, key?: string, init: RequestInit = {}) {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** `count` requests received in `year` (each decided the week after), generated and published. */
async function publish(agencyId: string, year: number, count: number): Promise<number> {
  const events = Array.from({ length: count }, (_, i) => [
    {
      eventId: `${year}-r-${i}`,
      agencyId,
      type: 'request.received',
      occurredAt: `${year}-05-${String(i + 1).padStart(2, '0')}T10:00:00+08:00`,
      data: { requestId: `Y-${year}-${i}`, channel: 'online', applicantType: 'natural_person' },
    },
    {
      eventId: `${year}-d-${i}`,
      agencyId,
      type: 'request.decided',
      occurredAt: `${year}-05-${String(i + 8).padStart(2, '0')}T10:00:00+08:00`,
      data: { requestId: `Y-${year}-${i}`, outcome: 'disclosed' },
    },
  ]).flat();
  expect((await gk.post('/v1/events', { events }, keys[agencyId])).status).toBe(200);
  const base = `/v1/agencies/${agencyId}/reports/${year}`;
  const generated = await call(`${base}/generate`, keys[agencyId], { method: 'POST' });
  expect(generated.status, generated.text).toBe(201);
  const { version } = JSON.parse(generated.text) as { version: number };
  const published = await call(`${base}/publish`, keys[agencyId], {
    method: 'POST',
    body: JSON.stringify({ version }),
  });
  expect(published.status, published.text).toBe(201);
  return version;
}

beforeAll(async () => {
  gk = await testGongkai();
  const deps = { ...gk.app.stores, clock: () => new Date() };
  await registerAgency(deps, { id: CITY, name: '示例市人民政府' });
  await registerAgency(deps, { id: A, name: '示例市教育局', parentId: CITY });
  await registerAgency(deps, { id: B, name: '示例市<script>alert(1)</script>局', parentId: CITY });
  await registerAgency(deps, { id: LONE, name: '另一县人民政府' });
  for (const id of [CITY, A, B, LONE]) keys[id] = await gk.keyFor(id);
  await publish(A, 2019, 3);
  await publish(A, 2020, 4);
  await publish(B, 2020, 2);
  await publish(LONE, 2021, 1);
}, 180_000);
afterAll(async () => {
  await gk?.close();
});

describe('ReportRecords.listPublications', () => {
  it("lists a year's publications from its listing, leaving out a listing item without a publication", async () => {
    // Arrange: a listing item whose publication was never written (a crash between the two writes).
    await gk.clients.dynamodb.doc.send(
      new PutCommand({
        TableName: gk.config.tables.registry,
        Item: { PK: 'PUBLISHED#2020', SK: CITY, agencyId: CITY, year: 2020 },
      }),
    );
    // Act
    const listed = await gk.app.stores.reports.listPublications(2020);
    const none = await gk.app.stores.reports.listPublications(2022);
    // Assert
    expect(listed.map((p) => [p.agencyId, p.year, p.version])).toEqual([
      [A, 2020, 1],
      [B, 2020, 1],
    ]);
    expect(listed[0]?.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(none).toEqual([]);
  });
});

describe('GET /', () => {
  it('groups the published reports under their parent, newest year first, and escapes what it prints', async () => {
    // Act
    const page = await call('/');
    // Assert
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('public, max-age=60');
    expect(page.text).toContain('已发布的年度报告共 4 份');
    const city = page.text.slice(page.text.indexOf(`id="group-${CITY}"`));
    const cityGroup = city.slice(0, city.indexOf('</section>'));
    const listed = [...cityGroup.matchAll(/href="\/reports\/([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(listed.slice(0, 2))).toEqual(new Set([`${A}/2020`, `${B}/2020`]));
    expect(listed[2]).toBe(`${A}/2019`);
    expect(cityGroup).toContain(`href="/agencies/${CITY}"`);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain(`id="group-${LONE}"`);
  });

  it("finds by an agency's name or its parent's, and says when nothing matches", async () => {
    // Act
    const byName = await call(`/?q=${encodeURIComponent(' 教育 ')}`);
    const byParent = await call(`/?q=${encodeURIComponent('示例市人民政府')}`);
    const nothing = await call(`/?q=${encodeURIComponent('不存在的机关')}`);
    // Assert
    const reports = (html: string) => [...html.matchAll(/href="\/reports\/([^"]+)"/g)].map((m) => m[1]);
    expect(reports(byName.text)).toEqual([`${A}/2020`, `${A}/2019`]);
    expect(byName.text).toContain('value="教育"');
    expect(reports(byParent.text)).toHaveLength(3);
    expect(reports(nothing.text)).toEqual([]);
    expect(nothing.text).toContain('没有找到名称相符的机关的已发布报告');
  });
});

describe('GET /agencies/{id}', () => {
  it("compares the children's latest published year by default, another with ?year=", async () => {
    // Act
    const latest = await call(`/agencies/${CITY}`);
    const earlier = await call(`/agencies/${CITY}?year=2019`);
    // Assert
    expect(latest.status).toBe(200);
    expect(latest.text).toContain('2020年 下级机关（已发布 2/2）');
    expect(latest.text).toContain(`href="/agencies/${CITY}?year=2019"`);
    expect(earlier.text).toContain('2019年 下级机关（已发布 1/2）');
    expect(earlier.text).toContain('尚未发布2019年报告');
  });

  it('answers 404 pages for an unknown agency, an agency id that cannot be one, and a year that cannot be', async () => {
    for (const path of [
      `/agencies/sp-none-${suffix}`,
      '/agencies/NOT%20AN%20ID',
      `/agencies/${CITY}?year=1999`,
      `/agencies/${CITY}?year=abc`,
      `/reports/${CITY}/2020`,
      `/reports/${A}/20x0`,
    ]) {
      // Act
      const page = await call(path);
      // Assert
      expect(page.status, path).toBe(404);
      expect(page.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control'), path).toBe('no-store');
      expect(page.text, path).toContain('<h1>页面不存在</h1>');
    }
  });
});

describe('GET /reports/{id}/{year}', () => {
  it('shows the report with a policy that allows exactly its own styles and no script', async () => {
    // Act
    const page = await call(`/reports/${A}/2020`);
    // Assert
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'unsafe-hashes'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(page.text).toContain('class="report-box"');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain(`/v1/agencies/${A}/reports/2020/versions/1/report.docx`);
  });
});
