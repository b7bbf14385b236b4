/**
 * Nightly recompute of one agency's log of N events (default 100,000) on dynalite — read every page,
 * parse, fold (statistics, findings, request timelines), write the snapshots and deadlines — against a
 * raw Query of the same items (the floor: reading the log is what the nightly cannot avoid), in the same
 * process, in alternation (the machine's speed drifts). Target: nightly ≤ 1.25 × the raw Query time.
 *
 * dynalite runs in a process of its own, as DynamoDB runs elsewhere: the emulator's own CPU is not charged to
 * the nightly, and the nightly may fold one page while the next is read. The items are loaded raw with
 * BatchWriteItem in the event log's layout (fast), once.
 *
 *   npx tsx bench/nightly.ts [--events N] [--rounds R]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startDynalite } from '../infra/local/emulators.ts';
import { tableList } from '../infra/local/runtime.ts';
import { createClients } from '../shared/adapters/clients.ts';
import { createStores } from '../shared/adapters/deps.ts';
import { eventItem } from '../shared/adapters/dynamodb-event-store.ts';
import { ensureTables } from '../shared/adapters/dynamodb-tables.ts';
import { memoryLogger } from '../shared/adapters/logger.ts';
import { type Config, loadConfig } from '../shared/config.ts';
import { CHINA_CALENDAR } from '../shared/domain/calendar/index.ts';
import { validateEvent } from '../shared/domain/contract.ts';
import { toRecord } from '../shared/use-cases/ingest.ts';
import { runNightlyWorker } from '../shared/use-cases/nightly.ts';
import { round2 } from './figures.ts';
import { rawRequests } from './raw-requests.ts';

const AGENCY = 'bench-nightly';

export interface BenchNightlyOptions {
  readonly events?: number;
  readonly rounds?: number;
  readonly log?: (text: string) => void;
}

/** One agency's log: requests received and decided over two years, posts and disclosures. */
function* synthesize(n: number): Generator<unknown> {
  const day = (k: number) => {
    const d = new Date(Date.UTC(2023, 0, 1) + (k % 720) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const channels = ['online', 'letter', 'in_person'] as const;
  const applicants = ['natural_person', 'commercial', 'research'] as const;
  const outcomes = [
    'disclosed',
    'partially_disclosed',
    'unavailable.not_held',
    'withheld.third_party_rights',
  ] as const;
  for (let i = 0; i < n; i++) {
    const k = i % 20;
    const eventId = `e${String(i).padStart(7, '0')}`;
    const base = { eventId, agencyId: AGENCY, source: 'bench' };
    if (k < 8) {
      yield {
        ...base,
        type: 'request.received',
        occurredAt: `${day(i * 7)}T09:30:00+08:00`,
        data: { requestId: `R${i}`, channel: channels[i % 3], applicantType: applicants[i % 3] },
      };
    } else if (k < 15) {
      const r = i - 8;
      yield {
        ...base,
        type: 'request.decided',
        occurredAt: `${day(r * 7 + 12 + (i % 25))}T16:00:00+08:00`,
        data: { requestId: `R${r}`, outcome: outcomes[i % 4] },
      };
    } else if (k < 18) {
      yield {
        ...base,
        type: 'post.published',
        occurredAt: day(i),
        data: { postId: `P${i}`, channel: i % 2 ? 'website' : 'wechat', column: '通知公告' },
      };
    } else {
      yield {
        ...base,
        type: 'disclosure.published',
        occurredAt: day(i),
        data: { itemId: `D${i}`, category: '政策文件', channels: ['website'] },
      };
    }
  }
}

const minMax = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });

export async function benchNightly(options: BenchNightlyOptions = {}): Promise<Record<string, unknown>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const n = Math.max(100, options.events ?? 100_000);
  const rounds = Math.max(1, options.rounds ?? 3);
  const log = options.log ?? (() => undefined);

  const dynalite = await startDynalite({ ownProcess: true });
  const config: Config = {
    ...loadConfig({}),
    region: 'local',
    dynamodbEndpoint: dynalite.endpoint,
    tables: { events: 'bench-events', registry: 'bench-registry', statistics: 'bench-statistics' },
  };
  const clients = createClients(config);
  const results = { rawQuery: [] as number[], nightly: [] as number[] };
  let folded = 0;
  try {
    await ensureTables(clients.dynamodb, tableList(config));
    const receivedAt = new Date().toISOString();
    let loaded = 0;
    const started = performance.now();
    let chunk: Record<string, string>[] = [];
    const pending: Promise<void>[] = [];
    const flush = async () => {
      const items = chunk;
      chunk = [];
      pending.push(rawRequests.batchWrite(clients.dynamodb, config.tables.events, items));
      if (pending.length >= 8) await Promise.all(pending.splice(0));
    };
    for (const item of synthesize(n)) {
      const v = validateEvent(item);
      if (!v.ok) throw new Error(`bench event invalid: ${JSON.stringify(v.issues)}`);
      chunk.push(eventItem(toRecord(v.event, receivedAt)));
      if (chunk.length === 25) await flush();
      loaded += 1;
      if (loaded % 10_000 === 0) log(`nightly: loading ${loaded}/${n}…`);
    }
    if (chunk.length > 0) await flush();
    await Promise.all(pending);
    const loadMs = performance.now() - started;

    const stores = createStores(clients.dynamodb, config);
    const worker = {
      ...stores,
      calendar: CHINA_CALENDAR,
      clock: () => new Date(),
      log: memoryLogger(),
    };
    const rawQuery = async () => {
      const t = performance.now();
      const count = await rawRequests.queryCount(clients.dynamodb, config.tables.events, AGENCY);
      if (count !== n) throw new Error(`raw Query read ${count} items, not ${n}`);
      return performance.now() - t;
    };
    const nightly = async () => {
      const t = performance.now();
      const report = await runNightlyWorker(worker, {
        agencyId: AGENCY,
        changed: { version: 0, changedAt: receivedAt },
        hasChildren: false,
      });
      folded = report.own?.eventsFolded ?? 0;
      if (folded !== n) throw new Error(`the nightly folded ${folded} events, not ${n}`);
      return performance.now() - t;
    };
    // A warm-up of each (JIT, connections), not counted.
    log('nightly: warming up…');
    await rawQuery();
    await nightly();
    for (let r = 1; r <= rounds; r++) {
      const order = r % 2 ? ([rawQuery, nightly] as const) : ([nightly, rawQuery] as const);
      for (const run of order) {
        log(`nightly: round ${r}/${rounds}: ${run === rawQuery ? 'raw Query' : 'nightly recompute'}…`);
        (run === rawQuery ? results.rawQuery : results.nightly).push(await run());
      }
    }
    const ratios = results.nightly.map((t, i) => round2(t / results.rawQuery[i]!));
    const ratio = minMax(ratios);
    return {
      events: n,
      rounds,
      loadSeconds: round2(loadMs / 1000),
      ms: {
        rawQuery: minMax(results.rawQuery.map(Math.round)),
        nightly: minMax(results.nightly.map(Math.round)),
      },
      eventsPerSecond: {
        rawQuery: minMax(results.rawQuery.map((t) => Math.round((n / t) * 1000))),
        nightly: minMax(results.nightly.map((t) => Math.round((n / t) * 1000))),
      },
      ratio: { nightlyVsRawQuery: ratio, perRound: ratios },
      target: { nightlyVsRawQuery: 1.25, met: ratio.max <= 1.25 },
      note:
        'nightly = runNightlyWorker for one agency: Query every page, JSON.parse each body, fold statistics and ' +
        'request timelines, write the own snapshots per year and the deadlines snapshot. dynalite runs in a process of its own.',
    };
  } finally {
    clients.destroy();
    await dynalite.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } },
  });
  const result = await benchNightly({
    events: Number(values.events),
    rounds: Number(values.rounds),
    log: (text) => process.stderr.write(`${text}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
