/**
 * dynalite in a process of its own (what the local runtime and the CLI use): it keeps its data across a
 * close and a start, ignores a Ctrl-C to the process group (the runtime stops first and closes it), and
 * when the process that started it dies without a word, it closes its database and exits, so the next
 * start on the folder finds the LevelDB lock free.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type Emulator, startDynalite } from '../../infra/local/emulators.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'gongkai-dynalite-process-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const client = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

async function tables(endpoint: string): Promise<string[]> {
  const db = client(endpoint);
  try {
    return (await db.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    db.destroy();
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

describe('dynalite in a process of its own', () => {
  it('keeps its data across a close and a start', async () => {
    const path = join(folder, 'kept');
    let dynalite: Emulator = await startDynalite({ path, ownProcess: true });
    const db = client(dynalite.endpoint);
    await db.send(
      new CreateTableCommand({
        TableName: 'kept',
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    db.destroy();
    await dynalite.close();
    expect(await answers(dynalite.endpoint)).toBe(false);

    dynalite = await startDynalite({ path, ownProcess: true });
    try {
      expect(await tables(dynalite.endpoint)).toEqual(['kept']);
    } finally {
      await dynalite.close();
    }
  });

  /** A process (a group of its own, as a terminal's) that starts dynalite on `path` and runs `onSigint`. */
  async function parentOf(path: string, onSigint: string) {
    const script = `
      import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
      import { startDynalite } from './infra/local/emulators.ts';
      const dynalite = await startDynalite({ path: ${JSON.stringify(path)}, ownProcess: true });
      process.on('SIGINT', async () => { ${onSigint} });
      process.stdout.write(dynalite.endpoint + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    parent.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => parent.once('exit', resolve));
    const deadline = Date.now() + 30_000;
    let endpoint: string | undefined;
    while (endpoint === undefined && parent.exitCode === null && Date.now() < deadline) {
      endpoint = /^(http:\S+)\n/m.exec(output)?.[1];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (endpoint === undefined) throw new Error(`dynalite did not listen: ${output}`);
    return { parent, endpoint, exited, output: () => output };
  }

  it('is left running by a Ctrl-C to the group: the process that started it closes it after its own work', async () => {
    const path = join(folder, 'interrupted');
    const { parent, endpoint, exited, output } = await parentOf(
      path,
      `await new Promise((resolve) => setTimeout(resolve, 300));
       const db = new DynamoDBClient({ endpoint: dynalite.endpoint, region: 'local',
         credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
       const answer = await db.send(new ListTablesCommand({}));
       process.stdout.write('answered after Ctrl-C: ' + JSON.stringify(answer.TableNames) + '\\n');
       db.destroy();
       await dynalite.close();
       process.exit(0);`,
    );
    process.kill(-(parent.pid as number), 'SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toContain('answered after Ctrl-C: []');
    expect(await answers(endpoint)).toBe(false);
  });

  it('exits when the process that started it is killed, leaving the folder free to open again', async () => {
    const path = join(folder, 'orphaned');
    const { parent, endpoint, exited } = await parentOf(path, '');
    expect(await answers(endpoint)).toBe(true);

    parent.kill('SIGKILL'); // the parent alone, as a crash: nothing closes dynalite but its own watch
    await exited;
    const deadline = Date.now() + 10_000;
    while ((await answers(endpoint)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await answers(endpoint)).toBe(false);

    // The LevelDB lock was let go: the folder opens again.
    const again = await startDynalite({ path, ownProcess: true });
    try {
      expect(await tables(again.endpoint)).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
