/**
 * The demo on first start: the agency hz-psb (杭州市公安局), a key for it, and the demo data set
 * `demo/hz-psb-2019.jsonl` loaded through the real ingest use case in batches of 500, with progress
 * (before the API listens: the loader is the store's only writer and writes in batches).
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Logger } from '../../shared/ports.ts';
import { type AgencyDeps, registerAgency } from '../../shared/use-cases/agencies.ts';
import {
  EVENT_STATUSES,
  type EventStatus,
  type IngestDeps,
  type IngestReport,
  type IngestScope,
  ingest,
  MAX_EVENTS_PER_BATCH,
} from '../../shared/use-cases/ingest.ts';
import { authenticate, createKey, type KeyDeps } from '../../shared/use-cases/keys.ts';

export const DEMO_AGENCY = { id: 'hz-psb', name: '杭州市公安局', region: '浙江省杭州市' } as const;

/** Registers the demo agency if missing; keeps `keyText` if it is still a valid key for it, else makes one. */
export async function ensureDemoAgencyAndKey(
  deps: KeyDeps & AgencyDeps,
  keyText: string | undefined,
): Promise<{ key: string; created: boolean }> {
  if (!(await deps.agencies.get(DEMO_AGENCY.id))) await registerAgency(deps, DEMO_AGENCY);
  if (keyText) {
    const auth = await authenticate(deps, keyText);
    if (auth.ok && auth.agencyIds.includes(DEMO_AGENCY.id)) return { key: keyText, created: false };
  }
  const { key } = await createKey(deps, { agencyIds: [DEMO_AGENCY.id], label: 'demo (npm start)' });
  return { key, created: true };
}

export interface LoadReport {
  readonly file: string;
  readonly lines: number;
  readonly summary: Record<EventStatus, number>;
  readonly unreadable: number;
  readonly aborted: boolean;
  readonly ms: number;
}

export type Progress = (
  done: number,
  total: number | undefined,
  summary: Readonly<Record<EventStatus, number>>,
) => void;

/** Counts the lines of a file (for the progress bar) without parsing them. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines++;
    last = buffer.at(-1) ?? last;
  }
  return last === 10 ? lines : lines + 1;
}

/** Runs ingest on batches (the demo loader's: in this thread, on a sole-writer store). */
export interface BatchIngester {
  /** Batches to keep in flight. */
  readonly width: number;
  ingest(items: unknown[]): Promise<IngestReport>;
  close(): Promise<void>;
}

export function inThreadIngester(deps: IngestDeps, scope: IngestScope): BatchIngester {
  return {
    width: 2,
    ingest: (items) => ingest(deps, { batch: true, items }, scope),
    close: async () => undefined,
  };
}

/**
 * Loads a JSONL file of events through the ingest use case, 500 per batch, `ingester.width` batches in
 * flight. A line that is not JSON is counted and logged, not fatal.
 */
export async function loadEvents(options: {
  ingester: BatchIngester;
  file: string;
  log: Logger;
  progress?: Progress;
  /** Stops reading (the batches in flight finish): `aborted` is then true in the report. */
  signal?: AbortSignal;
}): Promise<LoadReport | undefined> {
  const { ingester, file, log } = options;
  if (!existsSync(file)) return undefined;
  const started = performance.now();
  const total = await countLines(file);
  const summary = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as Record<EventStatus, number>;
  let done = 0;
  let lines = 0;
  let unreadable = 0;
  let shown = 0;

  const inFlight = new Set<Promise<void>>();
  const send = (items: unknown[], firstLine: number) => {
    const task = ingester.ingest(items).then((report) => {
      for (const s of EVENT_STATUSES) summary[s] += report.summary[s];
      for (const r of report.results) {
        if ((r.status === 'rejected' || r.status === 'conflict' || r.status === 'forbidden') && shown < 5) {
          shown++;
          const issue = r.issues?.[0] ?? { path: '(event)', message: r.message ?? r.status };
          log.warn(`demo line ${firstLine + r.index}: ${r.status}`, { eventId: r.eventId, issue });
        }
      }
      done += items.length;
      options.progress?.(done, total, summary);
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task)).catch(() => undefined);
  };

  let batch: unknown[] = [];
  let batchFirstLine = 1;
  const reader = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of reader) {
    if (options.signal?.aborted) break;
    lines++;
    if (line.trim() === '') continue;
    try {
      batch.push(JSON.parse(line));
    } catch {
      unreadable++;
      if (unreadable <= 5) log.warn(`demo line ${lines} is not JSON: skipped`);
      continue;
    }
    if (batch.length === MAX_EVENTS_PER_BATCH) {
      send(batch, batchFirstLine);
      batch = [];
      batchFirstLine = lines + 1;
      while (inFlight.size >= ingester.width) await Promise.race(inFlight);
    }
  }
  const aborted = options.signal?.aborted ?? false;
  if (batch.length > 0 && !aborted) send(batch, batchFirstLine);
  await Promise.all(inFlight);
  return { file, lines, summary, unreadable, aborted, ms: Math.round(performance.now() - started) };
}

/** A progress line for a terminal (rewritten in place) or, elsewhere, a line every ~10%. */
export function progressPrinter(write: (text: string) => void, isTty: boolean): Progress & { end(): void } {
  const started = performance.now();
  let lastDecile = -1;
  let drawn = false;
  const print: Progress & { end(): void } = Object.assign(
    (done: number, total: number | undefined, summary: Readonly<Record<EventStatus, number>>) => {
      const rate = Math.round(done / Math.max(0.001, (performance.now() - started) / 1000));
      const of = total ? `/${total}` : '';
      const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      const width = 24;
      const bar = total
        ? `[${'#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.')}] ${String(pct).padStart(3)}% `
        : '';
      const text = `loading demo ${bar}${done}${of} events, ${rate}/s (accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected})`;
      if (isTty) {
        write(`\r${text}\u001b[K`);
        drawn = true;
      } else if (Math.floor(pct / 10) !== lastDecile) {
        lastDecile = Math.floor(pct / 10);
        write(`${text}\n`);
      }
    },
    {
      end: () => {
        if (drawn) write('\n');
      },
    },
  );
  return print;
}
