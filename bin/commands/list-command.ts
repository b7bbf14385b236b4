import type { Command } from 'commander';
import { type StorageContext, withStores } from '../../infra/local/connect.ts';

export interface ListCommand<T> {
  readonly description: string;
  readonly read: (stores: StorageContext['stores']) => Promise<T[]>;
  /** What `--json` shows of an item. */
  readonly json: (item: T) => unknown;
  /** The lines printed without `--json`, for all the items. */
  readonly lines: (all: T[]) => string[];
}

/**
 * A `list` subcommand of the registry (agencies, keys): `--json` prints `{"<name>": [...]}`, else one line
 * an item, or `no <name>` when there is none.
 */
export function addListCommand<T>(parent: Command, name: string, list: ListCommand<T>): void {
  parent
    .command('list')
    .description(list.description)
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withStores(async ({ stores }) => {
        const all = await list.read(stores);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ [name]: all.map(list.json) }, null, 2)}\n`);
          return;
        }
        if (all.length === 0) process.stdout.write(`no ${name}\n`);
        for (const line of list.lines(all)) process.stdout.write(`${line}\n`);
      });
    });
}
