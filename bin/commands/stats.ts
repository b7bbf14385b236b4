import type { Command } from 'commander';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { describeBadLine, forEachEventLine } from '../event-file.ts';
import { parseYear, writeJson } from '../output.ts';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description(
      'Fold a JSONL file of events into the national tables, per agency and year. Prints {"statistics": [...]} ' +
        'to stdout; invalid lines go to stderr with their line number and reasons (exit code 1).',
    )
    .requiredOption('--events <file>', 'JSONL file, one event per line (read as a stream)')
    .option('--agency <id>', 'only this agency')
    .option('--year <yyyy>', 'only this report year (the entry is printed even with no events)', parseYear)
    .action(async (options: { events: string; agency?: string; year?: number }) => {
      const fold = new StatisticsFold();
      const { invalid } = await forEachEventLine(options.events, (line) => {
        if (line.ok) fold.add(line.event);
        else process.stderr.write(`${describeBadLine(line.line, line.issues)}\n`);
      });
      const filter = {
        ...(options.agency === undefined ? {} : { agencyId: options.agency }),
        ...(options.year === undefined ? {} : { year: options.year }),
      };
      await writeJson({ statistics: fold.statistics(filter) });
      if (invalid > 0) {
        process.stderr.write(`${invalid} invalid line(s) skipped\n`);
        process.exitCode = 1;
      }
    });
}
