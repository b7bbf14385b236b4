import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../support/cases.ts';
import { runCli } from '../support/cli.ts';
import { synthesize } from '../support/synthesize.ts';

describe('gongkai run (the whole pipeline in a fresh embedded store)', () => {
  it('writes each agency-year’s reports, statistics equal to `stats`, manifest checksums of the files', () => {
    // Prepare: 淮安市 2024 as events, with traps, plus two bad lines.
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-run-'));
    const file = join(dir, 'events.jsonl');
    const events = synthesize(loadCase('huaian-city-2024', 'huaian'), { seed: 5, traps: true });
    writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n{oops\n{"eventId":"x"}\n`);
    const out = join(dir, 'out');

    // Act
    const result = runCli(['run', '--events', file, '--out', out, '--year', '2024']);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^line ${events.length + 1}: \\(line\\): not valid JSON`, 'm'));
    const folder = join(out, 'huaian', '2024');
    const statistics = JSON.parse(readFileSync(join(folder, 'statistics.json'), 'utf8'));
    const stats = JSON.parse(
      runCli(['stats', '--events', file, '--agency', 'huaian', '--year', '2024']).stdout,
    );
    expect(statistics).toEqual(stats.statistics[0]);
    expect(statistics.tables.requests.received.total).toBe(3119);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    for (const name of ['report.xlsx', 'report.html', 'report.docx', 'statistics.json']) {
      const bytes = readFileSync(join(folder, name));
      const entry = JSON.stringify(manifest);
      expect(entry).toContain(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toContain('三、收到和处理政府信息公开申请情况');
  });
});
