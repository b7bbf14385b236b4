/**
 * `gongkai run`: the whole pipeline on the embedded default, in a fresh temporary store — the events go in
 * through the real ingest use case, the nightly computes the statistics, the generator publishes a version
 * to s3rver — and each agency-year's artifacts are copied out of the store into a folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoleWriterEventStore } from '../../shared/adapters/dynamodb-event-store.ts';
import type { EventLine } from '../../shared/adapters/event-file.ts';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { FIRST_REPORT_YEAR } from '../../shared/domain/formats/index.ts';
import type { ReportTemplate } from '../../shared/domain/report/template.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { invalidArgument } from '../../shared/errors.ts';
import type { Logger } from '../../shared/ports.ts';
import { assertReportYear, generateReport } from '../../shared/use-cases/generate.ts';
import { type IngestDeps, ingest, MAX_EVENTS_PER_BATCH } from '../../shared/use-cases/ingest.ts';
import { assignTemplate, templateInForce } from '../../shared/use-cases/templates.ts';
import { createLocalApp } from './app.ts';
import { DEMO_AGENCY } from './demo.ts';
import { saveNarrativeFile, setUpDemoReport } from './demo-report.ts';
import { openLocalStorage } from './runtime.ts';

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

export interface RunOptions {
  /** Reads the events: calls back once per line (valid or not), in file order. */
  readonly readEvents: (onLine: (line: EventLine) => void) => Promise<unknown>;
  readonly out: string;
  readonly agencyId?: string;
  readonly year?: number;
  /** The template every report is generated with (else the agency's: the demo's for hz-psb; else national). */
  readonly template?: ReportTemplate;
  /** The office's text (slots of the template) for the year asked for (`year` is required with it). */
  readonly narrativeFile?: string;
  readonly log: Logger;
  readonly progress: (text: string) => void;
}

export interface RunResult {
  readonly written: { agencyId: string; year: number; version: number; folder: string; draft: boolean }[];
  readonly ingested: Record<string, number>;
}

type LocalApp = ReturnType<typeof createLocalApp>;
type AgencyYear = { readonly agencyId: string; readonly year: number };

export async function runPipeline(options: RunOptions): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-run-'));
  const storage = await openLocalStorage(dataDir);
  const app = createLocalApp({
    config: storage.config,
    clients: storage.clients,
    log: options.log,
    schedule: false,
  });
  try {
    if (options.year !== undefined) assertReportYear(options.year);
    if (options.narrativeFile !== undefined && options.year === undefined) {
      throw invalidArgument('--narrative is the text of one report year: give --year too');
    }
    const { events, agencyIds, entries } = await readAgencyYears(options);
    await registerAgencies(app, options, agencyIds, entries);
    // Written in batches: this store is fresh and nobody else writes it (SoleWriterEventStore: same
    // judging, same items).
    const soleWriter = new SoleWriterEventStore(storage.clients.dynamodb, storage.config.tables.events);
    const ingested = await ingestAll({ ...app.ingestDeps, events: soleWriter }, events, options.progress);
    // The nightly: statistics, findings and deadlines for every changed agency.
    options.progress('nightly: computing statistics');
    await app.scheduler.runNow('gongkai run');
    return { written: await generateAll(app, entries, options), ingested };
  } finally {
    await app.stop();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The events of the agency asked for (all, by default), the agencies they name and the agency-years to report. */
async function readAgencyYears(
  options: RunOptions,
): Promise<{ events: GongkaiEvent[]; agencyIds: Iterable<string>; entries: AgencyYear[] }> {
  const wanted = (e: GongkaiEvent) => options.agencyId === undefined || e.agencyId === options.agencyId;
  const events: GongkaiEvent[] = [];
  const fold = new StatisticsFold();
  await options.readEvents((line) => {
    if (line.ok && wanted(line.event)) {
      events.push(line.event);
      fold.add(line.event);
    }
  });
  const filter = {
    ...(options.agencyId === undefined ? {} : { agencyId: options.agencyId }),
    ...(options.year === undefined ? {} : { year: options.year }),
  };
  // Years before the national formats only carry requests over: they get no report of their own.
  const entries = fold
    .statistics(filter)
    .filter((s) => s.year >= FIRST_REPORT_YEAR)
    .map((s) => ({ agencyId: s.agencyId, year: s.year }));
  return { events, agencyIds: fold.agencyIds(), entries };
}

/** Registers the agencies, and the templates and office text their reports are generated with. */
async function registerAgencies(
  app: LocalApp,
  options: RunOptions,
  named: Iterable<string>,
  entries: readonly AgencyYear[],
): Promise<void> {
  const clock = () => new Date();
  const now = clock().toISOString();
  for (const agencyId of new Set([...named, ...entries.map((e) => e.agencyId)])) {
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
  // The templates: the one given for every agency; else the demo agency's own layout and 2019 text.
  const reportDeps = { reports: app.stores.reports, clock };
  const agencyIds = new Set(entries.map((e) => e.agencyId));
  if (options.template) {
    for (const agencyId of agencyIds)
      await assignTemplate(reportDeps, { agencyId, template: options.template });
  } else if (agencyIds.has(DEMO_AGENCY.id)) {
    await setUpDemoReport(reportDeps);
  }
  if (options.narrativeFile !== undefined && options.year !== undefined) {
    for (const agencyId of agencyIds) {
      const { template } = await templateInForce(reportDeps, agencyId, options.year);
      await saveNarrativeFile(reportDeps, {
        agencyId,
        year: options.year,
        template,
        file: options.narrativeFile,
      });
    }
  }
}

/** Ingests through the real use case, 500 a batch; returns the count of each answer. */
async function ingestAll(
  deps: IngestDeps,
  events: readonly GongkaiEvent[],
  progress: (text: string) => void,
): Promise<Record<string, number>> {
  const ingested: Record<string, number> = {};
  let done = 0;
  const ingestBatch = async (items: GongkaiEvent[]) => {
    const report = await ingest(deps, { batch: true, items }, { kind: 'trusted' });
    for (const result of report.results) ingested[result.status] = (ingested[result.status] ?? 0) + 1;
    done += items.length;
    progress(`ingest: ${done}/${events.length} events`);
  };
  const batches: GongkaiEvent[][] = [];
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH)
    batches.push(events.slice(i, i + MAX_EVENTS_PER_BATCH));
  // Two batches in flight: one is judged and hashed while the other is written.
  for (let i = 0; i < batches.length; i += 2) await Promise.all(batches.slice(i, i + 2).map(ingestBatch));
  return ingested;
}

/** Generates each agency-year and copies its version out of the store into its folder. */
async function generateAll(
  app: LocalApp,
  entries: readonly AgencyYear[],
  options: RunOptions,
): Promise<RunResult['written']> {
  const written: RunResult['written'] = [];
  for (const { agencyId, year } of entries) {
    options.progress(`generate: ${agencyId} ${year}`);
    const version = await generateReport(app.generateDeps, { agencyId, year });
    const folder = join(options.out, agencyId, String(year));
    mkdirSync(folder, { recursive: true });
    const prefix = version.manifestKey.slice(0, version.manifestKey.lastIndexOf('/') + 1);
    for (const name of ARTIFACTS) {
      const bytes = await app.artifacts.get(`${prefix}${name}`);
      if (!bytes) throw new Error(`version ${version.version} of ${agencyId} ${year} has no ${name}`);
      writeFileSync(join(folder, name), bytes);
    }
    written.push({
      agencyId,
      year,
      version: version.version,
      folder,
      draft: version.manifest.draft === true,
    });
  }
  return written;
}
