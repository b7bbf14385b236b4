/**
 * The console's build (scripts/build-console.ts): index.html with no inline script or style (the site's
 * policy allows neither), every asset it names written under a fingerprinted name, the report's style
 * sheet for the preview among them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../scripts/build-console.ts';
import { REPORT_STYLE_SHEET } from '../../shared/render/html.ts';

const folder = mkdtempSync(join(tmpdir(), 'gongkai-console-build-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('buildConsole', () => {
  it('writes index.html naming fingerprinted assets only, with nothing inline', async () => {
    // Act
    const built = await buildConsole(join(folder, 'console'));
    const index = readFileSync(join(built.outDir, 'index.html'), 'utf8');

    // Assert
    expect(index).toContain('<html lang="zh-CN">');
    expect(index).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(index).not.toMatch(/<style|\sstyle=/);
    const named = [...index.matchAll(/(?:src|href|content)="\/console\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...built.assets].sort());
    for (const asset of built.assets) {
      expect(asset).toMatch(/^assets\/(main|report)-[A-Z0-9]{8,}\.(js|css)$/);
      expect(existsSync(join(built.outDir, asset))).toBe(true);
    }
    const reportStyle = built.assets.find((a) => a.startsWith('assets/report-'))!;
    expect(readFileSync(join(built.outDir, reportStyle), 'utf8')).toBe(REPORT_STYLE_SHEET);
    expect(index).toContain(`<meta name="gongkai-report-style" content="/console/${reportStyle}">`);
  });
});
