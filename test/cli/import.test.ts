import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../support/cli.ts';

const event = (eventId: string, agencyId: string) =>
  JSON.stringify({
    eventId,
    agencyId,
    type: 'request.received',
    occurredAt: '2022-05-01',
    data: { requestId: `R-${eventId}`, channel: 'email', applicantType: 'research' },
  });

describe('gongkai import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
  const env = { GONGKAI_DATA_DIR: join(dir, 'data') };
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, [event('a1', 'imp-x'), event('a2', 'imp-x'), '{oops', event('b1', 'imp-y')].join('\n'));

  it('judges every line as the API does, into a stopped data folder; again: all duplicates', () => {
    expect(runCli(['agencies', 'register', 'imp-x', '--name', '某局'], { env }).status).toBe(0);
    const first = runCli(['import', '--events', file], { env });
    expect(first.status).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({
      accepted: 2,
      duplicate: 0,
      rejected: 1,
      invalidLines: 1,
    });
    expect(first.stderr).toMatch(/^line 3: \(line\): not valid JSON/m);
    expect(first.stderr).toMatch(/^line 4: agencyId: agency "imp-y" is not registered$/m);

    const again = runCli(['import', '--events', file], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, duplicate: 2, rejected: 1 });
  });

  it('refuses a data folder npm start is running on, and says what to do', () => {
    const running = join(dir, 'running');
    runCli(['agencies', 'list'], { env: { GONGKAI_DATA_DIR: running } });
    // What a running npm start leaves in its folder: the pid of a live process whose command line names
    // Gongkai (a stand-in that sleeps; a pid of another program would be a stale lock).
    const standIn = spawn(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 60_000)', 'gongkai-start-stand-in'],
      {
        stdio: 'ignore',
      },
    );
    onTestFinished(() => {
      standIn.kill();
    });
    writeFileSync(
      join(running, 'runtime.json'),
      JSON.stringify({
        pid: standIn.pid,
        url: 'http://127.0.0.1:3999',
        dynamodbEndpoint: 'http://127.0.0.1:1',
        s3Endpoint: 'http://127.0.0.1:1',
        startedAt: new Date().toISOString(),
      }),
    );
    const result = runCli(['import', '--events', file], { env: { GONGKAI_DATA_DIR: running } });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /npm start is running on .* stop it first, or send the events to http:\/\/127\.0\.0\.1:3999\/v1\/events/,
    );
  });

  it('has --help', () => {
    const help = runCli(['import', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/STOPPED local data folder/);
  });
});
