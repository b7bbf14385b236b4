/**
 * The layer rule of biome.json bites: a forbidden import fails lint, an allowed one passes. Each case is
 * a one-line file at a real folder of the project, linted by the project's own biome.json (copied with the
 * file into a scratch folder, so nothing is written into the worktree).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const biome = join(root, 'node_modules/.bin/biome');
const scratch = mkdtempSync(join(tmpdir(), 'gongkai-layers-'));
const { $schema: _schema, ...config } = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The names of the rules that fail on a file at `path` importing `from`. */
function lint(path: string, from: string): string[] {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `import { a } from '${from}';\n\nexport const b = a;\n`);
  try {
    execFileSync(biome, ['lint', '--reporter=json', path], { cwd: scratch, stdio: 'pipe' });
    return [];
  } catch (error) {
    const out = String((error as { stdout?: Buffer }).stdout ?? '');
    return [...out.matchAll(/lint\/[a-zA-Z]+\/([a-zA-Z]+)/g)].map((m) => m[1]!);
  } finally {
    rmSync(file);
  }
}

describe('the layer rule (biome noRestrictedImports): domain ← use-cases ← adapters/render ← functions ← infra', () => {
  it.each([
    ['shared/domain/report/x.ts', '../../errors.ts'],
    ['shared/domain/x.ts', '../use-cases/ingest.ts'],
    ['shared/domain/x.ts', '../ports.ts'],
    ['shared/use-cases/x.ts', '../adapters/clients.ts'],
    ['shared/use-cases/x.ts', '../render/read-xlsx.ts'],
    ['shared/use-cases/x.ts', '../http/api.ts'],
    ['shared/use-cases/x.ts', '@aws-sdk/lib-dynamodb'],
    ['shared/adapters/x.ts', '../../functions/ingest-http/handler.ts'],
    ['shared/render/x.ts', '../../infra/tables.ts'],
    ['shared/render/x.ts', '@aws-sdk/client-s3'],
    ['functions/nightly-worker/x.ts', '../../infra/tables.ts'],
    ['functions/nightly-worker/x.ts', '../../bin/output.ts'],
    ['functions/nightly-worker/x.ts', '@aws-sdk/client-sqs'],
    ['infra/local/x.ts', '../../bin/output.ts'],
    ['bin/x.ts', '@aws-sdk/client-dynamodb'],
  ])('refuses %s importing %s', (path, from) => {
    expect(lint(path, from)).toContain('noRestrictedImports');
  });

  it.each([
    ['shared/domain/report/x.ts', '../contract.ts'],
    ['shared/use-cases/x.ts', '../domain/contract.ts'],
    ['shared/use-cases/x.ts', '../ports.ts'],
    ['shared/use-cases/x.ts', '../errors.ts'],
    ['shared/use-cases/x.ts', '../config.ts'],
    ['shared/use-cases/x.ts', './ingest.ts'],
    ['shared/adapters/x.ts', '@aws-sdk/client-s3'],
    ['shared/adapters/x.ts', '../use-cases/ingest.ts'],
    ['functions/nightly-worker/x.ts', '../../shared/adapters/sqs-batch.ts'],
    ['infra/local/x.ts', '../../functions/ingest-http/handler.ts'],
    ['bin/x.ts', '../infra/local/connect.ts'],
  ])('allows %s importing %s', (path, from) => {
    expect(lint(path, from)).toEqual([]);
  });
});
