/**
 * The stages of `gongkai run` on its fresh store (run-pipeline.ts opens it): the events are read, folded
 * for the agency-years to report, and ingested while they are read — through the real use case, the store's
 * only writer writing in batches; then the nightly; then each agency-year is generated and copied out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { FIRST_REPORT_YEAR } from '../../shared/domain/formats/index.ts';
import type { ReportTemplate } from '../../shared/domain/report/template.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import type { EventRecord, EventStore } from '../../shared/ports.ts';
import { assertReportYear, generateReport } from '../../shared/use-cases/generate.ts';
import { type IngestDeps, ingest, MAX_EVENTS_PER_BATCH } from '../../shared/use-cases/ingest.ts';
import { assignTemplate, templateInForce } from '../../shared/use-cases/templates.ts';
import { createLocalApp, type LocalApp } from './app.ts';
import { DEMO_AGENCY } from './demo.ts';
import { readTemplateFile, saveNarrativeFile, setUpDemoReport } from './demo-report.ts';
import type { RunOptions, RunResult } from './run-pipeline.ts';
import { type openLocalStorage, soleWriterIngestDeps } from './runtime.ts';

export const ARTIFACTS = [
  'statistics.json',
  'report.xlsx',
  'report.html',
  'report.docx',
  'findings.html',
  'manifest.json',
] as const;

/** Names we know; any other agency is registered under its id. */
const KNOWN_AGENCIES: Record<string, { name: string; region?: string }> = {
  [DEMO_AGENCY.id]: { name: DEMO_AGENCY.name, region: DEMO_AGENCY.region },
};

/** Batches ingested at once: one is judged and hashed while the other is written. */
const BATCHES_IN_FLIGHT = 2;
/** Agency-years generated at once: one renders while the other reads its log or writes its files. */
const REPORTS_IN_FLIGHT = 2;
/** An agency's log is kept for the reports of its other years up to this many events (else read again). */
const SHARED_LOG_EVENTS = 200_000;

type AgencyYear = { readonly agencyId: string; readonly year: number };

export async function runStages(
  storage: Awaited<ReturnType<typeof openLocalStorage>>,
  options: RunOptions,
): Promise<RunResult> {
  const app = createLocalApp({
    config: storage.config,
    clients: storage.clients,
    log: options.log,
    schedule: false,
  });
  try {
    if (options.year !== undefined) assertReportYear(options.year);
    const template = options.templateFile === undefined ? undefined : readTemplateFile(options.templateFile);
    // Written in batches: this store is fresh and nobody else writes it.
    const deps = await soleWriterIngestDeps(app.ingestDeps, storage);
    const { ingested, entries, eventsOf } = await readAndIngest(app, deps, options);
    await setUpReports(app, options, template, entries);
    // The nightly: statistics, findings and deadlines for every changed agency.
    options.progress('nightly: computing statistics');
    await app.scheduler.runNow('gongkai run');
    return { written: await generateAll(app, entries, eventsOf, options), ingested };
  } finally {
    await app.stop();
  }
}

/**
 * Reads the events of the agency asked for (all, by default), folds them to find the agency-years to report,
 * and ingests them through the real use case while reading, 500 a batch, registering each agency before
 * its first batch. Answers the count of each answer and the agency-years.
 */
async function readAndIngest(
  app: LocalApp,
  deps: IngestDeps,
  options: RunOptions,
): Promise<{ ingested: Record<string, number>; entries: AgencyYear[]; eventsOf: Map<string, number> }> {
  const wanted = (e: GongkaiEvent) => options.agencyId === undefined || e.agencyId === options.agencyId;
  const fold = new StatisticsFold();
  const ingested: Record<string, number> = {};
  const eventsOf = new Map<string, number>();
  const registered = new Map<string, Promise<void>>();
  const register = (agencyId: string) => {
    let done = registered.get(agencyId);
    if (!done) {
      done = registerAgency(app, agencyId);
      registered.set(agencyId, done);
    }
    return done;
  };
  let read = 0;
  let stored = 0;
  let reading = true;
  const ingestBatch = async (items: GongkaiEvent[]) => {
    await Promise.all([...new Set(items.map((e) => e.agencyId))].map(register));
    const report = await ingest(deps, { batch: true, items }, { kind: 'trusted' });
    for (const result of report.results) ingested[result.status] = (ingested[result.status] ?? 0) + 1;
    stored += items.length;
    options.progress(`ingest: ${stored}/${read} events${reading ? ' (reading)' : ''}`);
  };

  const limit = pLimit(BATCHES_IN_FLIGHT);
  const tasks: Promise<void>[] = [];
  const active = new Set<Promise<void>>();
  const send = (items: GongkaiEvent[]) => {
    const task = limit(() => ingestBatch(items));
    tasks.push(task);
    active.add(task);
    task.then(
      () => active.delete(task),
      () => active.delete(task),
    );
  };
  let batch: GongkaiEvent[] = [];
  try {
    await options.readEvents(
      (line) => {
        if (!line.ok || !wanted(line.event)) return;
        fold.add(line.event);
        read++;
        eventsOf.set(line.event.agencyId, (eventsOf.get(line.event.agencyId) ?? 0) + 1);
        batch.push(line.event);
        if (batch.length === MAX_EVENTS_PER_BATCH) {
          send(batch);
          batch = [];
        }
      },
      // Reading goes on once every batch read is being ingested (a failed one stops it).
      async () => {
        while (limit.pendingCount > 0) await Promise.race(active);
      },
    );
    reading = false;
    if (batch.length > 0) send(batch);
  } finally {
    // Nothing left writing when this returns or throws (the store is closed next).
    await Promise.allSettled(tasks);
  }
  await Promise.all(tasks);

  const filter = {
    ...(options.agencyId === undefined ? {} : { agencyId: options.agencyId }),
    ...(options.year === undefined ? {} : { year: options.year }),
  };
  // Years before the national formats only carry requests over: they get no report of their own.
  const entries = fold
    .statistics(filter)
    .filter((s) => s.year >= FIRST_REPORT_YEAR)
    .map((s) => ({ agencyId: s.agencyId, year: s.year }));
  return { ingested, entries, eventsOf };
}

async function registerAgency(app: LocalApp, agencyId: string): Promise<void> {
  const now = new Date().toISOString();
  const known = KNOWN_AGENCIES[agencyId];
  await app.stores.agencies.put(
    {
      id: agencyId,
      name: known?.name ?? agencyId,
      ...(known?.region ? { region: known.region } : {}),
      registeredAt: now,
      updatedAt: now,
    },
    undefined,
  );
}

/** The templates and office text the reports are generated with. */
async function setUpReports(
  app: LocalApp,
  options: RunOptions,
  template: ReportTemplate | undefined,
  entries: readonly AgencyYear[],
): Promise<void> {
  // The templates: the one given for every agency; else the demo agency's own layout and 2019 text.
  const reportDeps = { reports: app.stores.reports, clock: () => new Date() };
  const agencyIds = new Set(entries.map((e) => e.agencyId));
  if (template) {
    for (const agencyId of agencyIds) await assignTemplate(reportDeps, { agencyId, template });
  } else if (agencyIds.has(DEMO_AGENCY.id)) {
    await setUpDemoReport(reportDeps);
  }
  if (options.narrativeFile !== undefined && options.year !== undefined) {
    for (const agencyId of agencyIds) {
      const { template: inForce } = await templateInForce(reportDeps, agencyId, options.year);
      await saveNarrativeFile(reportDeps, {
        agencyId,
        year: options.year,
        template: inForce,
        file: options.narrativeFile,
      });
    }
  }
}

/**
 * Generates each agency-year (two at a time) and copies its version out of the store into its folder. The
 * generator folds the agency's log for each year: the reports of one agency's years share one read of it.
 */
async function generateAll(
  app: LocalApp,
  entries: readonly AgencyYear[],
  eventsOf: ReadonlyMap<string, number>,
  options: RunOptions,
): Promise<RunResult['written']> {
  const reports = new Map<string, number>();
  for (const { agencyId } of entries) reports.set(agencyId, (reports.get(agencyId) ?? 0) + 1);
  const log = new SharedLogReads(app.stores.events, (agencyId) => {
    const n = reports.get(agencyId) ?? 0;
    return n > 1 && (eventsOf.get(agencyId) ?? 0) <= SHARED_LOG_EVENTS;
  });
  const deps = { ...app.generateDeps, events: log };
  return pLimit(REPORTS_IN_FLIGHT).map(entries, async ({ agencyId, year }) => {
    options.progress(`generate: ${agencyId} ${year}`);
    const version = await generateReport(deps, { agencyId, year });
    // The agency's last report read its log: it is not kept any longer.
    const left = (reports.get(agencyId) ?? 1) - 1;
    reports.set(agencyId, left);
    if (left === 0) log.forget(agencyId);
    const folder = join(options.out, agencyId, String(year));
    const prefix = version.manifestKey.slice(0, version.manifestKey.lastIndexOf('/') + 1);
    const files = await Promise.all(
      ARTIFACTS.map(async (name) => {
        const bytes = await app.artifacts.get(`${prefix}${name}`);
        if (!bytes) throw new Error(`version ${version.version} of ${agencyId} ${year} has no ${name}`);
        return { name, bytes };
      }),
    );
    mkdirSync(folder, { recursive: true });
    for (const { name, bytes } of files) writeFileSync(join(folder, name), bytes);
    return { agencyId, year, version: version.version, folder, draft: version.manifest.draft === true };
  });
}

/**
 * The event log read once per agency where `shared(agencyId)` says so, its pages replayed to every later
 * reader (the same pages, in the same order): exact while nothing writes the log, as in `run` once the
 * events are in. Other agencies are read from the store each time.
 */
class SharedLogReads implements Pick<EventStore, 'readEvents'> {
  private readonly pages = new Map<string, Promise<(readonly EventRecord[])[]>>();

  constructor(
    private readonly log: Pick<EventStore, 'readEvents'>,
    private readonly shared: (agencyId: string) => boolean,
  ) {}

  async *readEvents(agencyId: string): AsyncIterable<readonly EventRecord[]> {
    if (!this.shared(agencyId)) {
      yield* this.log.readEvents(agencyId);
      return;
    }
    let pages = this.pages.get(agencyId);
    if (!pages) {
      pages = allPages(this.log.readEvents(agencyId));
      this.pages.set(agencyId, pages);
    }
    yield* await pages;
  }

  forget(agencyId: string): void {
    this.pages.delete(agencyId);
  }
}

async function allPages(pages: AsyncIterable<readonly EventRecord[]>): Promise<(readonly EventRecord[])[]> {
  const all: (readonly EventRecord[])[] = [];
  for await (const page of pages) all.push(page);
  return all;
}
