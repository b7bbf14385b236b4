/**
 * The officer console in Chromium (Debian's, driven by playwright-core), on a started local Gongkai (a
 * temporary data folder and a free port, the demo loaded, the nightly run): an officer of the demo agency
 * signs in with its key, writes a narrative slot, declares a figure, generates, previews, publishes (after
 * the confirmation), corrects, downloads, and signs out. Each view has 0 serious or critical axe-core
 * violations and no page-wide horizontal scroll at 375 px; what the console did is read back from the API.
 * Screenshots go to /tmp/console-shots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { type BrowserGongkai, seriousViolations, startBrowserGongkai } from '../support/browser.ts';

const SHOTS = '/tmp/console-shots';
const AGENCY = 'hz-psb';
const YEAR = 2019;
let gk: BrowserGongkai;
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The officer publishes 2019 through the console here, not the start.
  gk = await startBrowserGongkai('console', { publishDemo: false });
  ({ runtime, browser } = gk);
  await runtime.app.runNightly();
}, 180_000);

afterAll(async () => {
  await gk?.close();
});

/** The API read back as the console's key sees it. */
async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${runtime.url}${path}`, {
    headers: { authorization: `Bearer ${runtime.demoKey}` },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

/** Whether the page scrolls sideways as a whole (a wide table must scroll in its own box). */
const pageWideScroll = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

async function look(page: Page, name: string) {
  expect(await seriousViolations(page, { iframes: false }), name).toEqual([]);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function openView(page: Page, label: string) {
  await page.getByRole('navigation', { name: '工作内容' }).getByRole('link', { name: label }).click();
  await expect.poll(() => page.locator('#view-heading').textContent()).toBe(label);
  await page.getByText('正在加载…').waitFor({ state: 'detached' });
}

async function signIn(page: Page) {
  await page.goto(`${runtime.url}/console`);
  await page.getByLabel('接口密钥').fill(runtime.demoKey);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByLabel('年度').selectOption(String(YEAR));
  await page.getByRole('heading', { level: 1, name: `杭州市公安局 · ${YEAR} 年度` }).waitFor();
}

/** Every CSP violation the page reports (none may happen: the console runs under the site's policy). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      seen.push(`${message.text()} (${message.location().url})`);
  });
  return seen;
}

describe('the officer console', () => {
  let context: BrowserContext;
  let page: Page;
  let csp: string[];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    csp = cspViolations(page);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('signs in with the agency key, held in the tab only, and shows the tables and findings', async () => {
    // Arrange
    await page.goto(`${runtime.url}/console`);
    await look(page, '01-sign-in');

    // Act
    await page.getByLabel('接口密钥').fill('gk_not-a-key');
    await page.getByRole('button', { name: '登录' }).click();
    const formatRefused = await page.getByText('密钥格式不正确').isVisible();
    await signIn(page);
    await page.getByText('正在加载…').waitFor({ state: 'detached' });

    // Assert
    expect(formatRefused).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('gongkai.apiKey')")).toBe(runtime.demoKey);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await expect.poll(() => page.locator('table.national').count()).toBe(3);
    expect(await page.getByRole('heading', { name: /表二 依申请公开/ }).count()).toBe(1);
    await look(page, '02-statistics');
  });

  it('lists the open requests by due date', async () => {
    // Act
    await openView(page, '答复期限');

    // Assert
    await expect.poll(() => page.getByText(/截至 \d{4}-\d{2}-\d{2}/).count()).toBe(1);
    await look(page, '03-deadlines');
  });

  it('saves a narrative slot, prefilled with the latest saved text', async () => {
    // Arrange
    await openView(page, '报告正文');
    const slot = page.locator('textarea').first();
    const slotId = await slot.getAttribute('name');
    const text = `控制台写入的一段正文（${Date.now()}）。`;

    // Act
    await slot.fill(text);
    await page.getByRole('button', { name: '保存正文' }).click();
    await page.getByText(/已保存（第 \d+ 版）/).waitFor();
    const saved = await api<{ sections: Record<string, string> }>(
      `/v1/agencies/${AGENCY}/reports/${YEAR}/narrative`,
    );
    await page.reload();
    await page.getByText('正在加载…').waitFor({ state: 'detached' });

    // Assert
    expect(saved.sections[slotId!]).toBe(text);
    expect(await page.locator('textarea').first().inputValue()).toBe(text);
    await look(page, '04-narrative');
  });

  it('declares a figure as a metric.declared event and shows the answer', async () => {
    // Arrange
    await openView(page, '申报数据');

    // Act
    await page.getByLabel('编号').fill('console_checked_items');
    await page.getByLabel('名称').fill('控制台核对事项');
    await page.getByLabel('数值').fill('42');
    await page.getByLabel('单位').fill('项');
    await page.getByRole('button', { name: `报送 ${YEAR} 年数据` }).click();
    await page.getByText(/：已接收。/).waitFor();
    await look(page, '05-metrics');
    await runtime.app.runNightly();
    const statistics = await api<{ extras: { metrics: Record<string, { value: number; unit: string }> } }>(
      `/v1/agencies/${AGENCY}/statistics/${YEAR}`,
    );

    // Assert
    expect(statistics.extras.metrics.console_checked_items).toMatchObject({ value: 42, unit: '项' });
  });

  it('generates, previews and publishes after the confirmation that the year is locked', async () => {
    // Arrange
    await openView(page, '生成与发布');

    // Act
    await page.getByRole('button', { name: '生成', exact: true }).click();
    const generated = page.getByText(/已生成第 (\d+) 版/);
    await generated.waitFor();
    const version = Number(/第 (\d+) 版/.exec((await generated.textContent()) ?? '')?.[1]);
    const preview = page.frameLocator('iframe.preview');
    await preview.locator('h1').first().waitFor();
    const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
    // The report's own style sheet applies (its page background), under the console's policy.
    await expect
      .poll(() => frame?.evaluate<string>('getComputedStyle(document.body).backgroundColor'))
      .toBe('rgb(243, 243, 243)');
    const scripts = await frame?.evaluate<number>('document.scripts.length');
    await look(page, '06-generated-preview');
    await page.getByRole('button', { name: `发布第 ${version} 版` }).click();
    const dialog = page.getByRole('dialog', { name: `确认发布第 ${version} 版？` });
    await dialog.waitFor();
    const warning = await dialog.textContent();
    await look(page, '07-publish-confirm');
    await dialog.getByRole('button', { name: '确认发布' }).click();
    await page.getByText(`已发布第 ${version} 版`).waitFor();
    const versions = await api<{ publication: { version: number } }>(
      `/v1/agencies/${AGENCY}/reports/${YEAR}/versions`,
    );

    // Assert
    expect(version).toBeGreaterThan(0);
    expect(await preview.locator('body').textContent()).toContain('杭州市公安局');
    expect(scripts).toBe(0);
    expect(warning).toContain('锁定');
    expect(versions.publication.version).toBe(version);
    await look(page, '08-published');
  });

  it('publishes a correction with its reason, and downloads a file of a version', async () => {
    // Arrange: a version generated against the published one
    await page.getByRole('button', { name: '生成', exact: true }).click();
    await page.getByText(`${YEAR} 年度已发布：此版本可在“版本与更正”中作为更正发布`).waitFor();
    const later = Number(
      /第 (\d+) 版/.exec((await page.getByText(/已生成第 \d+ 版/).textContent()) ?? '')?.[1],
    );
    await openView(page, '版本与更正');

    // Act
    await page.getByLabel('更正版本').selectOption(String(later));
    await page.getByLabel('更正理由（必填）').fill('补充报送控制台核对事项后重新生成。');
    await page.getByRole('button', { name: '发布更正' }).click();
    await page.getByText(`已发布更正：第 ${later} 版现为 ${YEAR} 年度的公开版本。`).waitFor();
    await page.getByText(`现行为更正后的第 ${later} 版`).waitFor();
    await look(page, '09-corrected');
    const versions = await api<{
      publication: { currentVersion: number; corrections: { reason: string }[] };
    }>(`/v1/agencies/${AGENCY}/reports/${YEAR}/versions`);
    const downloading = page.waitForEvent('download');
    await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: new RegExp(`^第 ${later} 版`) }) })
      .getByRole('button', { name: /下载Excel/ })
      .click();
    const download = await downloading;

    // Assert
    expect(versions.publication.currentVersion).toBe(later);
    expect(versions.publication.corrections.at(-1)?.reason).toBe('补充报送控制台核对事项后重新生成。');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(csp).toEqual([]);
  });

  it('signs out: the key is gone from the tab', async () => {
    // Act
    await page.getByRole('button', { name: '退出登录' }).click();

    // Assert
    await page.getByLabel('接口密钥').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });
});

describe('the officer console on a 375 px phone', () => {
  it('has no page-wide horizontal scroll and no serious violations on any view', async () => {
    // Arrange
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const page = await context.newPage();
    const csp = cspViolations(page);
    const overflow: Record<string, number> = {};

    // Act
    await page.goto(`${runtime.url}/console`);
    overflow.signIn = await pageWideScroll(page);
    await look(page, 'phone-01-sign-in');
    await signIn(page);
    for (const [index, label] of [
      '统计与检查',
      '答复期限',
      '报告正文',
      '申报数据',
      '生成与发布',
      '版本与更正',
    ].entries()) {
      await openView(page, label);
      overflow[label] = await pageWideScroll(page);
      await look(page, `phone-0${index + 2}-${label}`);
    }
    await context.close();

    // Assert
    expect(
      Object.values(overflow).every((pixels) => pixels <= 0),
      JSON.stringify(overflow),
    ).toBe(true);
    expect(csp).toEqual([]);
  });
});
