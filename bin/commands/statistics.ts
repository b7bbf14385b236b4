/**
 * `gongkai statistics --agency ID --year YYYY [--scope own|consolidated]`: the statistics the nightly
 * computed and stored (the same answer as GET /v1/agencies/{id}/statistics/{year}), read from the local
 * data folder (or the running npm start), or from AWS with GONGKAI_TARGET=aws. `--deadlines` prints the
 * agency's stored deadlines instead (GET /v1/agencies/{id}/deadlines).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { withStores } from '../../infra/local/connect.ts';
import { invalidArgument } from '../../shared/errors.ts';
import type { StatisticsScope } from '../../shared/ports.ts';
import {
  DEFAULT_SCOPE,
  readDeadlines,
  readStatistics,
  SCOPES,
  type StatisticsReadDeps,
} from '../../shared/use-cases/statistics.ts';
import { parseYear, writeJson } from '../output.ts';

interface StatisticsOptions {
  readonly agency: string;
  readonly year?: number;
  readonly scope: StatisticsScope;
  readonly deadlines?: boolean;
}

function parseScopeOption(value: string): StatisticsScope {
  if (!(SCOPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of: ${SCOPES.join(', ')}.`);
  }
  return value as StatisticsScope;
}

/** What the command prints, from the stores (a trusted caller: no key scope). */
export async function statisticsDocument(
  deps: StatisticsReadDeps,
  options: StatisticsOptions,
): Promise<unknown> {
  if (options.deadlines) return readDeadlines(deps, options.agency);
  if (options.year === undefined) throw invalidArgument('--year is required (or --deadlines)');
  return readStatistics(deps, { agencyId: options.agency, year: options.year, scope: options.scope });
}

export function registerStatistics(program: Command): void {
  program
    .command('statistics')
    .description(
      'The statistics of an agency and year as the nightly computed them (the national tables, extras, ' +
        'findings and the watermark), or with --deadlines its requests’ legal deadlines. Reads the local data ' +
        'folder (or the running npm start), or AWS with GONGKAI_TARGET=aws.',
    )
    .requiredOption('--agency <id>', 'the agency')
    .option('--year <yyyy>', 'the report year', parseYear)
    .option(
      '--scope <scope>',
      'own: its own events; consolidated: with all the agencies below it',
      parseScopeOption,
      DEFAULT_SCOPE,
    )
    .option('--deadlines', 'print the stored deadlines of its requests instead')
    .action(async (options: StatisticsOptions) => {
      await withStores(async ({ stores }) => {
        await writeJson(await statisticsDocument(stores, options));
      });
    });
}
