import type { Command } from 'commander';
import { withStores } from '../../infra/local/connect.ts';
import { agencyTree, listAgencies, registerAgency } from '../../shared/use-cases/agencies.ts';

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

  agencies
    .command('list')
    .description('List the agencies as a tree.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withStores(async ({ stores }) => {
        const all = await listAgencies(stores);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ agencies: all }, null, 2)}\n`);
          return;
        }
        if (all.length === 0) process.stdout.write('no agencies\n');
        for (const { agency, depth } of agencyTree(all)) {
          const region = agency.region ? `  ${agency.region}` : '';
          process.stdout.write(`${'  '.repeat(depth)}${agency.id}  ${agency.name}${region}\n`);
        }
      });
    });
}
