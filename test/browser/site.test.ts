/**
 * The public site in Chromium (Debian's, driven by playwright-core) on a started local Gongkai (a temporary
 * data folder, a free port, the demo loaded and its 2019 report published by the first start), with two
 * district bureaus of the demo agency published through the API, one of them corrected (更正), and a third
 * not published. Each page: `lang="zh-CN"`, 0 serious or critical axe-core violations, no page-wide
 * horizontal scroll at 375 px, the security headers, and what it must show. Screenshots (desktop and phone)
 * go to /tmp/site-shots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PUBLISHED } from '../../infra/local/demo-report.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { createKey } from '../../shared/use-cases/keys.ts';
import { type BrowserGongkai, seriousViolations, startBrowserGongkai } from '../support/browser.ts';

const SHOTS = '/tmp/site-shots';
const PARENT = DEMO_PUBLISHED.agencyId;
const YEAR = DEMO_PUBLISHED.year;
const DISTRICTS = [
  { id: 'site-xh', name: '杭州市公安局西湖区分局', received: 5, other: 1, published: true },
  { id: 'site-sc', name: '杭州市公安局上城区分局', received: 3, other: 0, published: true },
  { id: 'site-bj', name: '杭州市公安局滨江区分局', received: 2, other: 0, published: false },
] as const;
const REASON = '补录一件漏报的申请，表三相应数字更正。';

let gk: BrowserGongkai;
let runtime: LocalRuntime;
let browser: Browser;

async function api(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text);
}

/** A district's 2019: requests received (and decided: disclosed, or 其他处理), generated and published. */
async function publishDistrict(district: (typeof DISTRICTS)[number], key: string, count = district.received) {
  const events = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const requestId = `YSQ-${district.id}-${n}`;
    return [
      {
        eventId: `${district.id}-r-${n}`,
        agencyId: district.id,
        type: 'request.received',
        occurredAt: `2019-03-${String(n).padStart(2, '0')}T10:00:00+08:00`,
        data: { requestId, channel: 'online', applicantType: 'natural_person' },
      },
      {
        eventId: `${district.id}-d-${n}`,
        agencyId: district.id,
        type: 'request.decided',
        occurredAt: `2019-03-${String(n + 5).padStart(2, '0')}T10:00:00+08:00`,
        data: { requestId, outcome: n <= district.other ? 'other.other' : 'disclosed' },
      },
    ];
  }).flat();
  await api('POST', '/v1/events', key, { events });
  const base = `/v1/agencies/${district.id}/reports/${YEAR}`;
  return (await api('POST', `${base}/generate`, key)).version as number;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  gk = await startBrowserGongkai('site');
  ({ runtime, browser } = gk);
  // The first start publishes the demo's 2019 report in the background.
  await runtime.demoReport;
  const deps = { ...runtime.app.stores, clock: () => new Date() };
  for (const district of DISTRICTS) {
    await registerAgency(deps, { id: district.id, name: district.name, parentId: PARENT });
    const { key } = await createKey(deps, { agencyIds: [district.id] });
    if (!district.published) continue;
    const base = `/v1/agencies/${district.id}/reports/${YEAR}`;
    const version = await publishDistrict(district, key);
    await api('POST', `${base}/publish`, key, { version });
    if (district.id === 'site-xh') {
      // One more request found afterwards: a new version published as the correction.
      await api('POST', '/v1/events', key, {
        events: [
          {
            eventId: 'site-xh-late',
            agencyId: district.id,
            type: 'request.received',
            occurredAt: '2019-04-20T10:00:00+08:00',
            data: { requestId: 'YSQ-site-xh-late', channel: 'letter', applicantType: 'commercial' },
          },
        ],
      });
      const next = (await api('POST', `${base}/generate`, key)).version as number;
      await api('POST', `${base}/corrections`, key, { version: next, reason: REASON });
    }
  }
}, 240_000);

afterAll(async () => {
  await gk?.close();
});

/**
 * Opens a page on a desktop and on a 375 px phone: its status and headers, its language, axe-core, no
 * page-wide horizontal scroll on the phone, no CSP violation reported; screenshots of both. Answers the
 * desktop page for more checks.
 */
async function visit(path: string, shot: string, status = 200): Promise<Page> {
  let desktop: Page | undefined;
  for (const [width, height, device] of [
    [1280, 900, 'desktop'],
    [375, 812, 'phone'],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${runtime.url}${path}`);
    expect(response?.status(), path).toBe(status);
    const headers = response!.headers();
    expect(headers['content-type'], path).toBe('text/html; charset=utf-8');
    expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy'], path).not.toMatch(/script-src|unsafe-inline/);
    expect(headers['strict-transport-security'], path).toMatch(/^max-age=\d+/);
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(await page.getAttribute('html', 'lang'), path).toBe('zh-CN');
    expect(await seriousViolations(page), `${path} (${device})`).toEqual([]);
    if (device === 'phone') {
      const scroll = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(scroll, `${path}: page-wide scroll on a phone`).toBeLessThanOrEqual(375);
    }
    await page.screenshot({ path: join(SHOTS, `${shot}-${device}.png`), fullPage: true });
    expect(violations, path).toEqual([]);
    if (device === 'desktop') desktop = page;
    else await page.close();
  }
  return desktop!;
}

describe('the public site', () => {
  it('lists every published report grouped by parent agency, and finds one by name without script', async () => {
    // Act
    const page = await visit('/', 'index');
    // Assert: one group (the city bureau), its report and its two published districts; not the third.
    const group = page.getByRole('region', { name: '杭州市公安局' });
    const links = await group.getByRole('link').allTextContents();
    expect(links).toEqual([
      '杭州市公安局下级机关数据对比',
      `杭州市公安局${YEAR}年政府信息公开工作年度报告`,
      `杭州市公安局上城区分局${YEAR}年政府信息公开工作年度报告`,
      `杭州市公安局西湖区分局${YEAR}年政府信息公开工作年度报告`,
    ]);
    expect(await group.textContent()).toContain('已更正');
    expect(await page.textContent('main')).not.toContain('滨江区');

    // Act: a search, by the form (a GET, answered by the server).
    await page.getByLabel('按机关名称查找').fill('西湖');
    await page.getByRole('button', { name: '查找' }).click();
    await page.waitForURL(/\?q=/);
    // Assert
    expect(new URL(page.url()).searchParams.get('q')).toBe('西湖');
    const found = await page.locator('main ul.reports a').allTextContents();
    expect(found).toEqual([`杭州市公安局西湖区分局${YEAR}年政府信息公开工作年度报告`]);
    expect(await page.getByRole('status').textContent()).toContain('共找到 1 份报告');
    await visit(`/?q=${encodeURIComponent('西湖')}`, 'index-search');
    await page.close();
  });

  it("shows the demo's published report itself, its files with size and sha256, and its history", async () => {
    // Act
    const page = await visit(`/reports/${PARENT}/${YEAR}`, 'report');
    // Assert: the report inline (its title, its sections and the national tables), styled as the report.
    const report = page.getByRole('article', { name: '报告全文' });
    expect(await report.getByRole('heading', { level: 1 }).textContent()).toContain('政府信息公开工作报告');
    expect(await report.locator('section h2').count()).toBeGreaterThanOrEqual(6);
    expect(await report.locator('table').count()).toBeGreaterThanOrEqual(3);
    expect(await report.textContent()).toContain('91');
    const bodyFont = await page.evaluate(
      "getComputedStyle(document.querySelector('article.report-box section p')).fontFamily",
    );
    expect(bodyFont).toMatch(/FangSong|仿宋/);
    // A wide table scrolls in its own box on a phone (checked in visit); its box is there.
    expect(await report.locator('.table-scroll').count()).toBeGreaterThanOrEqual(3);
    // The downloads: Word, Excel, statistics.json with sizes and sha256, links to the download route.
    const downloads = page.getByRole('region', { name: '下载' });
    const rows = await downloads.locator('tbody tr').allTextContents();
    for (const label of ['年度报告（Word）', '统计表（Excel）', '统计数据（JSON）']) {
      const row = rows.find((r) => r.includes(label));
      expect(row, label).toMatch(/\d+(\.\d)? KB/);
      expect(row, label).toMatch(/[0-9a-f]{64}/);
    }
    const href = await downloads.getByRole('link', { name: '统计数据（JSON）' }).getAttribute('href');
    expect(href).toBe(`/v1/agencies/${PARENT}/reports/${YEAR}/versions/1/statistics.json`);
    // The file behind the link is the one the sha256 names.
    const redirect = await fetch(`${runtime.url}${href}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const bytes = new Uint8Array(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(rows.find((r) => r.includes('统计数据（JSON）'))).toContain(digest);
    // The history: the first publication, current.
    const history = await page.getByRole('region', { name: '版本记录' }).textContent();
    expect(history).toContain('第1版（首次发布）');
    expect(history).toContain('现行版本');
    await page.close();
  });

  it('shows a corrected report as its correction, with the 更正说明, and keeps the earlier version downloadable', async () => {
    // Act
    const page = await visit(`/reports/site-xh/${YEAR}`, 'report-corrected');
    // Assert
    const note = page.getByRole('note');
    expect(await note.textContent()).toContain(`更正说明`);
    expect(await note.textContent()).toContain(REASON);
    expect(await page.locator('.report-meta').textContent()).toContain('现行版本：第2版');
    const history = page.getByRole('region', { name: '版本记录' });
    expect(await history.textContent()).toContain('第2版（更正第1版）');
    expect(await history.textContent()).toContain('已被更正');
    const earlier = await history.getByRole('link', { name: '统计表（Excel）' }).nth(1).getAttribute('href');
    expect(earlier).toBe(`/v1/agencies/site-xh/reports/${YEAR}/versions/1/report.xlsx`);
    expect((await fetch(`${runtime.url}${earlier}`, { redirect: 'manual' })).status).toBe(302);
    // The report shown is the corrected one: 6 requests received, not 5.
    const tables = await page.getByRole('article', { name: '报告全文' }).textContent();
    expect(tables).toContain('共收到');
    await page.close();
  });

  it("compares a parent agency's districts from their published figures, and says how", async () => {
    // Act
    const page = await visit(`/agencies/${PARENT}`, 'agency');
    // Assert: one row per district, figures from the current published versions.
    const rows = await page.locator('table.compare tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    const row = (name: string) => rows.find((r) => r.startsWith(name)) ?? '';
    // 西湖: corrected to 6 received; 1 of its 6 decided is 其他处理 (the late one is undecided).
    expect(row('杭州市公安局西湖区分局')).toMatch(/^杭州市公安局西湖区分局6100\.0%20\.0%1\/50复议0，诉讼0$/);
    expect(row('杭州市公安局上城区分局')).toMatch(/^杭州市公安局上城区分局3100\.0%0\.0%0\/30复议0，诉讼0$/);
    expect(row('杭州市公安局滨江区分局')).toContain(`尚未发布${YEAR}年报告`);
    const method = await page.getByRole('region', { name: '数据来源与计算方法' }).textContent();
    for (const term of ['按时答复率', '其他处理占比', '复议、诉讼纠错', 'statistics.json'])
      expect(method).toContain(term);
    await page.close();
  });

  it('answers a page in Chinese with 404 for a report not published and an agency not registered', async () => {
    for (const [path, shot] of [
      [`/reports/site-bj/${YEAR}`, 'not-published'],
      ['/agencies/no-such-agency', 'no-agency'],
    ] as const) {
      // Act
      const page = await visit(path, shot, 404);
      // Assert
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('页面不存在');
      if (shot === 'not-published')
        expect(await page.textContent('main')).toContain(
          `杭州市公安局滨江区分局的${YEAR}年政府信息公开工作年度报告尚未发布`,
        );
      await page.close();
    }
  });
});
