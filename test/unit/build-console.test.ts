/**
 * The console's build (scripts/build-console.ts): index.html with no inline script or style (the site's
 * policy allows neither), every asset it names written under a fingerprinted name, the report's style
 * sheet for the preview among them; and a start's served console, built again only when what it was built
 * from changed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServedConsole } from '../../infra/local/site.ts';
import { buildConsole, isCurrentBuild } from '../../scripts/build-console.ts';
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

describe('the served console', () => {
  it('is built once, then kept while its sources hash the same, and built again when one changed', async () => {
    // Arrange: a build, and a file that stands for one of its sources
    const dir = join(folder, 'served');
    await buildServedConsole(dir);
    const recordFile = join(dir, 'build.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { inputs: string[]; hash: string };
    expect(record.inputs).toContainEqual(expect.stringMatching(/console[\\/]src[\\/]main\.tsx$/));
    expect(isCurrentBuild(dir)).toBe(true);
    const indexBuilt = statSync(join(dir, 'index.html')).mtimeMs;

    // Act + Assert: the same sources → the folder is served as it is
    await buildServedConsole(dir);
    expect(statSync(join(dir, 'index.html')).mtimeMs).toBe(indexBuilt);

    // A source that changed since (its contents no longer hash to the record's) → built again
    const source = join(folder, 'a-source.ts');
    writeFileSync(source, 'export const before = 1;\n');
    writeFileSync(recordFile, JSON.stringify({ ...record, inputs: [...record.inputs, source] }));
    expect(isCurrentBuild(dir)).toBe(false);
    await buildServedConsole(dir);
    expect(isCurrentBuild(dir)).toBe(true);
    expect(JSON.parse(readFileSync(recordFile, 'utf8')).inputs).not.toContain(source);

    // A record cut short, or none → built again
    writeFileSync(recordFile, '{"inputs": [');
    expect(isCurrentBuild(dir)).toBe(false);
    rmSync(recordFile);
    expect(isCurrentBuild(dir)).toBe(false);
    await buildServedConsole(dir);
    expect(isCurrentBuild(dir)).toBe(true);
  });
});
