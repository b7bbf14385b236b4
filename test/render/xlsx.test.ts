import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { byRuntimeIds, TABLE_IDS } from '../../shared/domain/formats/index.ts';
import { type TableGrid, tableGrid } from '../../shared/domain/report/index.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { GRID_LEFT, GRID_TOP, TABLE_SHEET_NAMES } from '../../shared/render/xlsx.ts';
import {
  HUAIAN_2024_AGENCY_NAME,
  HUAIAN_2024_SLOTS,
  hangzhou2019Statistics,
  huaian2024Statistics,
  SAMPLE_ERROR,
  SAMPLE_WARNING,
  withFindings,
  workbookOf,
} from '../support/render-fixtures.ts';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function columnName(c: number): string {
  let name = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function expectedMerges(grid: TableGrid): string[] {
  const ranges = [1, 2].map((r) => `A${r}:${columnName(grid.width)}${r}`);
  for (const c of grid.cells) {
    if (c.rowSpan === 1 && c.colSpan === 1) continue;
    const top = GRID_TOP + c.row;
    const left = GRID_LEFT + c.col;
    ranges.push(`${columnName(left)}${top}:${columnName(left + c.colSpan - 1)}${top + c.rowSpan - 1}`);
  }
  return ranges.sort();
}

/** Checks one national sheet against the grid of the format, cell by cell. */
function expectSheetMatchesGrid(ws: ExcelJS.Worksheet, stats: AgencyYearStatistics, grid: TableGrid): void {
  for (const g of grid.cells) {
    const cell = ws.getCell(GRID_TOP + g.row, GRID_LEFT + g.col);
    if (g.kind === 'value') {
      expect(cell.type, `${cell.address} ${g.ref?.row}.${g.ref?.column}`).toBe(ExcelJS.ValueType.Number);
      expect(cell.value).toBe(byRuntimeIds(stats.tables[g.ref!.table])[g.ref!.row]![g.ref!.column]);
      expect(cell.numFmt).toBe(g.format === 'count' ? '0' : g.format === 'wan_yuan' ? '0.00' : '0.00"元"');
    } else {
      expect(cell.value, cell.address).toBe(g.text);
    }
    expect(cell.border?.top?.style, cell.address).toBe('thin');
    expect(cell.font?.name).toBe('SimSun');
  }
  expect([...ws.model.merges].sort()).toEqual(expectedMerges(grid));
}

describe('renderXlsx: the national tables', () => {
  it('writes the 2021 tables cell by cell: labels, numeric values, merges (淮安 2024)', async () => {
    // Prepare
    const stats = huaian2024Statistics();
    // Act
    const wb = await load(await workbookOf(stats, HUAIAN_2024_AGENCY_NAME));
    // Assess
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      '表一 主动公开',
      '表二 依申请公开',
      '表三 复议诉讼',
      '申请渠道',
      '主动公开分类',
      '平台发布',
      '办理时效',
      '校验发现',
    ]);
    for (const id of TABLE_IDS) {
      const ws = wb.getWorksheet(TABLE_SHEET_NAMES[id])!;
      expectSheetMatchesGrid(ws, stats, tableGrid('2021', id, stats.tables[id]));
      expect(ws.getCell('A1').value).toBe('淮安市人民政府2024年政府信息公开工作年度报告');
    }
    const requests = wb.getWorksheet('表二 依申请公开')!;
    expect(requests.model.merges).toEqual(
      expect.arrayContaining(['A3:C5', 'D3:J3', 'D4:D5', 'E4:I4', 'J4:J5', 'A8:A29']),
    );
    expect(requests.getCell('A8').value).toBe('三、本年度办理结果');
    expect(requests.getCell('C12').value).toBe('3.危及“三安全一稳定”');
    expect(requests.getCell('B9').value).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(requests.getCell('J6').value).toBe(3119);
    // Zero is a number, never a blank.
    expect(requests.getCell('F6').value).toBe(0);
    expect(requests.getCell('F6').type).toBe(ExcelJS.ValueType.Number);
    const proactive = wb.getWorksheet('表一 主动公开')!;
    expect(proactive.getCell('B16').value).toBe(96171.6);
    expect(proactive.getCell('B16').numFmt).toBe('0.00');
    const reviews = wb.getWorksheet('表三 复议诉讼')!;
    expect(reviews.getRow(6).values).toEqual([
      undefined,
      72,
      64,
      178,
      37,
      351,
      13,
      4,
      8,
      1,
      26,
      12,
      1,
      1,
      6,
      20,
    ]);
  });

  it('uses the 2019 layout for 2019–2020 reports', async () => {
    const stats = hangzhou2019Statistics();
    const wb = await load(await workbookOf(stats, '杭州市公安局'));
    for (const id of TABLE_IDS) {
      expectSheetMatchesGrid(
        wb.getWorksheet(TABLE_SHEET_NAMES[id])!,
        stats,
        tableGrid('2019', id, stats.tables[id]),
      );
    }
    const requests = wb.getWorksheet('表二 依申请公开')!;
    expect(requests.model.merges).toContain('A8:A27');
    expect(requests.getCell('B26').value).toBe('（六）其他处理');
    const proactive = wb.getWorksheet('表一 主动公开')!;
    const procurement = proactive.getRow(GRID_TOP + 17);
    expect(procurement.getCell(1).value).toBe('政府集中采购');
    expect(procurement.getCell(3).value).toBe(75394432.52);
    expect(proactive.model.merges).toContain(`C${GRID_TOP + 17}:D${GRID_TOP + 17}`);
  });

  it('sets A4, fit to page width, and landscape for the 15-column table', async () => {
    const wb = await load(await workbookOf(huaian2024Statistics(), 'x'));
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToPage).toBe(true);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.pageSetup.fitToHeight).toBe(0);
    }
    expect(wb.getWorksheet('表三 复议诉讼')!.pageSetup.orientation).toBe('landscape');
    expect(wb.getWorksheet('表二 依申请公开')!.pageSetup.orientation).toBe('portrait');
    // Header rows repeat on every printed page of a national table.
    expect(wb.getWorksheet('表二 依申请公开')!.pageSetup.printTitlesRow).toBe(`${GRID_TOP}:${GRID_TOP + 2}`);
  });

  it('leaves every number room in its column (no ##### cells)', async () => {
    const stats = huaian2024Statistics();
    const wb = await load(await workbookOf(stats, 'x'));
    for (const id of TABLE_IDS) {
      const ws = wb.getWorksheet(TABLE_SHEET_NAMES[id])!;
      for (const g of tableGrid('2021', id, stats.tables[id]).cells.filter((c) => c.kind === 'value')) {
        let width = 0;
        for (let c = g.col; c < g.col + g.colSpan; c++) width += ws.getColumn(GRID_LEFT + c).width ?? 8.43;
        expect(g.text.length + 1, `${id} ${g.ref?.row}.${g.ref?.column}`).toBeLessThan(width);
      }
    }
  });
});

describe('renderXlsx: the other sheets', () => {
  it('lists requests by channel, disclosures, posts, timeliness', async () => {
    const stats = huaian2024Statistics();
    const wb = await load(
      await workbookOf(stats, 'x', { timeliness: { shareOnTime: 0.95, medianWorkingDays: 11 } }),
    );
    const channels = wb.getWorksheet('申请渠道')!;
    expect(channels.getRow(4).values).toEqual([undefined, '网上申请', 2650]);
    expect(channels.getRow(10).values).toEqual([undefined, '合计', 3119]);
    const disclosures = wb.getWorksheet('主动公开分类')!;
    expect(disclosures.getRow(4).values).toEqual([undefined, '公告公示', 9970]);
    const posts = wb.getWorksheet('平台发布')!;
    const postRows = posts.getSheetValues().filter(Boolean) as unknown[][];
    expect(postRows).toContainEqual([undefined, '政府网站', '政府信息公开', 9100]);
    const timeliness = wb.getWorksheet('办理时效')!;
    const values = timeliness.getSheetValues().filter(Boolean) as unknown[][];
    expect(values).toContainEqual([undefined, '在法定期限内答复的比例', 0.95]);
    expect(values).toContainEqual([undefined, '答复用时中位数（工作日）', 11]);
    expect(values).toContainEqual([undefined, '本年办结申请（件）', 3050]);
  });

  it('marks a report with error findings as 草稿 and lists the findings', async () => {
    const stats = withFindings(huaian2024Statistics(), [SAMPLE_ERROR, SAMPLE_WARNING]);
    const wb = await load(await workbookOf(stats, 'x'));
    const requests = wb.getWorksheet('表二 依申请公开')!;
    expect(requests.getCell('A1').value).toBe('x2024年政府信息公开工作年度报告（草稿）');
    expect(requests.headerFooter.oddHeader).toContain('草稿');
    const findings = wb.getWorksheet('校验发现')!;
    expect(findings.getRow(4).values).toEqual([
      undefined,
      'requests.balance',
      '错误',
      SAMPLE_ERROR.message,
      '依申请公开 / 一、本年新收政府信息公开申请数量 / 总计\n依申请公开 / 三、本年度办理结果 / （七）总计 / 总计',
    ]);
    expect(findings.getRow(5).getCell(2).value).toBe('警告');
    const clean = await load(await workbookOf(huaian2024Statistics(), 'x', { slots: HUAIAN_2024_SLOTS }));
    expect(clean.getWorksheet('表二 依申请公开')!.getCell('A1').value).toBe(
      'x2024年政府信息公开工作年度报告',
    );
    expect(clean.getWorksheet('校验发现')!.getCell('A4').value).toBe('无');
  });
});
