import type { Command } from 'commander';
import { createLocalApp } from '../../infra/local/app.ts';
import {
  dataDirFrom,
  openLocalStorage,
  readRunningRuntime,
  soleWriterIngestDeps,
} from '../../infra/local/runtime.ts';
import { describeBadLine, forEachEventLine } from '../../shared/adapters/event-file.ts';
import { createLogger } from '../../shared/adapters/logger.ts';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import {
  EVENT_STATUSES,
  type EventStatus,
  ingest,
  MAX_EVENTS_PER_BATCH,
} from '../../shared/use-cases/ingest.ts';
import { parseInputFile, writeJson } from '../output.ts';

interface ImportOptions {
  readonly events: string;
  readonly dataDir?: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Load a JSONL file of events into a STOPPED local data folder (refused while npm start runs on it): the ' +
        'ingest use case judges every event as the API does (accepted, duplicate, rejected, conflict; agencies ' +
        'must be registered), written in batches because nothing else writes the folder meanwhile. The next ' +
        'nightly computes the statistics. Prints the summary as JSON; bad lines go to stderr (exit code 1).',
    )
    .requiredOption('--events <file>', 'JSONL file, one event per line (read as a stream)', parseInputFile)
    .option('--data-dir <dir>', 'data folder (default: $GONGKAI_DATA_DIR, else .gongkai)')
    .action(async (options: ImportOptions) => {
      const summary = await importEvents(options);
      if (summary === undefined) return;
      await writeJson(summary);
      if (summary.invalidLines + summary.rejected + summary.conflict > 0) process.exitCode = 1;
    });
}

async function importEvents(options: ImportOptions) {
  if (process.env.GONGKAI_TARGET === 'aws' || process.env.GONGKAI_DYNAMODB_ENDPOINT) {
    return refuse(
      'import writes a local data folder only; send events to AWS through POST /v1/events or the queue',
    );
  }
  const dataDir = options.dataDir ? dataDirFrom({ GONGKAI_DATA_DIR: options.dataDir }) : dataDirFrom();
  const running = readRunningRuntime(dataDir);
  if (running) {
    return refuse(
      `npm start is running on ${dataDir} (pid ${running.pid}, ${running.url}): stop it first, or send the ` +
        `events to ${running.url}/v1/events`,
    );
  }
  const storage = await openLocalStorage(dataDir);
  const log = createLogger({ level: 'warn' });
  const app = createLocalApp({ config: storage.config, clients: storage.clients, log, schedule: false });
  const deps = await soleWriterIngestDeps(app.ingestDeps, storage);
  const totals = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as Record<EventStatus, number>;
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let done = 0;
  let batch: GongkaiEvent[] = [];
  let lines: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const send = (events: GongkaiEvent[], lineNumbers: number[]) => {
    const task = ingest(deps, { batch: false, items: events }, { kind: 'trusted' }).then((report) => {
      for (const result of report.results) {
        totals[result.status] += 1;
        const line = lineNumbers[result.index] as number;
        if (result.issues) process.stderr.write(`${describeBadLine(line, result.issues)}\n`);
        else if (result.message)
          process.stderr.write(`${describeBadLine(line, [{ path: 'eventId', message: result.message }])}\n`);
      }
      done += events.length;
      if (tty) {
        const rate = Math.round(done / ((performance.now() - started) / 1000));
        process.stderr.write(
          `\r\x1b[2Kimport: ${done} events, ${rate}/s (accepted ${totals.accepted}, duplicate ${totals.duplicate})`,
        );
      }
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task)).catch(() => undefined);
  };
  try {
    let invalidLines = 0;
    await forEachEventLine(
      options.events,
      (line) => {
        if (!line.ok) {
          invalidLines += 1;
          process.stderr.write(`${describeBadLine(line.line, line.issues)}\n`);
          return;
        }
        batch.push(line.event);
        lines.push(line.line);
        if (batch.length === MAX_EVENTS_PER_BATCH) {
          send(batch, lines);
          batch = [];
          lines = [];
        }
      },
      {
        // Two batches in flight: one judged and hashed while the other is written; reading waits.
        backpressure: async () => {
          while (inFlight.size >= 2) await Promise.race(inFlight);
        },
      },
    );
    if (batch.length > 0) send(batch, lines);
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (tty) process.stderr.write('\r\x1b[2K');
    return { dataDir, ...totals, invalidLines, ms: Math.round(performance.now() - started) };
  } finally {
    await app.stop();
    await storage.close();
  }
}

function refuse(reason: string): undefined {
  process.stderr.write(`error: ${reason}\n`);
  process.exitCode = 1;
  return undefined;
}
