/**
 * Writes the demo data set (demo/hz-psb-2019.jsonl) from its target. Deterministic: running it again
 * gives the same bytes, and a test checks that the committed file is what this script writes.
 *
 *   npm run demo:build [-- --check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_FILE, demoLines } from '../test/support/demo-target.ts';

const { values } = parseArgs({
  options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run demo:build [-- --check]\nWrites demo/hz-psb-2019.jsonl; --check only compares.\n',
  );
} else if (values.check) {
  const same = readFileSync(DEMO_FILE, 'utf8') === demoLines();
  process.stdout.write(
    same ? `${DEMO_FILE} is up to date\n` : `${DEMO_FILE} differs from what the target gives\n`,
  );
  process.exitCode = same ? 0 : 1;
} else {
  const text = demoLines();
  writeFileSync(DEMO_FILE, text);
  process.stdout.write(`wrote ${DEMO_FILE}: ${text.split('\n').length - 1} events\n`);
}
