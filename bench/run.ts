/**
 * `npm run bench [-- --events N --rounds R --only stats,ingest]`: every benchmark, as ratios against a
 * baseline run side by side on the same data. Progress goes to stderr, the results as JSON to stdout.
 */
import { parseArgs } from 'node:util';
import { benchBundles } from './bundles.ts';
import { benchFirstStart } from './first-start.ts';
import { benchGenerate } from './generate.ts';
import { benchIngest } from './ingest.ts';
import { benchNightly } from './nightly.ts';
import { benchStats } from './stats.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'memory-events': { type: 'string', default: '4000000' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    'ingest-events': { type: 'string', default: '3000' },
    'nightly-events': { type: 'string', default: '100000' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(`Usage: npm run bench [-- --events N] [--rounds R] [--only stats,…]

Benchmarks, each as a ratio against a baseline measured in the same run on the same data:
  stats   gongkai stats vs DuckDB computing the 依申请公开 table with SQL from the same N synthesized events
          (the two must agree cell for cell; target ≤ 1.0×); peak memory at N and --memory-events (4M; 0 = skip)
  start   npm start on a fresh data folder until /v1/health answers 200, vs gongkai stats on the demo file
          (target ≤ 4×); gongkai run of the demo (target ≤ 10 s)
  ingest  POST /v1/events through the HTTP handler into dynalite vs raw conditional PutItem of the same items
          at the same concurrency (target ≥ 0.8×), and vs raw BatchWriteItem; the sole-writer loader
          (--ingest-events, default 3000, at most 20000)
  nightly the nightly recompute of --nightly-events (default 100000) on dynalite vs a raw Query of the same
          items (target ≤ 1.25×)
  generate one agency-year's full generation (xlsx + html + docx + manifest), warm (target ≤ 0.5 s)
  bundles the minified Lambda bundles against their budgets (ingest ≤ 150 KB, generator ≤ 1.2 MB)
Results are printed as JSON on stdout; progress on stderr.
`);
  process.exit(0);
}

const log = (text: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  else process.stderr.write(`${text}\n`);
};
const only = values.only?.split(',');
const wanted = (name: string) => only === undefined || only.includes(name);
const results: Record<string, unknown> = {};

if (wanted('stats')) {
  log('stats: preparing…');
  results.stats = await benchStats({
    events: Number(values.events),
    rounds: Number(values.rounds),
    memoryEvents: Number(values['memory-events']),
    log,
  });
}
if (wanted('start')) {
  log('start: warming up…');
  results.start = await benchFirstStart({ rounds: Number(values.rounds), log });
}
if (wanted('ingest')) {
  log('ingest: preparing…');
  results.ingest = await benchIngest({
    events: Number(values['ingest-events']),
    rounds: Number(values.rounds),
    log,
  });
}
if (wanted('nightly')) {
  log('nightly: preparing…');
  results.nightly = await benchNightly({
    events: Number(values['nightly-events']),
    rounds: Number(values.rounds),
    log,
  });
}
if (wanted('generate')) {
  log('generate: warming up…');
  results.generate = await benchGenerate({ rounds: Math.max(5, Number(values.rounds)), log });
}
if (wanted('bundles')) {
  log('bundles: building…');
  results.bundles = await benchBundles();
}
if (process.stderr.isTTY) process.stderr.write('\n');
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
