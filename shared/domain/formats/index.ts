import { FORMAT_2019 } from './format-2019.ts';
import { FORMAT_2021 } from './format-2021.ts';
import type { FormatRow, FormatTable, NationalFormat } from './types.ts';

export type { BodySection, FormatColumn, FormatRow, FormatTable, NationalFormat, RowKind } from './types.ts';

export type FormatVersion = '2019' | '2021';
export type TableId = 'proactive' | 'requests' | 'reviews';
export const TABLE_IDS: readonly TableId[] = ['proactive', 'requests', 'reviews'];

const FORMATS: Record<FormatVersion, NationalFormat> = { '2019': FORMAT_2019, '2021': FORMAT_2021 };

/**
 * The first report year of the national formats (国办公开办函〔2019〕60号: the 2019 and 2020 reports); a
 * report of an earlier year followed the format of the 2008 条例, which Gongkai does not print. Statistics
 * of earlier years are still counted (in the 2019 tables), for the requests they carry over.
 */
export const FIRST_REPORT_YEAR = 2019;

/** The 2021 revision applies to reports of 2021 onward; the 2019 trial format before. */
export function formatVersionForYear(year: number): FormatVersion {
  return year >= 2021 ? '2021' : '2019';
}

export function getFormat(version: FormatVersion): NationalFormat {
  return FORMATS[version];
}

export function getTable(version: FormatVersion, table: TableId): FormatTable {
  const found = FORMATS[version].tables.find((t) => t.id === table);
  if (!found) throw new Error(`format ${version} has no table ${table}`);
  return found;
}

/** Rows that carry values: data rows and total rows (section and group rows only label). */
export function valueRows(table: FormatTable): readonly FormatRow[] {
  return table.rows.filter((r) => r.kind === 'data' || r.kind === 'total');
}

/** The rows of `requests` that are outcomes (办理结果 data rows, without （七）总计). */
export function outcomeRows(version: FormatVersion): readonly FormatRow[] {
  const table = getTable(version, 'requests');
  const underDecided = (row: FormatRow): boolean => {
    let parent = row.parent;
    while (parent) {
      if (parent === 'decided') return true;
      parent = table.rows.find((r) => r.id === parent)?.parent ?? null;
    }
    return false;
  };
  return table.rows.filter((r) => r.kind === 'data' && underDecided(r));
}

type FormatData = typeof FORMAT_2019 | typeof FORMAT_2021;
type TableData<T extends TableId> = Extract<FormatData['tables'][number], { readonly id: T }>;
type ValueRowData<T extends TableId> = Extract<
  TableData<T>['rows'][number],
  { readonly kind: 'data' | 'total' }
>;
/** The value row ids of a table in either format, from the format data (a typo does not compile). */
export type RowId<T extends TableId = TableId> = ValueRowData<T>['id'];
/** The column ids of a table's value rows in either format. */
export type ColumnId<T extends TableId = TableId> = ValueRowData<T>['columns'][number];
/** The section ids of the report body (一、… 六、) in either format. */
export type SectionId = FormatData['body_sections'][number]['id'];

/**
 * A table of numbers keyed `[rowId][columnId]`: every value row and column of its format is present, so a
 * row or column of the other format only may be missing. Ids known only at run time (a format's rows, a
 * spreadsheet's cells) go through `byRuntimeIds`.
 */
export type TableValues<T extends TableId = TableId> = { [R in RowId<T>]?: { [C in ColumnId<T>]?: number } };
export type Tables = { [T in TableId]: TableValues<T> };

/** The same table keyed by ids known only at run time: the one place the typed ids are let go. */
export type RuntimeTableValues = Record<string, Record<string, number>>;
export function byRuntimeIds(values: TableValues): RuntimeTableValues {
  return values as RuntimeTableValues;
}

/** Every value row and column of a format's tables, set to zero. */
export function emptyTables(version: FormatVersion): Tables {
  const tables = {} as Tables;
  for (const id of TABLE_IDS) {
    const values: RuntimeTableValues = {};
    for (const row of valueRows(getTable(version, id))) {
      values[row.id] = Object.fromEntries(row.columns.map((c) => [c, 0]));
    }
    tables[id] = values;
  }
  return tables;
}
