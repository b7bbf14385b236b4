import type { Command } from 'commander';
import { runPipeline } from '../../infra/local/run-pipeline.ts';
import { createLogger } from '../../shared/adapters/logger.ts';
import { parseInputFile, parseYear, writeJson } from '../output.ts';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Run the whole pipeline on the embedded default in a fresh temporary store — ingest (the real use case), ' +
        'nightly, generate — and write OUT/{agencyId}/{year}/ with statistics.json, report.xlsx, report.html, ' +
        'report.docx, findings.html and manifest.json. Invalid lines are reported as `stats` reports them (exit code 1).',
    )
    .requiredOption('--events <file>', 'JSONL file, one event per line', parseInputFile)
    .requiredOption('--out <dir>', 'where to write the reports')
    .option('--agency <id>', 'only this agency')
    .option('--year <yyyy>', 'only this report year', parseYear)
    .option(
      '--template <file>',
      "report template (JSON, docs/templates.md) for every report; default: the agency's (the demo's for hz-psb), else the national one",
      parseInputFile,
    )
    .option(
      '--narrative <file>',
      "the office's text by slot of the template (JSON), for the --year asked",
      parseInputFile,
    )
    .action(
      async (options: {
        events: string;
        out: string;
        agency?: string;
        year?: number;
        template?: string;
        narrative?: string;
      }) => {
        let invalid = 0;
        const tty = process.stderr.isTTY === true;
        // The reader (and the compiled contract) loads while the store starts (runPipeline).
        const reader = import('../../shared/adapters/event-file.ts');
        reader.catch(() => undefined); // awaited when reading starts
        const result = await runPipeline({
          readEvents: async (onLine, backpressure) => {
            const { describeBadLine, forEachEventLine } = await reader;
            return forEachEventLine(
              options.events,
              (line) => {
                if (!line.ok) {
                  invalid += 1;
                  process.stderr.write(`${describeBadLine(line.line, line.issues)}\n`);
                }
                onLine(line);
              },
              { backpressure },
            );
          },
          out: options.out,
          ...(options.agency === undefined ? {} : { agencyId: options.agency }),
          ...(options.year === undefined ? {} : { year: options.year }),
          ...(options.template === undefined ? {} : { templateFile: options.template }),
          ...(options.narrative === undefined ? {} : { narrativeFile: options.narrative }),
          log: createLogger({ level: 'warn' }),
          progress: (text) => {
            if (tty) process.stderr.write(`\r\x1b[2K${text}`);
          },
        });
        if (tty) process.stderr.write('\r\x1b[2K');
        await writeJson(result);
        if (invalid > 0) {
          process.stderr.write(`${invalid} invalid line(s) skipped\n`);
          process.exitCode = 1;
        }
      },
    );
}
