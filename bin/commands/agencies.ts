import type { Command } from 'commander';
import { withStores } from '../../infra/local/connect.ts';
import { readTemplateFile } from '../../infra/local/demo-report.ts';
import { AppError } from '../../shared/errors.ts';
import { agencyTree, listAgencies, registerAgency } from '../../shared/use-cases/agencies.ts';
import { assignTemplate, templateInForce } from '../../shared/use-cases/templates.ts';
import { parseInputFile, parseYear } from '../output.ts';
import { addListCommand } from './list-command.ts';

export function registerAgencies(program: Command): void {
  const agencies = program
    .command('agencies')
    .description(
      'The agency registry: an event is stored only for a registered agency. Acts on the local data folder (or ' +
        'the running npm start), or on AWS with GONGKAI_TARGET=aws.',
    );

  agencies
    .command('register <id>')
    .description(
      'Register an agency, or update one (a change that would make a cycle in the hierarchy is refused).',
    )
    .requiredOption('--name <name>', 'its name, e.g. 杭州市公安局')
    .option('--parent <id>', 'the agency above it (registered first)')
    .option('--region <region>', 'e.g. 浙江省杭州市')
    .action(async (id: string, options: { name: string; parent?: string; region?: string }) => {
      await withStores(async ({ stores, clock, where }) => {
        const { agency, created } = await registerAgency(
          { ...stores, clock },
          {
            id,
            name: options.name,
            ...(options.parent ? { parentId: options.parent } : {}),
            ...(options.region ? { region: options.region } : {}),
          },
        );
        const parent = agency.parentId ? `, under ${agency.parentId}` : '';
        process.stdout.write(
          `${created ? 'registered' : 'updated'} ${agency.id} (${agency.name}${parent}) in ${where}\n`,
        );
      });
    });

  addListCommand(agencies, 'agencies', {
    description: 'List the agencies as a tree.',
    read: listAgencies,
    json: (agency) => agency,
    lines: (all) =>
      agencyTree(all).map(({ agency, depth }) => {
        const region = agency.region ? `  ${agency.region}` : '';
        return `${'  '.repeat(depth)}${agency.id}  ${agency.name}${region}`;
      }),
  });

  registerTemplateCommands(agencies);
}

/** `agencies template set|clear|show`. */
function registerTemplateCommands(agencies: Command): void {
  const template = agencies
    .command('template')
    .description(
      "The agency's report template (docs/templates.md): its sections, narrative slots, sentences and 附件. " +
        'Without one, a report uses the national template of its year (2019 format for 2019–2020, 2021 after).',
    );

  template
    .command('set <id>')
    .description(
      'Assign a template (a JSON file) to an agency; it is validated first, every fault with its path.',
    )
    .requiredOption('--file <file>', 'the template (JSON)', parseInputFile)
    .action(async (id: string, options: { file: string }) => {
      const document = readTemplateFile(options.file);
      await withStores(async ({ stores, clock, where }) => {
        await requireAgency(stores, id);
        const record = await assignTemplate({ ...stores, clock }, { agencyId: id, template: document });
        process.stdout.write(
          `assigned template ${document.id} (${document.name}) to ${id} in ${where}: assignment ${record.version}, sha256 ${record.sha256}\n`,
        );
      });
    });

  template
    .command('clear <id>')
    .description('Go back to the national template of each year.')
    .action(async (id: string) => {
      await withStores(async ({ stores, clock, where }) => {
        await requireAgency(stores, id);
        const record = await assignTemplate({ ...stores, clock }, { agencyId: id, template: null });
        process.stdout.write(
          `${id} uses the national templates again in ${where} (assignment ${record.version})\n`,
        );
      });
    });

  template
    .command('show <id>')
    .description('Print the template a report of this agency and year is generated with (JSON).')
    .option('--year <yyyy>', 'the report year (default: this year)', parseYear)
    .action(async (id: string, options: { year?: number }) => {
      await withStores(async ({ stores }) => {
        await requireAgency(stores, id);
        const year = options.year ?? new Date().getFullYear();
        const inForce = await templateInForce(stores, id, year);
        process.stdout.write(`${JSON.stringify({ agencyId: id, year, ...inForce }, null, 2)}\n`);
      });
    });
}

async function requireAgency(stores: { agencies: { get(id: string): Promise<unknown> } }, id: string) {
  if (!(await stores.agencies.get(id))) {
    throw new AppError(
      404,
      'not_found',
      `agency "${id}" is not registered (gongkai agencies register ${id} --name …)`,
    );
  }
}
