/** Real published reports kept as fixtures, turned into synthesizer targets. */
import { readFileSync } from 'node:fs';
import type { ReportTarget } from './synthesize.ts';

interface CaseFile {
  readonly year: number;
  readonly tables: ReportTarget['tables'];
}

export function loadCase(name: string, agencyId: string, extras?: ReportTarget['extras']): ReportTarget {
  const file = JSON.parse(
    readFileSync(new URL(`../fixtures/cases/${name}.json`, import.meta.url), 'utf8'),
  ) as CaseFile;
  return { agencyId, year: file.year, tables: file.tables, ...(extras ? { extras } : {}) };
}

/** Every printed cell of a case table, as numbers (blank = 0), for cell-by-cell comparison. */
export function printedCells(
  tables: ReportTarget['tables'],
): { table: string; row: string; column: string; value: number }[] {
  const out: { table: string; row: string; column: string; value: number }[] = [];
  for (const [table, rows] of Object.entries(tables)) {
    for (const [row, cells] of Object.entries(rows ?? {})) {
      for (const [column, value] of Object.entries(cells)) {
        if (typeof value === 'string') continue; // printed forms such as "fee_amount_as_printed"
        out.push({ table, row, column, value: value ?? 0 });
      }
    }
  }
  return out;
}
