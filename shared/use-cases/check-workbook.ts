/**
 * Checks a filled-in national-format workbook — ours, or one made by hand in Excel or WPS — with the
 * consistency rules: the tables are found by their labels, blanks read as 0, and every rule runs.
 */
import {
  emptyTables,
  type FormatVersion,
  TABLE_IDS,
  type TableId,
  type Tables,
} from '../domain/formats/index.ts';
import { runRules } from '../domain/rules/index.ts';
import type { Finding } from '../domain/statistics/types.ts';
import { invalidArgument } from '../errors.ts';

export interface WorkbookCheck {
  readonly format: FormatVersion;
  /** Each table's layout, when the workbook mixes them (else every table has `format`). */
  readonly formats: Readonly<Record<TableId, FormatVersion>>;
  readonly tablesFound: readonly TableId[];
  readonly findings: readonly Finding[];
  readonly warnings: readonly string[];
  /** How many value cells were blank (read as 0). */
  readonly blankCells: number;
  /** True when some table was found and no finding is an error. */
  readonly passed: boolean;
}

/** What the check needs of a workbook reader (shared/render/read-xlsx.ts: `readXlsx`, passed in). */
export type ReadWorkbook = (
  bytes: Uint8Array,
  options: { year?: number },
) => Promise<{
  readonly format: FormatVersion;
  readonly formats: Readonly<Record<TableId, FormatVersion>>;
  readonly found: Readonly<Partial<Record<TableId, unknown>>>;
  readonly tables: Tables;
  readonly warnings: readonly string[];
  readonly blanks: readonly unknown[];
}>;

export async function checkWorkbook(
  readWorkbook: ReadWorkbook,
  bytes: Uint8Array,
  options: { year?: number } = {},
): Promise<WorkbookCheck> {
  const read = await readWorkbook(bytes, options.year === undefined ? {} : { year: options.year }).catch(
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidArgument(
        `this file is not an xlsx workbook (${reason}); an older .xls or another format must be saved as .xlsx first`,
      );
    },
  );
  const tablesFound = (Object.keys(read.found) as TableId[]).sort();
  const year = options.year ?? (read.format === '2021' ? 2021 : 2019);
  // Each layout's rules on the tables read in it (a workbook may mix them); a finding about no table in
  // particular comes from the workbook's own layout.
  const findings: Finding[] = [];
  if (tablesFound.length > 0) {
    for (const format of new Set(Object.values(read.formats))) {
      const ids = TABLE_IDS.filter((id) => read.formats[id] === format);
      const tables = {
        ...emptyTables(format),
        ...Object.fromEntries(ids.map((id) => [id, read.tables[id]])),
      };
      for (const finding of runRules({ year, format, tables })) {
        const mine =
          finding.cells.length === 0
            ? format === read.format
            : finding.cells.every((c) => ids.includes(c.table));
        if (mine) findings.push(finding);
      }
    }
  }
  const warnings = [...read.warnings];
  if (tablesFound.length === 0)
    warnings.unshift('no national table was found in this workbook (looked for their labels)');
  return {
    format: read.format,
    formats: read.formats,
    tablesFound,
    findings,
    warnings,
    blankCells: read.blanks.length,
    passed: tablesFound.length > 0 && findings.every((f) => f.severity !== 'error'),
  };
}
