/**
 * What the browser tests share: a started local Gongkai of their own (a temporary data folder, a free port,
 * its own build of the console), Debian's Chromium through playwright-core, and axe-core's serious and
 * critical violations of a page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type LocalRuntime, type StartOptions, startLocal } from '../../infra/local/runtime.ts';
import { memoryLogger } from '../../shared/adapters/logger.ts';
import { freePort } from '../integration/support.ts';

export interface BrowserGongkai {
  readonly runtime: LocalRuntime;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** `npm start` in-process on a fresh folder, and Chromium (never downloaded: Debian's). */
export async function startBrowserGongkai(
  name: string,
  options: Partial<Pick<StartOptions, 'publishDemo'>> = {},
): Promise<BrowserGongkai> {
  const folder = mkdtempSync(join(tmpdir(), `gongkai-${name}-browser-`));
  // Its own build of the console, not the repository's dist/ that a developer's npm start serves.
  process.env.GONGKAI_CONSOLE_DIR = join(folder, 'console');
  const runtime = await startLocal({
    dataDir: join(folder, 'data'),
    port: await freePort(),
    log: memoryLogger(),
    out: { write: () => undefined },
    ...options,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  return {
    runtime,
    browser,
    close: async () => {
      await browser.close();
      await runtime.stop();
      delete process.env.GONGKAI_CONSOLE_DIR;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * axe-core on the page as it is now: the serious and critical violations. Evaluated through the DevTools
 * protocol, so the page's policy (no inline script) stays in force; strings, because the page's globals are
 * not in the tests' Node types.
 */
export async function seriousViolations(page: Page, options: { iframes?: boolean } = {}): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    `axe.run(document, { iframes: ${options.iframes ?? true}, resultTypes: ['violations'] })`,
  );
  return (results as axe.AxeResults).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
