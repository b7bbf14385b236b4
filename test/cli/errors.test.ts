/**
 * A caller's mistake on the command line is one line on stderr and exit code 1 — never a stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-errors-'));
const missing = join(dir, 'missing.jsonl');

function expectOneLineError(result: ReturnType<typeof runCli>, message: RegExp) {
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /mu);
  expect(result.stderr).not.toMatch(/node:internal|Node\.js v/u);
}

describe('CLI errors', () => {
  it('a missing input file or a folder: says which and why', () => {
    expectOneLineError(
      runCli(['stats', '--events', missing]),
      /cannot read .*missing\.jsonl: no such file or directory/u,
    );
    expectOneLineError(runCli(['run', '--events', dir, '--out', join(dir, 'out')]), /is not a file/u);
    expectOneLineError(runCli(['check', missing]), /cannot read .*missing\.jsonl: no such file/u);
    const demo = 'demo/hz-psb-2019.jsonl';
    expectOneLineError(
      runCli(['run', '--events', demo, '--out', join(dir, 'out'), '--year', '2018']),
      /reports from 2019 on/u,
    );
  });

  it('stats: an unknown option is named before a required one is asked for', () => {
    // Act
    const misspelt = runCli(['stats', '--event', 'demo/hz-psb-2019.jsonl']);
    const without = runCli(['stats', '--agency', 'hz-psb']);
    // Assert
    expectOneLineError(misspelt, /^error: unknown option '--event'/mu);
    expect(misspelt.stderr).toMatch(/Did you mean --events\?/u);
    expect(misspelt.stderr).not.toMatch(/required option/u);
    expectOneLineError(without, /^error: required option '--events <file>' not specified/mu);
  });

  it('every command: an unknown option is named before a required one is asked for', () => {
    for (const [args, unknown] of [
      [['run', '--event', 'demo/hz-psb-2019.jsonl', '--out', dir], '--event'],
      [['deadlines', '--events', 'demo/hz-psb-2019.jsonl', '--asof', '2019-12-01'], '--asof'],
      [['import', '--event', 'demo/hz-psb-2019.jsonl'], '--event'],
      [['agencies', 'register', 'x', '--nam', 'X'], '--nam'],
    ] as const) {
      const answer = runCli([...args]);
      expectOneLineError(answer, new RegExp(`^error: unknown option '${unknown}'`, 'mu'));
      expect(answer.stderr, args.join(' ')).not.toMatch(/required option/u);
    }
    expectOneLineError(
      runCli(['run', '--events', 'demo/hz-psb-2019.jsonl']),
      /^error: required option '--out <dir>' not specified/mu,
    );
  });

  it('check: a file that is not an xlsx workbook', () => {
    const text = join(dir, 'report.xlsx');
    writeFileSync(text, 'not a workbook\n');
    expectOneLineError(
      runCli(['check', text]),
      /^error: this file is not an xlsx workbook .*save.* as \.xlsx/mu,
    );
  });
});
