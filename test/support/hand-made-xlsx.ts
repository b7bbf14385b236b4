/** Writes national tables into a workbook the way a person would in Excel or WPS (test support). */
import type ExcelJS from 'exceljs';
import type { GridCellRef, TableGrid } from '../../shared/domain/report/index.ts';

export interface HandOptions {
  /** Merge cells as the template does (false: the label only in the first cell of the span). */
  readonly merge: boolean;
  /** Leave cells holding 0 empty. */
  readonly blankZeros: boolean;
  /** How the person typed a label. */
  readonly label?: (text: string) => string;
  /** Vertically spanning header labels typed in the bottom cell instead of the top one. */
  readonly headerAtBottom?: boolean;
  /** Values typed as text (e.g. '1,288', '3001件'). */
  readonly asText?: (value: number) => string | null;
}

/** Writes a table the way a person would in Excel or WPS, at any offset; returns the blank cells. */
export function writeByHand(
  ws: ExcelJS.Worksheet,
  grid: TableGrid,
  top: number,
  left: number,
  opts: HandOptions,
): GridCellRef[] {
  const blanks: GridCellRef[] = [];
  for (const g of grid.cells) {
    const row = top + (opts.headerAtBottom && g.kind === 'header' ? g.row + g.rowSpan - 1 : g.row);
    const cell = ws.getCell(row, left + g.col);
    if (opts.merge && (g.rowSpan > 1 || g.colSpan > 1)) {
      ws.mergeCells(top + g.row, left + g.col, top + g.row + g.rowSpan - 1, left + g.col + g.colSpan - 1);
    }
    if (g.kind !== 'value') {
      cell.value = opts.label ? opts.label(g.text) : g.text;
      continue;
    }
    const value = g.value ?? 0;
    if (value === 0 && opts.blankZeros) {
      blanks.push(g.ref!);
      continue;
    }
    cell.value = opts.asText?.(value) ?? value;
  }
  return blanks;
}
