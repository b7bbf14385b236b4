/**
 * The report as an Excel workbook: the three national tables in the format's exact layout (labels,
 * merges, numeric cells), then sheets with the figures behind the report body and the rule findings.
 */
import type ExcelJS from 'exceljs';
// Only the Workbook, not exceljs's main module: that one also loads the streaming reader and writer
// (unzipper, archiver, fstream, bluebird, …), ~0.5 MB of a bundle that only writes a workbook to a buffer.
// The typing of this path is in exceljs-workbook.d.ts.
import Workbook from 'exceljs/lib/doc/workbook.js';
import { TABLE_IDS } from '../domain/formats/index.ts';
import {
  CHANNEL_LABELS,
  DRAFT_MARK,
  type GridCell,
  MONEY_DECIMALS,
  PUBLICATION_CHANNEL_LABELS,
  type ReportModel,
  TABLE_NUMBERS,
  TABLE_SHORT_NAMES,
  type TableGrid,
  type ValueFormat,
} from '../domain/report/index.ts';
import type { AgencyYearStatistics } from '../domain/statistics/types.ts';
import { CHANNELS, PUBLICATION_CHANNELS } from '../domain/vocabulary.ts';
import { CJK_SANS, CJK_SERIF, textWidth, XLSX_COLUMN_WIDTHS } from './style.ts';

/** Sheet names of the national tables. */
export const TABLE_SHEET_NAMES = {
  proactive: `${TABLE_NUMBERS.proactive} ${TABLE_SHORT_NAMES.proactive}`,
  requests: `${TABLE_NUMBERS.requests} ${TABLE_SHORT_NAMES.requests}`,
  reviews: `${TABLE_NUMBERS.reviews} ${TABLE_SHORT_NAMES.reviews}`,
} as const;

export const EXTRA_SHEET_NAMES = {
  channels: '申请渠道',
  disclosures: '主动公开分类',
  posts: '平台发布',
  timeliness: '办理时效',
  findings: '校验发现',
} as const;

/** Where the national grid starts on its sheet (1-based): below the title and the heading. */
export const GRID_TOP = 3;
export const GRID_LEFT = 1;

const NUM_FMT: Record<ValueFormat, string> = {
  count: '0',
  wan_yuan: `0.${'0'.repeat(MONEY_DECIMALS)}`,
  // The 2019 template gives 采购总金额 no unit; agencies print it in the cell, and so do we (still a number).
  yuan: `0.${'0'.repeat(MONEY_DECIMALS)}"元"`,
};

const FONT_SIZE = 10;
const LINE_HEIGHT = 13.5;
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * Renders the report model as an .xlsx workbook: the three national tables (whatever the template prints),
 * then the figures behind the report body from the statistics the model was built from.
 */
export async function renderXlsx(model: ReportModel, stats: AgencyYearStatistics): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'Gongkai';
  wb.title = model.title;
  // Fixed dates keep the output the same for the same statistics.
  wb.created = new Date(Date.UTC(stats.year + 1, 0, 1));
  wb.modified = wb.created;

  for (const table of TABLE_IDS) tableSheet(wb, model, model.tables[table]);
  channelsSheet(wb, model, stats);
  disclosuresSheet(wb, model, stats);
  postsSheet(wb, model, stats);
  timelinessSheet(wb, model, stats);
  findingsSheet(wb, model);

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

function newSheet(
  wb: ExcelJS.Workbook,
  name: string,
  model: ReportModel,
  landscape = false,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
  });
  ws.headerFooter.oddFooter = '&C第 &P 页，共 &N 页';
  if (model.draft) ws.headerFooter.oddHeader = `&C&"${CJK_SANS},Bold"&16&KFF0000${DRAFT_MARK}`;
  return ws;
}

/** A sheet of lists below the title rows: one width a column (in characters), the heading across them. */
function listSheet(
  wb: ExcelJS.Workbook,
  model: ReportModel,
  name: string,
  heading: string,
  widths: readonly number[],
  landscape = false,
): ExcelJS.Worksheet {
  const ws = newSheet(wb, name, model, landscape);
  widths.forEach((width, i) => {
    ws.getColumn(i + 1).width = width;
  });
  titleRows(ws, model, heading, widths.length);
  return ws;
}

function titleRows(ws: ExcelJS.Worksheet, model: ReportModel, heading: string, width: number): void {
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = model.draft ? `${model.title}（${DRAFT_MARK}）` : model.title;
  title.font = { name: CJK_SANS, size: 14, bold: true, ...(model.draft && { color: { argb: 'FFC00000' } }) };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  let sheetWidth = 0;
  for (let c = 1; c <= width; c++) sheetWidth += ws.getColumn(c).width ?? 9;
  // The title is set at 14 pt against the 10 pt the widths are measured in.
  const lines = Math.ceil((textWidth(String(title.value)) * 1.4) / Math.max(sheetWidth - 2, 1));
  ws.getRow(1).height = 12 + lines * 19;
  ws.mergeCells(2, 1, 2, width);
  const sub = ws.getCell(2, 1);
  sub.value = heading;
  sub.font = { name: CJK_SANS, size: 12, bold: true };
  sub.alignment = { horizontal: 'left', vertical: 'middle' };
  ws.getRow(2).height = 22;
}

function tableSheet(wb: ExcelJS.Workbook, model: ReportModel, grid: TableGrid): void {
  const ws = newSheet(wb, TABLE_SHEET_NAMES[grid.table], model, grid.table === 'reviews');
  const widths = XLSX_COLUMN_WIDTHS[grid.table];
  widths.forEach((w, i) => {
    ws.getColumn(GRID_LEFT + i).width = w;
  });
  titleRows(ws, model, grid.heading, grid.width);
  writeGrid(ws, grid, GRID_TOP, GRID_LEFT, widths);
  // A table printed over two pages repeats its header rows on the second.
  if (grid.headerRows > 0) ws.pageSetup.printTitlesRow = `${GRID_TOP}:${GRID_TOP + grid.headerRows - 1}`;
}

/** Writes a grid with its merges; returns nothing, the positions are GRID_TOP/GRID_LEFT + the grid's. */
function writeGrid(
  ws: ExcelJS.Worksheet,
  grid: TableGrid,
  top: number,
  left: number,
  widths: readonly number[],
): void {
  // Borders and font on every cell of the grid, covered cells included, so merged ranges are framed.
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      const cell = ws.getCell(top + r, left + c);
      cell.border = BORDER;
      cell.font = { name: CJK_SERIF, size: FONT_SIZE };
    }
  }
  for (const g of grid.cells) {
    const cell = ws.getCell(top + g.row, left + g.col);
    if (g.rowSpan > 1 || g.colSpan > 1) {
      ws.mergeCells(top + g.row, left + g.col, top + g.row + g.rowSpan - 1, left + g.col + g.colSpan - 1);
    }
    if (g.kind === 'value') {
      cell.value = g.value ?? 0;
      cell.numFmt = NUM_FMT[g.format ?? 'count'];
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
    } else {
      cell.value = g.text;
      const left = g.kind === 'label' && g.rowSpan === 1 && grid.table === 'requests';
      cell.alignment = {
        horizontal: left ? 'left' : 'center',
        vertical: 'middle',
        wrapText: true,
        ...(left && { indent: 1 }),
      };
      if (g.kind === 'header') cell.font = { name: CJK_SERIF, size: FONT_SIZE, bold: true };
    }
  }
  const heights = rowHeights(grid, widths);
  heights.forEach((h, r) => {
    ws.getRow(top + r).height = h;
  });
}

/** Row heights (points) so that wrapped labels show in full; merged cells share their rows' height. */
function rowHeights(grid: TableGrid, widths: readonly number[]): number[] {
  const lines = (g: GridCell) => {
    let width = -0.8;
    for (let c = g.col; c < g.col + g.colSpan; c++) width += widths[c] ?? 8;
    return Math.max(1, Math.ceil(textWidth(g.text) / Math.max(width, 1)));
  };
  const heights = Array.from({ length: grid.height }, () => LINE_HEIGHT + 6);
  for (const g of grid.cells.filter((x) => x.rowSpan === 1)) {
    heights[g.row] = Math.max(heights[g.row]!, lines(g) * LINE_HEIGHT + 6);
  }
  for (const g of grid.cells.filter((x) => x.rowSpan > 1)) {
    const need = lines(g) * LINE_HEIGHT + 6;
    const have = heights.slice(g.row, g.row + g.rowSpan).reduce((a, b) => a + b, 0);
    if (have < need) {
      for (let r = g.row; r < g.row + g.rowSpan; r++) heights[r] = heights[r]! + (need - have) / g.rowSpan;
    }
  }
  return heights.map((h) => Math.round(h * 10) / 10);
}

/** A simple framed list: header row, then rows of label and number cells. */
function listTable(
  ws: ExcelJS.Worksheet,
  top: number,
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  numFmt = '0',
): number {
  headers.forEach((h, i) => {
    const cell = ws.getCell(top, i + 1);
    cell.value = h;
    cell.font = { name: CJK_SERIF, size: FONT_SIZE, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  ws.getRow(top).height = 20;
  rows.forEach((row, r) => {
    row.forEach((v, i) => {
      const cell = ws.getCell(top + 1 + r, i + 1);
      cell.value = v;
      cell.font = { name: CJK_SERIF, size: FONT_SIZE };
      cell.border = BORDER;
      if (typeof v === 'number') {
        cell.numFmt = numFmt;
        cell.alignment = { horizontal: 'center', vertical: 'middle' };
      } else cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    });
  });
  return top + rows.length + 1;
}

function sectionTitle(ws: ExcelJS.Worksheet, row: number, text: string, width: number): void {
  ws.mergeCells(row, 1, row, width);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: CJK_SANS, size: 11, bold: true };
  ws.getRow(row).height = 20;
}

function channelsSheet(wb: ExcelJS.Workbook, model: ReportModel, stats: AgencyYearStatistics): void {
  const ws = listSheet(
    wb,
    model,
    EXTRA_SHEET_NAMES.channels,
    '本年新收政府信息公开申请（按申请渠道）',
    [24, 14],
  );
  const by = stats.extras.requestsByChannel;
  const rows = CHANNELS.map((c) => [CHANNEL_LABELS[c], by[c] ?? 0] as const);
  listTable(
    ws,
    GRID_TOP,
    ['申请渠道', '申请数量（件）'],
    [...rows, ['合计', rows.reduce((n, [, v]) => n + v, 0)]],
  );
}

function disclosuresSheet(wb: ExcelJS.Workbook, model: ReportModel, stats: AgencyYearStatistics): void {
  const heading = '本年主动公开政府信息（按类别和公开渠道）';
  const ws = listSheet(wb, model, EXTRA_SHEET_NAMES.disclosures, heading, [28, 14]);
  const d = stats.extras.disclosures;
  const categories = Object.entries(d.byCategory).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  let row = listTable(ws, GRID_TOP, ['信息类别', '公开数量（条）'], [...categories, ['合计', d.total]]);
  row += 1;
  sectionTitle(ws, row, '按公开渠道（同一信息在多个渠道公开的分别计算）', 2);
  listTable(
    ws,
    row + 1,
    ['公开渠道', '公开数量（条）'],
    PUBLICATION_CHANNELS.map((c) => [PUBLICATION_CHANNEL_LABELS[c], d.byChannel[c] ?? 0] as const),
  );
}

function postsSheet(wb: ExcelJS.Workbook, model: ReportModel, stats: AgencyYearStatistics): void {
  const ws = listSheet(wb, model, EXTRA_SHEET_NAMES.posts, '本年政府信息公开平台发布信息', [22, 24, 14]);
  const p = stats.extras.posts;
  let row = listTable(
    ws,
    GRID_TOP,
    ['发布渠道', '发布数量（条）'],
    [
      ...PUBLICATION_CHANNELS.map((c) => [PUBLICATION_CHANNEL_LABELS[c], p.byChannel[c] ?? 0] as const),
      ['合计', p.total],
    ],
  );
  row += 1;
  sectionTitle(ws, row, '按栏目（未注明栏目的发布只计入上表）', 3);
  const columns: (readonly [string, string, number])[] = [];
  for (const channel of PUBLICATION_CHANNELS) {
    const byColumn = p.byColumn[channel];
    if (!byColumn) continue;
    for (const [name, n] of Object.entries(byColumn).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))) {
      columns.push([PUBLICATION_CHANNEL_LABELS[channel], name, n]);
    }
  }
  listTable(ws, row + 1, ['发布渠道', '栏目', '发布数量（条）'], columns.length ? columns : [['无', '', 0]]);
}

function timelinessSheet(wb: ExcelJS.Workbook, model: ReportModel, stats: AgencyYearStatistics): void {
  const ws = listSheet(wb, model, EXTRA_SHEET_NAMES.timeliness, '本年办结申请的办理时效', [40, 16]);
  const days = stats.extras.processingDays;
  const rows: (readonly [string, number | string])[] = [
    ['本年办结申请（件）', days.decided],
    ['自收到申请至作出答复的自然日数：中位数', days.median ?? '无'],
    ['自收到申请至作出答复的自然日数：最长', days.max ?? '无'],
  ];
  const end = listTable(ws, GRID_TOP, ['项目', '数值'], rows);
  const t = model.timeliness;
  if (t) {
    const share = ws.getCell(end, 1);
    share.value = '在法定期限内答复的比例';
    const shareValue = ws.getCell(end, 2);
    shareValue.value = t.shareOnTime;
    shareValue.numFmt = '0.0%';
    const median = ws.getCell(end + 1, 1);
    median.value = '答复用时中位数（工作日）';
    const medianValue = ws.getCell(end + 1, 2);
    medianValue.value = t.medianWorkingDays ?? '无';
    medianValue.numFmt = '0.0';
    for (const cell of [share, shareValue, median, medianValue]) {
      cell.border = BORDER;
      cell.font = { name: CJK_SERIF, size: FONT_SIZE };
      cell.alignment = {
        horizontal: cell === share || cell === median ? 'left' : 'center',
        vertical: 'middle',
      };
    }
  }
}

function findingsSheet(wb: ExcelJS.Workbook, model: ReportModel): void {
  const heading = model.draft ? `校验发现（存在错误的报告只能作为${DRAFT_MARK}，不得发布）` : '校验发现';
  const ws = listSheet(wb, model, EXTRA_SHEET_NAMES.findings, heading, [26, 10, 60, 60], true);
  const rows = model.findings.map(
    (f) => [f.ruleId, f.severityLabel, f.message, f.cellLabels.join('\n')] as const,
  );
  listTable(
    ws,
    GRID_TOP,
    ['规则', '严重程度', '说明', '涉及单元格'],
    rows.length ? rows : [['无', '', '', '']],
  );
  model.findings.forEach((f, i) => {
    const row = ws.getRow(GRID_TOP + 1 + i);
    const lines = Math.max(
      f.cellLabels.length,
      Math.ceil(textWidth(f.message) / 58),
      ...f.cellLabels.map((l) => Math.ceil(textWidth(l) / 58)),
    );
    row.height = Math.max(1, lines) * LINE_HEIGHT + 6;
    if (f.severity === 'error')
      row.getCell(2).font = { name: CJK_SERIF, size: FONT_SIZE, color: { argb: 'FFC00000' } };
  });
}
