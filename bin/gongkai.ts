#!/usr/bin/env node
/** The Gongkai CLI: a thin front over the use cases. Each command lives in bin/commands/. */
import { Command } from 'commander';
import { registerAgencies } from './commands/agencies.ts';
import { registerCheck } from './commands/check.ts';
import { registerDeadlines } from './commands/deadlines.ts';
import { registerKeys } from './commands/keys.ts';
import { registerRun } from './commands/run.ts';
import { registerStart } from './commands/start.ts';
import { registerStatistics } from './commands/statistics.ts';
import { registerStats } from './commands/stats.ts';
import { explainCliError } from './output.ts';

const program = new Command()
  .name('gongkai')
  .description('Gongkai (公开): 政府信息公开工作年度报告 computed from events.')
  .showHelpAfterError();

// One line per command module; keep them in flow order.
registerStart(program);
registerAgencies(program);
registerKeys(program);
registerStats(program);
registerDeadlines(program);
registerStatistics(program);
registerCheck(program);
registerRun(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const explained = explainCliError(error);
  if (explained === undefined) throw error;
  process.stderr.write(`error: ${explained}\n`);
  process.exitCode = 1;
}
