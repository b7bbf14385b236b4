import type { Command } from 'commander';
import { withStores } from '../../infra/local/connect.ts';
import { createKey, listKeys, revokeKey } from '../../shared/use-cases/keys.ts';
import { addListCommand } from './list-command.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'API keys for POST /v1/events. Only a hash of each key is stored. Acts on the local data folder (or the ' +
        'running npm start), or on AWS with GONGKAI_TARGET=aws.',
    );

  keys
    .command('create')
    .description(
      'Create a key that may write for these agencies; the key is printed once and cannot be shown again.',
    )
    .requiredOption('--agency <id>', 'an agency the key may write for (repeat for several)', collect)
    .option('--label <text>', 'a note on whom the key is for')
    .option('--json', 'print {"key", "keyId", "agencyIds"} as JSON')
    .action(async (options: { agency: string[]; label?: string; json?: boolean }) => {
      await withStores(async ({ stores, clock, where }) => {
        const { key, record } = await createKey(
          { ...stores, clock },
          { agencyIds: options.agency, ...(options.label ? { label: options.label } : {}) },
        );
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ key, keyId: record.keyId, agencyIds: record.agencyIds })}\n`,
          );
          return;
        }
        process.stdout.write(
          [
            `key ${record.keyId} created in ${where}, for ${record.agencyIds.join(', ')}:`,
            '',
            `  ${key}`,
            '',
            'Keep it now: it is not stored and cannot be shown again. Use it as "Authorization: Bearer <key>".',
            '',
          ].join('\n'),
        );
      });
    });

  addListCommand(keys, 'keys', {
    description: 'List the keys (ids, agencies, dates; never the keys themselves).',
    read: listKeys,
    json: ({ hash: _hash, ...rest }) => rest,
    lines: (all) =>
      all.map((k) => {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
        const label = k.label ? `  "${k.label}"` : '';
        return `${k.keyId}  ${state.padEnd(32)}  created ${k.createdAt}  ${k.agencyIds.join(',')}${label}`;
      }),
  });

  keys
    .command('revoke <keyId>')
    .description(
      'Revoke a key (by its id from "keys list"); a running authorizer forgets it within a minute.',
    )
    .action(async (keyId: string) => {
      await withStores(async ({ stores, clock }) => {
        const record = await revokeKey({ ...stores, clock }, keyId);
        process.stdout.write(`key ${record.keyId} revoked (${record.revokedAt})\n`);
      });
    });
}
