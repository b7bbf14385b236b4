/**
 * Checks a filled-in national-format workbook — ours, or one made by hand in Excel or WPS — with the
 * consistency rules: the tables are found by their labels, blanks read as 0, and every rule runs.
 */
import type { FormatVersion, TableId } from '../domain/formats/index.ts';
import { runRules } from '../domain/rules/index.ts';
import type { Finding } from '../domain/statistics/types.ts';
import { invalidArgument } from '../errors.ts';
import { readXlsx } from '../render/read-xlsx.ts';

export interface WorkbookCheck {
  readonly format: FormatVersion;
  readonly tablesFound: readonly TableId[];
  readonly findings: readonly Finding[];
  readonly warnings: readonly string[];
  /** How many value cells were blank (read as 0). */
  readonly blankCells: number;
  /** True when some table was found and no finding is an error. */
  readonly passed: boolean;
}

export async function checkWorkbook(
  bytes: Uint8Array,
  options: { year?: number } = {},
): Promise<WorkbookCheck> {
  const read = await readXlsx(bytes, options.year === undefined ? {} : { year: options.year }).catch(
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidArgument(
        `this file is not an xlsx workbook (${reason}); an older .xls or another format must be saved as .xlsx first`,
      );
    },
  );
  const tablesFound = (Object.keys(read.found) as TableId[]).sort();
  const year = options.year ?? (read.format === '2021' ? 2021 : 2019);
  const findings =
    tablesFound.length === 0 ? [] : runRules({ year, format: read.format, tables: read.tables });
  const warnings = [...read.warnings];
  if (tablesFound.length === 0)
    warnings.unshift('no national table was found in this workbook (looked for their labels)');
  return {
    format: read.format,
    tablesFound,
    findings,
    warnings,
    blankCells: read.blanks.length,
    passed: tablesFound.length > 0 && findings.every((f) => f.severity !== 'error'),
  };
}
