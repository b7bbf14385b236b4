#!/usr/bin/env node
/** The Gongkai CLI: a thin front over the use cases. Each command lives in bin/commands/. */
import { Command } from 'commander';
import { explainCliError, unknownOptionsFirst } from './output.ts';

const program = new Command()
  .name('gongkai')
  .description('Gongkai (公开): 政府信息公开工作年度报告 computed from events.')
  .showHelpAfterError();

/**
 * One entry per command module, in flow order. Only the command asked for is loaded (its modules are
 * most of a short command's time: the AWS SDK, exceljs, docx…); `gongkai --help` and anything else load all.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  start: async () => (await import('./commands/start.ts')).registerStart,
  routes: async () => (await import('./commands/routes.ts')).registerRoutes,
  agencies: async () => (await import('./commands/agencies.ts')).registerAgencies,
  keys: async () => (await import('./commands/keys.ts')).registerKeys,
  import: async () => (await import('./commands/import.ts')).registerImport,
  stats: async () => (await import('./commands/stats.ts')).registerStats,
  deadlines: async () => (await import('./commands/deadlines.ts')).registerDeadlines,
  statistics: async () => (await import('./commands/statistics.ts')).registerStatistics,
  check: async () => (await import('./commands/check.ts')).registerCheck,
  run: async () => (await import('./commands/run.ts')).registerRun,
};
const asked = process.argv[2];
const names = asked !== undefined && Object.hasOwn(COMMANDS, asked) ? [asked] : Object.keys(COMMANDS);
for (const register of await Promise.all(
  names.map((name) => (COMMANDS[name] as () => Promise<(p: Command) => void>)()),
))
  register(program);

unknownOptionsFirst(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const explained = explainCliError(error);
  if (explained === undefined) throw error;
  process.stderr.write(`error: ${explained}\n`);
  process.exitCode = 1;
}
