import type { Command } from 'commander';
import { accessOf, ROUTES, routeKey, routesMarkdown } from '../../shared/http/routes.ts';
import { writeJson } from '../output.ts';

export function registerRoutes(program: Command): void {
  program
    .command('routes')
    .description(
      'List the HTTP API routes (shared/http/routes.ts): method and path, whether a key is needed, and what ' +
        'each does. Local-only routes (npm start on 127.0.0.1) are marked.',
    )
    .option('--json', 'print JSON (the table as data)')
    .option('--markdown', "print the Markdown table (README's route table)")
    .action(async (options: { json?: boolean; markdown?: boolean }) => {
      if (options.json) return writeJson({ routes: ROUTES });
      if (options.markdown) {
        process.stdout.write(`${routesMarkdown()}\n`);
        return;
      }
      const width = Math.max(...ROUTES.map((route) => routeKey(route).length));
      const lines = ROUTES.flatMap((route) => [
        `${routeKey(route).padEnd(width)}  ${accessOf(route)}`,
        `${' '.repeat(width)}  ${route.description}`,
      ]);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
