/**
 * The printed layout of the three national tables, derived from the format data: every cell with its
 * position and merge (rowSpan / colSpan) on the format's grid. Each renderer (xlsx, html, docx) draws
 * this grid; none of them knows the layout by itself. Positions are zero-based; covered cells of a
 * merge are not listed (as in HTML).
 */
import {
  byRuntimeIds,
  type FormatColumn,
  type FormatRow,
  type FormatTable,
  type FormatVersion,
  getTable,
  type TableId,
  type TableValues,
} from '../formats/index.ts';

export type GridCellKind = 'header' | 'label' | 'value';
/** How a value prints: counts as integers, money with a fixed number of decimals. */
export type ValueFormat = 'count' | 'wan_yuan' | 'yuan';

/** Money is printed with this many decimals (万元 and 元 alike). */
export const MONEY_DECIMALS = 2;

export interface GridCellRef {
  readonly table: TableId;
  readonly row: string;
  readonly column: string;
}

export interface GridCell {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly kind: GridCellKind;
  /** The label, or the printed value (0 printed, never blank). */
  readonly text: string;
  readonly value?: number;
  readonly format?: ValueFormat;
  readonly ref?: GridCellRef;
}

export interface TableGrid {
  readonly table: TableId;
  readonly format: FormatVersion;
  readonly heading: string;
  readonly width: number;
  readonly height: number;
  /** Rows at the top that only hold column headers. */
  readonly headerRows: number;
  readonly cells: readonly GridCell[];
}

export function valueFormatOf(column: string): ValueFormat {
  if (column === 'amount_wan_yuan') return 'wan_yuan';
  if (column === 'amount_yuan') return 'yuan';
  return 'count';
}

export function formatValue(value: number, format: ValueFormat): string {
  return format === 'count' ? String(value) : value.toFixed(MONEY_DECIMALS);
}

/** The grid of one national table filled with `values` (missing cells print 0). */
export function tableGrid(version: FormatVersion, tableId: TableId, values: TableValues): TableGrid {
  const table = getTable(version, tableId);
  const cells: GridCell[] = [];
  const valueCell = (row: number, col: number, colSpan: number, rowId: string, column: string): GridCell => {
    const value = byRuntimeIds(values)[rowId]?.[column] ?? 0;
    const format = valueFormatOf(column);
    return {
      row,
      col,
      rowSpan: 1,
      colSpan,
      kind: 'value',
      text: formatValue(value, format),
      value,
      format,
      ref: { table: tableId, row: rowId, column },
    };
  };
  const build = tableId === 'proactive' ? proactive : tableId === 'requests' ? requests : reviews;
  const { height, headerRows } = build(table, cells, valueCell);
  return {
    table: tableId,
    format: version,
    heading: table.heading,
    width: table.grid.width,
    height,
    headerRows,
    cells,
  };
}

type ValueCellFn = (row: number, col: number, colSpan: number, rowId: string, column: string) => GridCell;
type Builder = (
  table: FormatTable,
  cells: GridCell[],
  valueCell: ValueCellFn,
) => { height: number; headerRows: number };

const header = (row: number, col: number, rowSpan: number, colSpan: number, text: string): GridCell => ({
  row,
  col,
  rowSpan,
  colSpan,
  kind: 'header',
  text,
});
const label = (row: number, col: number, rowSpan: number, colSpan: number, text: string): GridCell => ({
  row,
  col,
  rowSpan,
  colSpan,
  kind: 'label',
  text,
});

/** n value columns over the 3 value columns of the grid: the last one takes what is left. */
function valueSpans(n: number, available: number): number[] {
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? 1 : available - (n - 1)));
}

/** 表二: blocks of a 第二十条第（x）项 title row (full width), a 信息内容 header row, then data rows. */
const proactive: Builder = (table, cells, valueCell) => {
  const width = table.grid.width;
  let r = 0;
  for (const section of table.rows.filter((row) => row.kind === 'section')) {
    cells.push(header(r, 0, 1, width, section.label));
    r += 1;
    const [first = '信息内容', ...labels] = section.header_cells ?? [];
    const spans = valueSpans(labels.length, width - 1);
    cells.push(header(r, 0, 1, 1, first));
    let c = 1;
    labels.forEach((text, i) => {
      cells.push(header(r, c, 1, spans[i]!, text));
      c += spans[i]!;
    });
    r += 1;
    for (const row of table.rows.filter((x) => x.parent === section.id && x.kind !== 'section')) {
      cells.push(label(r, 0, 1, 1, row.label));
      let col = 1;
      row.columns.forEach((column, i) => {
        cells.push(valueCell(r, col, spans[i]!, row.id, column));
        col += spans[i]!;
      });
      r += 1;
    }
  }
  return { height: r, headerRows: 0 };
};

/** 表三 (依申请): a column tree over 3 header rows, and a row tree over 3 label columns. */
const requests: Builder = (table, cells, valueCell) => {
  const columns = table.columns ?? [];
  const leaves = table.leaf_columns ?? [];
  const labelColumns = table.grid.label_columns ?? 3;
  const byId = new Map(columns.map((c) => [c.id, c]));
  const depthOf = (c: FormatColumn): number => (c.parent ? 1 + depthOf(byId.get(c.parent)!) : 1);
  const isUnder = (leaf: string, ancestor: string): boolean => {
    let node = byId.get(leaf);
    while (node) {
      if (node.id === ancestor) return true;
      node = node.parent ? byId.get(node.parent) : undefined;
    }
    return false;
  };
  const headerRows = Math.max(...columns.map(depthOf));
  cells.push(header(0, 0, headerRows, labelColumns, table.corner_cell ?? ''));
  for (const column of columns) {
    const under = leaves.filter((leaf) => isUnder(leaf, column.id));
    const depth = depthOf(column);
    const isLeaf = leaves.includes(column.id);
    const col = labelColumns + leaves.indexOf(under[0]!);
    cells.push(header(depth - 1, col, isLeaf ? headerRows - depth + 1 : 1, under.length, column.label));
  }

  const rowsById = new Map(table.rows.map((row) => [row.id, row]));
  const rowDepth = (row: FormatRow): number => (row.parent ? 1 + rowDepth(rowsById.get(row.parent)!) : 1);
  const isValueRow = (row: FormatRow) => row.kind === 'data' || row.kind === 'total';
  const descendants = (row: FormatRow): number =>
    table.rows
      .filter((x) => x.parent === row.id)
      .reduce((n, x) => n + (isValueRow(x) ? 1 : descendants(x)), 0);
  let line = headerRows;
  for (const row of table.rows) {
    const depth = rowDepth(row);
    if (isValueRow(row)) {
      cells.push(label(line, depth - 1, 1, labelColumns - depth + 1, row.label));
      leaves.forEach((column, i) => {
        cells.push(valueCell(line, labelColumns + i, 1, row.id, column));
      });
      line += 1;
    } else {
      cells.push(label(line, depth - 1, descendants(row), 1, row.label));
    }
  }
  return { height: line, headerRows };
};

/** 表四 (复议诉讼): 3 header rows over 15 columns, then one data row holding the three logical rows. */
const reviews: Builder = (table, cells, valueCell) => {
  const groups = table.column_groups ?? [];
  const leaves = table.leaf_columns ?? [];
  const leafLabel = (id: string) => table.columns?.find((c) => c.id === id)?.label ?? id;
  const headerRows = 3;
  let col = 0;
  for (const group of groups.filter((g) => g.parent === null)) {
    const children = groups.filter((g) => g.parent === group.id);
    const parts = children.length > 0 ? children : [group];
    cells.push(header(0, col, 1, leaves.length * parts.length, group.label));
    for (const part of parts) {
      if (part !== group) cells.push(header(1, col, 1, leaves.length, part.label));
      const leafRow = part === group ? 1 : 2;
      leaves.forEach((leaf, i) => {
        cells.push(header(leafRow, col + i, headerRows - leafRow, 1, leafLabel(leaf)));
        cells.push(valueCell(headerRows, col + i, 1, part.id, leaf));
      });
      col += leaves.length;
    }
  }
  return { height: headerRows + 1, headerRows };
};
