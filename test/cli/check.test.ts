import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableGrid } from '../../shared/domain/report/index.ts';
import { runCli } from '../support/cli.ts';
import { writeByHand } from '../support/hand-made-xlsx.ts';
import { huaian2024Statistics, workbookOf } from '../support/render-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-check-'));

/** A workbook typed by hand: own sheet names, offsets, no merges, zeros left blank. */
async function handMade(file: string, reviewsTotal?: number): Promise<string> {
  const stats = huaian2024Statistics();
  const tables = structuredClone(stats.tables);
  if (reviewsTotal !== undefined) tables.reviews.reconsideration!.total = reviewsTotal;
  const wb = new ExcelJS.Workbook();
  const opts = { merge: false, blankZeros: true };
  writeByHand(wb.addWorksheet('主动公开'), tableGrid('2021', 'proactive', tables.proactive), 3, 2, opts);
  writeByHand(wb.addWorksheet('依申请'), tableGrid('2021', 'requests', tables.requests), 5, 1, opts);
  writeByHand(wb.addWorksheet('Sheet3'), tableGrid('2021', 'reviews', tables.reviews), 2, 4, opts);
  const path = join(dir, file);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('gongkai check', () => {
  it('passes a correct hand-made table (淮安市 2024 as printed)', async () => {
    const result = runCli(['check', await handMade('ok.xlsx'), '--year', '2024']);
    expect(result.stdout).toMatch(/format 2021; tables found: proactive, requests, reviews/);
    expect(result.stdout).toMatch(/passed$/m);
    expect(result.status).toBe(0);
  });

  it('flags a hand-made table whose reviews total does not add up, and exits 1', async () => {
    const result = runCli(['check', await handMade('bad.xlsx', 350), '--json']);
    expect(result.status).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.passed).toBe(false);
    expect(out.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'reviews.total',
        severity: 'error',
        message: expect.stringMatching(/总计350.*351/),
      }),
    );
  });

  it('passes our own generated workbook, and fails a workbook with no national table', async () => {
    const ours = join(dir, 'ours.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await workbookOf(huaian2024Statistics(), '淮安市人民政府')) as never);
    await wb.xlsx.writeFile(ours);
    expect(runCli(['check', ours]).status).toBe(0);
    const empty = join(dir, 'empty.xlsx');
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Sheet1').getCell('A1').value = '你好';
    await blank.xlsx.writeFile(empty);
    const result = runCli(['check', empty]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/no national table was found/);
  });
});
