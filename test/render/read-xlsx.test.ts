import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  emptyTables,
  type FormatVersion,
  TABLE_IDS,
  type TableId,
} from '../../shared/domain/formats/index.ts';
import { type GridCellRef, tableGrid } from '../../shared/domain/report/index.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { normalizeLabel, readXlsx } from '../../shared/render/read-xlsx.ts';
import { checkWorkbook } from '../../shared/use-cases/check-workbook.ts';
import { writeByHand } from '../support/hand-made-xlsx.ts';
import { hangzhou2019Statistics, huaian2024Statistics, workbookOf } from '../support/render-fixtures.ts';

/** Half-width brackets and colons, spaces, straight quotes, a line break in the long label. */
const sloppy = (text: string): string =>
  text
    .replace(/（/gu, '(')
    .replace(/）/gu, ')')
    .replace(/：/gu, ':')
    .replace(/[“”]/gu, '"')
    .replace(/^(一|二|四)、/u, '$1、 ')
    .replace('部分公开(区分', '部分公开\n(区分');

const sortRefs = (refs: readonly GridCellRef[]) =>
  [...refs].map((r) => `${r.table}.${r.row}.${r.column}`).sort();

const zeroRefs = (stats: AgencyYearStatistics): GridCellRef[] =>
  TABLE_IDS.flatMap((table) =>
    Object.entries(stats.tables[table]).flatMap(([row, cols]) =>
      Object.entries(cols)
        .filter(([, v]) => v === 0)
        .map(([column]) => ({ table, row, column })),
    ),
  );

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const grid = (stats: AgencyYearStatistics, id: TableId) => tableGrid(stats.format, id, stats.tables[id]);

describe('readXlsx: what renderXlsx writes', () => {
  it.each([
    ['2021 (淮安 2024)', huaian2024Statistics()],
    ['2019 (杭州 2019)', hangzhou2019Statistics()],
  ])('reads back the %s tables exactly', async (_name, stats) => {
    // Prepare
    const buffer = await workbookOf(stats, '某机关');
    // Act
    const result = await readXlsx(buffer);
    // Assess
    expect(result.format).toBe(stats.format);
    expect(result.tables).toEqual(stats.tables);
    expect(result.blanks).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.found.requests?.sheet).toBe('表二 依申请公开');
  });
});

describe('readXlsx: workbooks made by hand', () => {
  it('finds the 2021 tables by their labels on one sheet at other offsets, without merges, with blanks', async () => {
    // Prepare: a WPS-style sheet: notes first, the three tables stacked from column B, zeros left empty,
    // labels typed with half-width brackets and spaces, some numbers typed as text.
    const stats = huaian2024Statistics();
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('填表说明');
    notes.getCell('A1').value =
      '填表说明：行政复议、行政诉讼情况按案件数填写；未经复议直接起诉的案件单独统计。';
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('B2').value = '淮安市人民政府2024年政府信息公开工作年度报告 附表';
    const asText = (v: number) =>
      v === 1288 ? '1,288' : v === 3001 ? '3001件' : v === 96171.6 ? '96171.6' : null;
    const opts = { merge: false, blankZeros: true, label: sloppy, headerAtBottom: true, asText };
    const blanks = [
      ...writeByHand(ws, grid(stats, 'proactive'), 5, 2, opts),
      ...writeByHand(ws, grid(stats, 'requests'), 24, 2, opts),
      ...writeByHand(ws, grid(stats, 'reviews'), 60, 3, opts),
    ];
    // Act
    const result = await readXlsx(await toBuffer(wb));
    // Assess
    expect(result.warnings).toEqual([]);
    expect(result.format).toBe('2021');
    expect(result.tables).toEqual(stats.tables);
    expect(sortRefs(result.blanks)).toEqual(sortRefs(blanks));
    expect(sortRefs(result.blanks)).toEqual(sortRefs(zeroRefs(stats)));
    expect(result.found).toEqual({
      proactive: { sheet: 'Sheet1', row: 5, col: 2 },
      requests: { sheet: 'Sheet1', row: 26, col: 6 },
      reviews: { sheet: 'Sheet1', row: 61, col: 8 },
    });
  });

  it('reads a 2019 workbook with its own sheet names, sheet order and offsets, merged like the template', async () => {
    const stats = hangzhou2019Statistics();
    const wb = new ExcelJS.Workbook();
    const merged = { merge: true, blankZeros: true };
    const blanks = [
      ...writeByHand(wb.addWorksheet('行政复议诉讼'), grid(stats, 'reviews'), 3, 2, merged),
      ...writeByHand(wb.addWorksheet('依申请公开情况'), grid(stats, 'requests'), 6, 4, merged),
      ...writeByHand(wb.addWorksheet('主动公开情况'), grid(stats, 'proactive'), 2, 1, merged),
    ];
    const result = await readXlsx(await toBuffer(wb));
    expect(result.warnings).toEqual([]);
    expect(result.format).toBe('2019');
    expect(result.tables).toEqual(stats.tables);
    expect(sortRefs(result.blanks)).toEqual(sortRefs(blanks));
    expect(result.found.reviews?.sheet).toBe('行政复议诉讼');
  });

  it('reads each table in its own layout when a workbook mixes them, and checks each with its rules', async () => {
    // As a real 2023 report did: the 2019 主动公开 table beside the 2021 依申请公开 and 复议诉讼 tables.
    const old = hangzhou2019Statistics();
    const current = huaian2024Statistics();
    const tables = { ...current.tables, requests: structuredClone(current.tables.requests) };
    const write = async (requests: typeof tables.requests) => {
      const wb = new ExcelJS.Workbook();
      const opts = { merge: true, blankZeros: false };
      writeByHand(wb.addWorksheet('主动公开'), grid(old, 'proactive'), 2, 1, opts);
      writeByHand(wb.addWorksheet('依申请'), tableGrid('2021', 'requests', requests), 2, 1, opts);
      writeByHand(wb.addWorksheet('复议诉讼'), grid(current, 'reviews'), 2, 1, opts);
      return toBuffer(wb);
    };
    const result = await readXlsx(await write(tables.requests));
    // Most labels are the 2019 主动公开 table's; the 依申请公开 table's own rows say 2021 (复议诉讼 is the
    // same in both layouts).
    expect(result.format).toBe('2019');
    expect(result.formats).toMatchObject({ proactive: '2019', requests: '2021' });
    expect(result.tables.proactive).toEqual(old.tables.proactive);
    expect(result.tables.requests).toEqual(current.tables.requests);
    expect(result.tables.reviews).toEqual(current.tables.reviews);
    expect(result.warnings).toEqual([
      '三、收到和处理政府信息公开申请情况的表格是2021年版格式：按该版读取和校验',
    ]);
    // Each table is checked by its own layout's rules: this one passes…
    const ok = await checkWorkbook(readXlsx, await write(tables.requests), { year: 2023 });
    expect(ok.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(ok.passed).toBe(true);
    // …and a 依申请公开 column that does not add up is still caught.
    tables.requests.received!.natural_person! += 1;
    const bad = await checkWorkbook(readXlsx, await write(tables.requests), { year: 2023 });
    expect(bad.passed).toBe(false);
    expect(bad.findings.map((f) => f.ruleId)).toContain('requests.balance');
  });

  it('reads a 依申请公开 table typed without the 2021 其他处理 rows in the 2019 layout, in a 2021 workbook', async () => {
    const old = hangzhou2019Statistics();
    const current = huaian2024Statistics();
    const wb = new ExcelJS.Workbook();
    const opts = { merge: false, blankZeros: true };
    writeByHand(wb.addWorksheet('主动公开'), grid(current, 'proactive'), 1, 1, opts);
    writeByHand(wb.addWorksheet('依申请'), grid(old, 'requests'), 3, 2, opts);
    writeByHand(wb.addWorksheet('复议诉讼'), grid(current, 'reviews'), 1, 1, opts);
    const bytes = await toBuffer(wb);
    const result = await readXlsx(bytes);
    expect(result.format).toBe('2021');
    expect(result.formats).toMatchObject({ proactive: '2021', requests: '2019' });
    expect(result.tables.requests).toEqual(old.tables.requests);
    expect((await checkWorkbook(readXlsx, bytes, { year: 2022 })).passed).toBe(true);

    // The 2021 rows typed without their enumerators (申请人无正当理由…) still say 2021.
    const typed = new ExcelJS.Workbook();
    const bare = (text: string) => text.replace(/^[123]\./u, '');
    writeByHand(typed.addWorksheet('依申请'), grid(current, 'requests'), 1, 1, { ...opts, label: bare });
    const read = await readXlsx(await toBuffer(typed), { year: 2024 });
    expect(read.formats.requests).toBe('2021');
    expect(read.tables.requests).toEqual(current.tables.requests);
  });

  it('reads a table that is all blank as zeros and says which tables are missing', async () => {
    const stats = hangzhou2019Statistics();
    const wb = new ExcelJS.Workbook();
    const empty = { ...stats, tables: emptyTables('2019') };
    writeByHand(wb.addWorksheet('表'), grid(empty, 'requests'), 1, 1, { merge: true, blankZeros: true });
    // No marker of either version in a blank requests table: the year decides.
    const result = await readXlsx(await toBuffer(wb), { year: 2020 });
    expect(result.format).toBe<FormatVersion>('2019');
    expect(result.tables).toEqual(emptyTables('2019'));
    expect(result.warnings).toEqual([
      '表格标签不能确定格式版本，按2019年版格式读取',
      '未找到二、主动公开政府信息情况的表格：该表按全部为空读取',
      '未找到四、政府信息公开行政复议、行政诉讼情况的表格：该表按全部为空读取',
    ]);
    expect(result.blanks.length).toBe(zeroRefs(empty).length);
  });

  it('warns about text where a number belongs and about a missing row', async () => {
    const stats = huaian2024Statistics();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('依申请');
    writeByHand(ws, grid(stats, 'requests'), 1, 1, { merge: true, blankZeros: false });
    ws.getCell('D4').value = '见附件';
    // Someone deleted the row 8.属于行政查询事项 (grid row 14 → sheet row 15).
    ws.getCell('C15').value = null;
    const result = await readXlsx(await toBuffer(wb));
    expect(result.warnings).toContain('依申请!D4的内容“见附件”不是数字，按0读取');
    expect(result.warnings).toContain('工作表“依申请”中未找到行“8.属于行政查询事项”：按空白读取');
    expect(result.tables.requests.received!.natural_person).toBe(0);
    expect(result.tables.requests.disclosed).toEqual(stats.tables.requests.disclosed);
    expect(result.tables.requests['withheld.inquiry_matter']!.total).toBe(0);
  });

  it('finds a 主动公开 number typed anywhere under its wide header', async () => {
    const stats = huaian2024Statistics();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('主动公开');
    writeByHand(ws, grid(stats, 'proactive'), 1, 1, { merge: false, blankZeros: false });
    // 行政许可 (grid row 6): typed in the middle of the three columns under 本年处理决定数量.
    expect(ws.getCell('A7').value).toBe('行政许可');
    ws.getCell('C7').value = ws.getCell('B7').value;
    ws.getCell('B7').value = null;
    const result = await readXlsx(await toBuffer(wb));
    expect(result.tables.proactive).toEqual(stats.tables.proactive);
  });

  it('normalizes labels: whitespace, full/half width, quotes', () => {
    expect(normalizeLabel(' （三）不予公开 ')).toBe(normalizeLabel('(三)不予 公开'));
    expect(normalizeLabel('3.危及“三安全一稳定”')).toBe(normalizeLabel('3．危及"三安全一稳定"'));
    expect(normalizeLabel('本年收费金额（单位：万元）')).toBe(normalizeLabel('本年收费金额(单位:万元)'));
  });
});
