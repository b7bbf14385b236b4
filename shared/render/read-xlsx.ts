/**
 * Reads a filled-in national-format workbook back into tables: the one renderXlsx writes, or one made by
 * hand in Excel or WPS with its own sheet names, offsets, merges or none, and blank cells. Tables, rows
 * and columns are found by their labels (whitespace, half/full-width forms and quotes ignored), never by
 * position. A blank value cell reads as 0 and is listed in `blanks`.
 *
 * The layout (2019 or 2021) is decided for the workbook by its labels, then for each table by the labels
 * only one layout has: real reports mix them (a 2023 report printing the 2019 主动公开 table beside the
 * 2021 依申请公开 table), and each table is read, and checked, in its own layout (`formats`).
 */
import ExcelJS from 'exceljs';
import {
  byRuntimeIds,
  emptyTables,
  type FormatRow,
  type FormatVersion,
  formatVersionForYear,
  getTable,
  TABLE_IDS,
  type TableId,
  type Tables,
  valueRows,
} from '../domain/formats/index.ts';
import type { GridCellRef } from '../domain/report/index.ts';

export interface ReadXlsxOptions {
  /** The report year, used to choose the format when the workbook's labels do not tell. */
  readonly year?: number;
}

export interface FoundTable {
  readonly sheet: string;
  /** 1-based row and column of the table's anchor label. */
  readonly row: number;
  readonly col: number;
}

export interface ReadXlsxResult {
  /** The workbook's layout (what most of its labels say). */
  readonly format: FormatVersion;
  /** Each table's layout: the workbook's, unless the table's own labels say the other. */
  readonly formats: Readonly<Record<TableId, FormatVersion>>;
  /** Each table as read in its own layout. */
  readonly tables: Tables;
  /** Value cells that were empty in the workbook (read as 0). */
  readonly blanks: readonly GridCellRef[];
  readonly warnings: readonly string[];
  readonly found: Partial<Record<TableId, FoundTable>>;
}

/** Label comparison form: NFKC (full-width brackets, digits, colons → ASCII), no whitespace, no quotes. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/gu, '')
    .replace(/["'“”‘’「」『』〝〞]/gu, '')
    .replace(/[‐‑–—－]/gu, '-');
}

/** A looser form: without the enumerator at the start (`(一)`, `一、`, `1.`, `1、`). */
export function looseLabel(text: string): string {
  return normalizeLabel(text).replace(
    /^(\(?[一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\(?\d+[).、])/u,
    '',
  );
}

interface SheetCell {
  readonly r: number;
  readonly c: number;
  readonly value: ExcelJS.CellValue;
  readonly text: string;
  readonly norm: string;
}

class SheetIndex {
  readonly cells = new Map<string, SheetCell>();
  readonly byRow = new Map<number, SheetCell[]>();

  constructor(readonly ws: ExcelJS.Worksheet) {
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const text = cellText(cell.value);
        const entry: SheetCell = { r, c, value: cell.value, text, norm: normalizeLabel(text) };
        this.cells.set(`${r}:${c}`, entry);
        const list = this.byRow.get(r) ?? [];
        list.push(entry);
        this.byRow.set(r, list);
      });
    });
    for (const list of this.byRow.values()) list.sort((a, b) => a.c - b.c);
  }

  at(r: number, c: number): SheetCell | undefined {
    return this.cells.get(`${r}:${c}`);
  }

  row(r: number): readonly SheetCell[] {
    return this.byRow.get(r) ?? [];
  }

  /** Cells whose normalized text equals one of `labels`. */
  find(label: string): SheetCell[] {
    const norm = normalizeLabel(label);
    return [...this.cells.values()].filter((x) => x.norm === norm).sort((a, b) => a.r - b.r || a.c - b.c);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  return '';
}

type Parsed = { kind: 'number'; value: number } | { kind: 'blank' } | { kind: 'text'; text: string };

/** A value cell: a number, a number written as text ("251000元", "1,234"), blank, or unreadable text. */
function parseValue(value: ExcelJS.CellValue | undefined): Parsed {
  if (value === null || value === undefined) return { kind: 'blank' };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'object' && !(value instanceof Date) && 'result' in value) {
    return parseValue((value.result ?? null) as ExcelJS.CellValue);
  }
  const text = normalizeLabel(cellText(value)).replace(/[,，]/gu, '');
  if (text === '' || /^[-/\\—–]+$/u.test(text) || text === '无') return { kind: 'blank' };
  const m = /^([+-]?\d+(?:\.\d+)?)(?:件|个|项|条|元|万元|%)?$/u.exec(text);
  if (m) return { kind: 'number', value: Number(m[1]) };
  return { kind: 'text', text: cellText(value) };
}

const FORMAT_MARKERS: Record<FormatVersion, readonly string[]> = {
  '2021': [
    '本年制发件数',
    '本年废止件数',
    '现行有效件数',
    '本年处理决定数量',
    '本年收费金额（单位：万元）',
    '行政规范性文件',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  ],
  '2019': [
    '本年新制作数量',
    '本年新公开数量',
    '对外公开总数量',
    '上一年项目数量',
    '本年增/减',
    '处理决定数量',
    '其他对外管理服务事项',
    '第二十条第（九）项',
    '政府集中采购',
  ],
};

/** Reads a workbook file (xlsx bytes). */
export async function readXlsx(
  data: Buffer | Uint8Array | ArrayBuffer,
  opts: ReadXlsxOptions = {},
): Promise<ReadXlsxResult> {
  const wb = new ExcelJS.Workbook();
  const bytes =
    data instanceof ArrayBuffer
      ? data
      : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  await wb.xlsx.load(bytes as ArrayBuffer);
  return readWorkbook(wb, opts);
}

/** Reads a loaded workbook. */
export function readWorkbook(wb: ExcelJS.Workbook, opts: ReadXlsxOptions = {}): ReadXlsxResult {
  const sheets = wb.worksheets.map((ws) => new SheetIndex(ws));
  const texts = new Set<string>();
  for (const sheet of sheets) {
    for (const cell of sheet.cells.values()) {
      texts.add(cell.norm);
      // A long label typed without its enumerator still counts (a short one, like 其他, is too common).
      const loose = looseLabel(cell.text);
      if (loose.length >= LOOSE_LABEL_MIN) texts.add(loose);
    }
  }
  const warnings: string[] = [];
  const format = detectFormat(texts, opts, warnings);
  const formats = Object.fromEntries(TABLE_IDS.map((id) => [id, tableFormat(id, format, texts)])) as Record<
    TableId,
    FormatVersion
  >;
  const readers = new Map<FormatVersion, TableReader>();
  const readerOf = (id: TableId) => {
    const version = formats[id];
    const reader = readers.get(version) ?? new TableReader(version, warnings);
    readers.set(version, reader);
    return reader;
  };
  const found: Partial<Record<TableId, FoundTable>> = {};
  const tables = emptyTables(format);
  const blanks: GridCellRef[] = [];
  for (const id of TABLE_IDS) {
    const reader = readerOf(id);
    if (formats[id] !== format) {
      warnings.push(`${getTable(formats[id], id).heading}的表格是${formats[id]}年版格式：按该版读取和校验`);
    }
    const before = reader.blanks.length;
    const at = sheets.map((sheet) => reader[id](sheet)).find((x) => x !== null);
    if (at) found[id] = at;
    else {
      warnings.push(`未找到${getTable(formats[id], id).heading}的表格：该表按全部为空读取`);
      for (const row of valueRows(getTable(formats[id], id))) {
        for (const column of row.columns) reader.blanks.push({ table: id, row: row.id, column });
      }
    }
    tables[id] = reader.tables[id];
    blanks.push(...reader.blanks.slice(before));
  }
  return { format, formats, tables, blanks, warnings, found };
}

const LOOSE_LABEL_MIN = 6;

/** The labels of a table in one layout (rows, and the 主动公开 blocks' column headers), normalized. */
function tableLabels(version: FormatVersion, id: TableId): Set<string> {
  const table = getTable(version, id);
  const labels = table.rows.flatMap((r) => [r.label, ...(r.header_cells ?? []).slice(1)]);
  return new Set(labels.map(normalizeLabel));
}

/**
 * A table's layout: the one whose own labels (those the other layout lacks) the workbook holds more of.
 * Where one layout's table is the other's minus some rows (依申请公开: 2019 has no 其他处理 sub-rows), a
 * table that is there without any of those rows is the smaller layout's.
 */
function tableFormat(id: TableId, workbook: FormatVersion, texts: ReadonlySet<string>): FormatVersion {
  const other: FormatVersion = workbook === '2021' ? '2019' : '2021';
  const labels = { [workbook]: tableLabels(workbook, id), [other]: tableLabels(other, id) };
  const own = (v: FormatVersion, w: FormatVersion) => [...labels[v]!].filter((l) => !labels[w]!.has(l));
  const present = (list: readonly string[]) =>
    list.filter((l) => texts.has(l) || (looseLabel(l).length >= LOOSE_LABEL_MIN && texts.has(looseLabel(l))))
      .length;
  const ownWorkbook = own(workbook, other);
  const ownOther = own(other, workbook);
  if (present(ownOther) > present(ownWorkbook)) return other;
  const shared = [...labels[workbook]!].filter((l) => labels[other]!.has(l));
  const smallerOther = ownOther.length === 0 && ownWorkbook.length > 0;
  if (smallerOther && present(ownWorkbook) === 0 && present(shared) > 0) return other;
  return workbook;
}

function detectFormat(texts: ReadonlySet<string>, opts: ReadXlsxOptions, warnings: string[]): FormatVersion {
  const score = (v: FormatVersion) => FORMAT_MARKERS[v].filter((m) => texts.has(normalizeLabel(m))).length;
  const s21 = score('2021');
  const s19 = score('2019');
  if (s21 > s19) return '2021';
  if (s19 > s21) return '2019';
  const fallback = opts.year !== undefined ? formatVersionForYear(opts.year) : '2021';
  warnings.push(`表格标签不能确定格式版本，按${fallback}年版格式读取`);
  return fallback;
}

class TableReader {
  readonly tables: Tables;
  readonly blanks: GridCellRef[] = [];

  constructor(
    readonly format: FormatVersion,
    readonly warnings: string[],
  ) {
    this.tables = emptyTables(format);
  }

  private put(sheet: SheetIndex, table: TableId, row: string, column: string, r: number, c: number): void {
    const cell = sheet.at(r, c);
    const parsed = parseValue(cell?.value);
    const values = byRuntimeIds(this.tables[table])[row]!;
    if (parsed.kind === 'number') values[column] = parsed.value;
    else {
      values[column] = 0;
      if (parsed.kind === 'blank') this.blanks.push({ table, row, column });
      else {
        const address = `${sheet.ws.name}!${columnName(c)}${r}`;
        this.warnings.push(`${address}的内容“${parsed.text}”不是数字，按0读取`);
      }
    }
  }

  private missingRows(
    table: TableId,
    rows: readonly FormatRow[],
    seen: ReadonlySet<string>,
    sheet: string,
  ): void {
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      this.warnings.push(`工作表“${sheet}”中未找到行“${row.label}”：按空白读取`);
      for (const column of row.columns) this.blanks.push({ table, row: row.id, column });
    }
  }

  /** 依申请公开: the header row holding the five 法人或其他组织 columns, then rows by their labels. */
  requests(sheet: SheetIndex): FoundTable | null {
    const table = getTable(this.format, 'requests');
    const orgs = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];
    let leafRow = 0;
    let orgCols: number[] = [];
    for (const [r, cells] of [...sheet.byRow.entries()].sort(([a], [b]) => a - b)) {
      const cols = orgs.map((label) => cells.find((x) => x.norm === normalizeLabel(label))?.c ?? -1);
      if (cols.every((c, i) => c > 0 && (i === 0 || c > cols[i - 1]!))) {
        leafRow = r;
        orgCols = cols;
        break;
      }
    }
    if (!leafRow) return null;
    const near = (label: string, accept: (c: number) => boolean) => {
      for (let r = leafRow; r >= leafRow - 2 && r > 0; r--) {
        const hit = sheet.row(r).find((x) => x.norm === normalizeLabel(label) && accept(x.c));
        if (hit) return hit.c;
      }
      return undefined;
    };
    const first = orgCols[0]!;
    const last = orgCols[orgCols.length - 1]!;
    let natural = near('自然人', (c) => c < first);
    let total = near('总计', (c) => c > last);
    if (natural === undefined) {
      natural = first - 1;
      this.warnings.push(`工作表“${sheet.ws.name}”中未找到“自然人”列，取“商业企业”左边一列`);
    }
    if (total === undefined) {
      total = last + 1;
      this.warnings.push(`工作表“${sheet.ws.name}”中未找到“总计”列，取“其他”右边一列`);
    }
    const columnAt: Record<string, number> = {
      natural_person: natural,
      commercial: orgCols[0]!,
      research: orgCols[1]!,
      public_interest: orgCols[2]!,
      legal_service: orgCols[3]!,
      other_org: orgCols[4]!,
      total,
    };
    const rows = valueRows(table);
    const match = labelMatcher(rows);
    const seen = new Set<string>();
    const labelLimit = Math.min(natural, first);
    for (let r = leafRow + 1; r <= leafRow + 60 && seen.size < rows.length; r++) {
      const labels = sheet.row(r).filter((x) => x.c < labelLimit && x.norm !== '');
      const own = labels[labels.length - 1];
      if (!own) continue;
      const row = match(own.text);
      if (!row || seen.has(row.id)) continue;
      seen.add(row.id);
      for (const column of row.columns) this.put(sheet, 'requests', row.id, column, r, columnAt[column]!);
    }
    this.missingRows('requests', rows, seen, sheet.ws.name);
    return { sheet: sheet.ws.name, row: leafRow, col: first };
  }

  /** 复议诉讼: 未经复议直接起诉 and 复议后起诉 on one header row; leaf labels below; one data row. */
  reviews(sheet: SheetIndex): FoundTable | null {
    const direct = sheet
      .find('未经复议直接起诉')
      .find((d) => sheet.find('复议后起诉').some((a) => a.r === d.r && a.c > d.c));
    if (!direct) return null;
    const after = sheet.find('复议后起诉').find((a) => a.r === direct.r && a.c > direct.c)!;
    const leaves = getTable(this.format, 'reviews').leaf_columns ?? [];
    const leafLabels = (getTable(this.format, 'reviews').columns ?? []).map((c) => [
      c.id,
      normalizeLabel(c.label),
    ]);
    const leafCols = (rows: number[], from: number, to: number): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of rows) {
        for (const cell of sheet.row(r)) {
          if (cell.c < from || cell.c >= to) continue;
          const id = leafLabels.find(([, label]) => label === cell.norm)?.[0];
          if (id && out[id] === undefined) out[id] = cell.c;
        }
      }
      return out;
    };
    const reconsiderationHeader = sheet.find('行政复议').find((x) => x.r < direct.r && x.c < direct.c);
    const groups: [string, Record<string, number>][] = [
      ['reconsideration', leafCols([direct.r, direct.r + 1], reconsiderationHeader?.c ?? 1, direct.c)],
      ['litigation_direct', leafCols([direct.r + 1], direct.c, after.c)],
      ['litigation_after_reconsideration', leafCols([direct.r + 1], after.c, Number.POSITIVE_INFINITY)],
    ];
    const allCols = groups.flatMap(([, cols]) => Object.values(cols));
    let dataRow = direct.r + 2;
    for (let r = direct.r + 2; r <= direct.r + 4; r++) {
      if (allCols.some((c) => sheet.at(r, c) !== undefined)) {
        dataRow = r;
        break;
      }
    }
    for (const [row, cols] of groups) {
      for (const column of leaves) {
        const c = cols[column];
        if (c === undefined) {
          this.warnings.push(`工作表“${sheet.ws.name}”中未找到复议诉讼表“${row}”的“${column}”列：按空白读取`);
          this.blanks.push({ table: 'reviews', row, column });
        } else this.put(sheet, 'reviews', row, column, dataRow, c);
      }
    }
    return { sheet: sheet.ws.name, row: direct.r, col: direct.c };
  }

  /** 主动公开: each 第二十条第（x）项 block, its header row of column labels, its data rows by label. */
  proactive(sheet: SheetIndex): FoundTable | null {
    const table = getTable(this.format, 'proactive');
    const sections = table.rows.filter((r) => r.kind === 'section');
    const starts = sections.map((s) => sheet.find(s.label)[0]);
    const firstFound = starts.find((s) => s !== undefined);
    if (!firstFound) return null;
    const seen = new Set<string>();
    sections.forEach((section, i) => {
      const start = starts[i];
      if (!start) return;
      const end = starts.slice(i + 1).find((s) => s !== undefined)?.r ?? start.r + 8;
      const dataRows = table.rows.filter((r) => r.parent === section.id);
      // Column labels: on the rows between the block title and its first data row.
      const headerCols = new Map<string, number>();
      for (let r = start.r + 1; r < end; r++) {
        for (const cell of sheet.row(r)) {
          const label = (section.header_cells ?? []).slice(1).find((h) => normalizeLabel(h) === cell.norm);
          if (label && !headerCols.has(label)) headerCols.set(label, cell.c);
        }
      }
      for (const row of dataRows) {
        let at: SheetCell | undefined;
        for (let r = start.r + 1; r < end && !at; r++) {
          at = sheet
            .row(r)
            .find(
              (x) => x.norm === normalizeLabel(row.label) || looseLabel(x.text) === looseLabel(row.label),
            );
        }
        if (!at) continue;
        seen.add(row.id);
        const right = sheet
          .row(at.r)
          .filter((x) => x.c > at.c)
          .map((x) => x.c);
        const labelCols = row.columns.map((_, k) => headerCols.get(row.column_labels?.[k] ?? ''));
        row.columns.forEach((column, k) => {
          const c = labelCols[k];
          if (c === undefined) {
            // No column label: the k-th filled cell to the right of the row label, else the k-th next cell.
            this.put(sheet, 'proactive', row.id, column, at.r, right[k] ?? at.c + 1 + k);
            return;
          }
          // Under a merged header the number may sit in any cell of its span, merged or not.
          const end = labelCols[k + 1] ?? c + 3;
          const filled = right.find((x) => x >= c && x < end);
          this.put(sheet, 'proactive', row.id, column, at.r, filled ?? c);
        });
      }
    });
    this.missingRows('proactive', valueRows(table), seen, sheet.ws.name);
    return { sheet: sheet.ws.name, row: firstFound.r, col: firstFound.c };
  }
}

/** Matches a row label: exact (normalized), else without its enumerator when that is unique. */
function labelMatcher(rows: readonly FormatRow[]): (text: string) => FormatRow | undefined {
  const exact = new Map(rows.map((r) => [normalizeLabel(r.label), r]));
  const loose = new Map<string, FormatRow | null>();
  for (const r of rows) {
    const key = looseLabel(r.label);
    loose.set(key, loose.has(key) ? null : r);
  }
  return (text) => exact.get(normalizeLabel(text)) ?? loose.get(looseLabel(text)) ?? undefined;
}

function columnName(c: number): string {
  let name = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
