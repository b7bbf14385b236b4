import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readXlsx } from '../../shared/render/read-xlsx.ts';
import { checkWorkbook } from '../../shared/use-cases/check-workbook.ts';
import { parseInputFile, parseYear, writeJson } from '../output.ts';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'Check a filled-in national-format xlsx (ours, or one made by hand in Excel or WPS: any sheet names and ' +
        'offsets, blank cells, the 2019 or 2021 layout, even mixed: each table in its own) with the consistency ' +
        'rules. Prints the findings; ' +
        'exits 1 on any error, or when no national table is found.',
    )
    .argument('<file>', 'the .xlsx workbook', parseInputFile)
    .option('--year <yyyy>', 'the report year (chooses the format when the labels do not tell)', parseYear)
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { year?: number; json?: boolean }) => {
      const result = await checkWorkbook(
        readXlsx,
        await readFile(file),
        options.year === undefined ? {} : { year: options.year },
      );
      if (options.json) await writeJson(result);
      else {
        const mixed = Object.entries(result.formats)
          .filter(([, format]) => format !== result.format)
          .map(([table, format]) => `${table} in the ${format} layout`);
        const lines = [
          `${file}: format ${result.format}${mixed.length > 0 ? ` (${mixed.join(', ')})` : ''}; ` +
            `tables found: ${result.tablesFound.join(', ') || 'none'}; ${result.blankCells} blank cell(s) read as 0`,
          ...result.warnings.map((w) => `warning: ${w}`),
          ...result.findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`),
          result.passed ? 'passed' : 'FAILED',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (!result.passed) process.exitCode = 1;
    });
}
