import { CALENDAR_VERSION } from '../domain/calendar/index.ts';
import { FIRST_REPORT_YEAR } from '../domain/formats/index.ts';
import { EVENT_TYPE_LABELS } from '../domain/report/labels.ts';
import {
  chineseDate,
  type ReportInput,
  type Timeliness as ReportTimeliness,
} from '../domain/report/model.ts';
import { RULES_VERSION } from '../domain/rules/index.ts';
import type { AgencyYearStatistics, Finding } from '../domain/statistics/types.ts';
import { formatDay, parseOccurredAt, yearOfDay } from '../domain/time.ts';
import { AppError, invalidArgument } from '../errors.ts';
import type {
  AgencyRegistry,
  ArtifactStore,
  Clock,
  EventStore,
  Logger,
  NarrativeRecord,
  PublicationRecord,
  ReportRecords,
  Watermark,
} from '../ports.ts';
import { DRAFT_TAG } from '../ports.ts';
import { type ReportFiles, renderReportFiles } from '../render/report-files.ts';
import { sha256Hex } from './digest.ts';
import {
  type Amendments,
  ARTIFACT_NAMES,
  type ArtifactName,
  CONTENT_TYPES,
  type DraftReason,
  IMMUTABLE_CACHE_CONTROL,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestArtifact,
  type ManifestTemplate,
  objectKey,
  versionsOf,
  yearPrefix,
} from './generate-manifest.ts';
import {
  type AmendmentScan,
  type LoadStatistics,
  readAgencyLog,
  statisticsFromEventLog,
} from './generate-sources.ts';
import { currentPublished } from './publish.ts';
import { type TemplateInForce, templateInForce } from './templates.ts';

export type Render = (input: ReportInput) => Promise<ReportFiles>;

export interface VersionDeps {
  readonly artifacts: ArtifactStore;
  readonly reports: Pick<ReportRecords, 'highestClaimedVersion' | 'claimVersion'>;
  readonly clock: Clock;
  readonly log?: Logger;
  /** The renderers (default: renderReportFiles). */
  readonly render?: Render;
}

export interface VersionInput {
  readonly statistics: AgencyYearStatistics;
  readonly previous?: AgencyYearStatistics;
  readonly agencyName: string;
  readonly template: TemplateInForce;
  readonly narrative?: NarrativeRecord;
  readonly timeliness?: ReportTimeliness;
  readonly watermark: Watermark;
  /** The year's publication, when there is one: the new version then lists the amendments since its current version. */
  readonly publication?: PublicationRecord;
  readonly amendments?: AmendmentScan;
}

export interface GeneratedVersion {
  readonly agencyId: string;
  readonly year: number;
  readonly version: number;
  readonly manifest: Manifest;
  readonly manifestKey: string;
  readonly manifestSha256: string;
  readonly timings: { readonly renderMs: number; readonly writeMs: number };
}

/** `2020-02-03 10:15` in Asia/Shanghai (UTC+8, no daylight saving). */
const beijing = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * A report of a year that is not over when it is generated (a preview during the year): its figures stop at
 * that day. A warning in the report's findings, so that nobody reads it as the whole year.
 */
export function yearInProgressFinding(year: number, now: Date): Finding | undefined {
  const today = parseOccurredAt(now.toISOString())!.day;
  if (yearOfDay(today) > year) return undefined;
  return {
    ruleId: 'report.year-in-progress',
    severity: 'warning',
    message:
      `${year}年尚未结束：本稿数据截至${formatDay(today)}（北京时间），统计期限内此后的情况未计入；` +
      '年度结束后重新生成再发布。',
    cells: [],
  };
}

/** What the draft says about a published year: one finding for the lock, one per amendment listed. */
export function amendmentFindings(
  year: number,
  publication: PublicationRecord,
  scan: AmendmentScan | undefined,
  listed = 20,
): Finding[] {
  const count = scan?.count ?? 0;
  const late = scan?.lateCommitted ?? 0;
  const current = currentPublished(publication);
  const findings: Finding[] = [
    {
      ruleId: 'publication.amendments',
      severity: 'warning',
      message:
        `${year}年度报告已于${beijing(current.at)}发布（第${current.version}版${current.corrected ? '，更正后' : ''}），年度已锁定；` +
        `此后收到属于${year}年的事件${count}条，列为更正事项（已计入本稿数据）` +
        (late > 0
          ? `；另有${late}条事件的接收时间早于发布数据截止时间但当时尚未入库，亦未计入已发布版本`
          : '') +
        '。本稿不自动替代已发布版本；如需替代，以更正方式发布。',
      cells: [],
    },
  ];
  for (const event of scan?.events.slice(0, listed) ?? []) {
    findings.push({
      ruleId: 'publication.amendment',
      severity: 'warning',
      message:
        `发布后收到的事件：${EVENT_TYPE_LABELS[event.type as keyof typeof EVENT_TYPE_LABELS] ?? '其他事件'}` +
        `（事件编号${event.eventId}），发生于${beijingDay(event.occurredAt)}，收到于${beijing(event.receivedAt)}。`,
      cells: [],
    });
  }
  if (count > listed) {
    findings.push({
      ruleId: 'publication.amendment',
      severity: 'warning',
      message: `另有${count - listed}条更正事项，见文件清单（manifest.json）`,
      cells: [],
    });
  }
  return findings;
}

/** The day of an occurredAt in Asia/Shanghai, in Chinese: `2019年12月2日`. */
function beijingDay(occurredAt: string): string {
  const parsed = parseOccurredAt(occurredAt);
  return parsed ? chineseDate(formatDay(parsed.day)) : occurredAt;
}

/** Picks and claims the next version number: above every number handed out and every prefix in the bucket. */
async function claimNextVersion(deps: VersionDeps, agencyId: string, year: number): Promise<number> {
  const [claimed, objects] = await Promise.all([
    deps.reports.highestClaimedVersion(agencyId, year),
    deps.artifacts.list(yearPrefix(agencyId, year)),
  ]);
  let version = Math.max(claimed, versionsOf(objects, agencyId, year).highestUsed) + 1;
  const at = deps.clock().toISOString();
  for (let attempt = 0; attempt < 20; attempt++, version++) {
    if (await deps.reports.claimVersion(agencyId, year, version, at)) return version;
  }
  throw new Error(`could not claim a version number for ${agencyId} ${year} after 20 attempts`);
}

/** Renders one agency-year and writes it as a new immutable version (artifacts, then the manifest). */
export async function generateVersion(deps: VersionDeps, input: VersionInput): Promise<GeneratedVersion> {
  const { agencyId, year } = input.statistics;
  const started = performance.now();
  const files = await renderVersion(deps, input);
  const bodies = artifactBodies(files, input.statistics);
  const renderMs = performance.now() - started;

  const writeStarted = performance.now();
  // A draft's objects carry the draft tag: the bucket's lifecycle expires them (published ones stay).
  const draftTags = files.model.draft ? { tags: { [DRAFT_TAG.key]: DRAFT_TAG.value } } : {};
  const version = await claimNextVersion(deps, agencyId, year);
  const artifacts = await writeArtifacts(deps, { agencyId, year, version }, bodies, draftTags);
  const manifest = versionManifest(deps, input, version, files.model, artifacts);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestKey = objectKey(agencyId, year, version, MANIFEST_NAME);
  await putNew(deps, manifestKey, manifestBytes, CONTENT_TYPES[MANIFEST_NAME], draftTags, version);
  const writeMs = performance.now() - writeStarted;

  deps.log?.info('report version generated', {
    agencyId,
    year,
    version,
    draft: manifest.draft,
    draftReasons: manifest.draftReasons,
    amendments: manifest.amendments?.count,
    renderMs: Math.round(renderMs),
    writeMs: Math.round(writeMs),
  });
  return {
    agencyId,
    year,
    version,
    manifest,
    manifestKey,
    manifestSha256: sha256Hex(manifestBytes),
    timings: { renderMs, writeMs },
  };
}

/** The report files, with the year's and the publication's findings added to the statistics' own. */
async function renderVersion(deps: VersionDeps, input: VersionInput): Promise<ReportFiles> {
  const { statistics, publication } = input;
  const render = deps.render ?? renderReportFiles;
  const now = deps.clock();
  const inProgress = yearInProgressFinding(statistics.year, now);
  const extraFindings = [
    ...(publication ? amendmentFindings(statistics.year, publication, input.amendments) : []),
    ...(inProgress ? [inProgress] : []),
  ];
  return render({
    stats:
      extraFindings.length > 0
        ? { ...statistics, findings: [...statistics.findings, ...extraFindings] }
        : statistics,
    agencyName: input.agencyName,
    template: input.template.template,
    today: formatDay(parseOccurredAt(now.toISOString())!.day),
    ...(input.narrative ? { slots: input.narrative.sections } : {}),
    ...(input.previous ? { previous: input.previous } : {}),
    ...(input.timeliness ? { timeliness: input.timeliness } : {}),
  });
}

function artifactBodies(
  files: ReportFiles,
  statistics: AgencyYearStatistics,
): Record<ArtifactName, Uint8Array> {
  return {
    'report.xlsx': files.xlsx,
    'report.html': Buffer.from(files.html, 'utf8'),
    'report.docx': files.docx,
    'findings.html': Buffer.from(files.findingsHtml, 'utf8'),
    'statistics.json': Buffer.from(`${JSON.stringify(statistics, null, 2)}\n`, 'utf8'),
  };
}

type DraftTags = { readonly tags?: Record<string, string> };

/** Writes an object of a claimed version; it must not exist yet. */
async function putNew(
  deps: VersionDeps,
  key: string,
  body: Uint8Array,
  contentType: string,
  draftTags: DraftTags,
  version: number,
): Promise<void> {
  let written: boolean;
  try {
    written = await deps.artifacts.putIfAbsent(key, body, {
      contentType,
      cacheControl: IMMUTABLE_CACHE_CONTROL,
      ...draftTags,
    });
  } catch (error) {
    // An ambiguous failure: the write (or its draft tag) may have landed although every try answered an
    // error. If the object holds our bytes the write is done (a missing draft tag only means the lifecycle
    // keeps the object); otherwise the failure stands and nothing of the version is readable.
    if (await holdsBytes(deps, key, body)) return;
    throw error;
  }
  if (written) return;
  // The version number is ours (claimed), so what is there can only be this very write: the SDK retried a
  // PutObject whose first try had landed but answered an error. The same bytes mean it is done.
  if (await holdsBytes(deps, key, body)) return;
  throw new Error(`${key} exists already although version ${version} was claimed now`);
}

async function holdsBytes(deps: VersionDeps, key: string, body: Uint8Array): Promise<boolean> {
  const stored = await deps.artifacts.get(key).catch(() => undefined);
  return stored !== undefined && sha256Hex(stored) === sha256Hex(body);
}

async function writeArtifacts(
  deps: VersionDeps,
  at: { agencyId: string; year: number; version: number },
  bodies: Record<ArtifactName, Uint8Array>,
  draftTags: DraftTags,
): Promise<ManifestArtifact[]> {
  return Promise.all(
    ARTIFACT_NAMES.map(async (name) => {
      const key = objectKey(at.agencyId, at.year, at.version, name);
      const body = bodies[name];
      await putNew(deps, key, body, CONTENT_TYPES[name], draftTags, at.version);
      return { name, key, contentType: CONTENT_TYPES[name], sha256: sha256Hex(body), size: body.byteLength };
    }),
  );
}

/** The manifest of a version: what was generated from what, its findings and why it is a draft. */
function versionManifest(
  deps: VersionDeps,
  input: VersionInput,
  version: number,
  model: ReportFiles['model'],
  artifacts: ManifestArtifact[],
): Manifest {
  const { statistics, publication } = input;
  // The model's findings: the rules' on the statistics, the year's and the publication's, and the template's.
  const findings = model.findings;
  const errors = findings.filter((f) => f.severity === 'error').length;
  // A version of a published year is not a draft for that: without errors it may correct the current one
  // (its amendments and `corrects` say what it was generated against). Only errors make a draft.
  const draftReasons: DraftReason[] = errors > 0 ? ['errors'] : [];
  const current = publication ? currentPublished(publication) : undefined;
  const amendments: Amendments | null = current
    ? {
        publishedVersion: current.version,
        publishedAt: current.at,
        publishedWatermark: current.watermark,
        count: input.amendments?.count ?? 0,
        events: input.amendments?.events ?? [],
        lateCommitted: input.amendments?.lateCommitted ?? 0,
      }
    : null;
  return {
    manifestVersion: MANIFEST_VERSION,
    agencyId: statistics.agencyId,
    agencyName: input.agencyName,
    year: statistics.year,
    version,
    formatVersion: statistics.format,
    rulesVersion: RULES_VERSION,
    calendarVersion: CALENDAR_VERSION,
    generatedAt: deps.clock().toISOString(),
    watermark: input.watermark,
    narrativeVersion: input.narrative?.version ?? null,
    timeliness: input.timeliness
      ? { shareOnTime: input.timeliness.shareOnTime, medianWorkingDays: input.timeliness.medianWorkingDays }
      : null,
    template: manifestTemplate(input.template),
    draft: model.draft,
    draftReasons,
    findings: {
      errors,
      warnings: findings.length - errors,
      items: findings.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })),
    },
    amendments,
    corrects: current ? { version: current.version, manifestSha256: current.manifestSha256 } : null,
    artifacts,
  };
}

function manifestTemplate(inForce: TemplateInForce): ManifestTemplate {
  return {
    id: inForce.template.id,
    name: inForce.template.name,
    sha256: inForce.sha256,
    source: inForce.source,
    assignment: inForce.assignment,
  };
}

export interface GenerateDeps extends VersionDeps {
  readonly agencies: Pick<AgencyRegistry, 'get'>;
  readonly reports: ReportRecords;
  /** The event log: folded when there is no `loadStatistics`, and read for amendments after publication. */
  readonly events: Pick<EventStore, 'readEvents'>;
  /** Where the statistics come from (default: a fold of the event log, now). */
  readonly loadStatistics?: LoadStatistics;
}

/** Generates a new version of an agency-year's report from its latest statistics and narrative. */
/** A report year Gongkai prints: FIRST_REPORT_YEAR on (400 before). */
export function assertReportYear(year: number): void {
  if (year < FIRST_REPORT_YEAR) {
    throw invalidArgument(
      `Gongkai prints reports from ${FIRST_REPORT_YEAR} on, in the national format of 国办公开办函〔2019〕60号; ` +
        `a ${year} report followed the earlier format`,
    );
  }
}

export async function generateReport(
  deps: GenerateDeps,
  request: { readonly agencyId: string; readonly year: number },
): Promise<GeneratedVersion> {
  const { agencyId, year } = request;
  assertReportYear(year);
  const [agency, publication, narrative, template] = await Promise.all([
    deps.agencies.get(agencyId),
    deps.reports.getPublication(agencyId, year),
    deps.reports.latestNarrative(agencyId, year),
    templateInForce(deps, agencyId, year),
  ]);
  if (!agency) throw new AppError(404, 'not_found', `agency "${agencyId}" is not registered`);
  // Amendments count from the version current now (the latest correction's, else the first publication's).
  const since = publication ? currentPublished(publication).watermark : undefined;
  const load = deps.loadStatistics ?? statisticsFromEventLog(deps.events, deps.clock, deps.log);
  const loaded = await load(agencyId, year, since ? { amendmentsSince: since } : {});
  if (!loaded) {
    throw new AppError(
      404,
      'not_found',
      `no statistics of ${agencyId} for ${year} yet (the nightly computes them)`,
    );
  }
  let amendments = loaded.amendments;
  if (since && !amendments) {
    amendments = (
      await readAgencyLog(deps.events, deps.clock, agencyId, year, { fold: false, amendmentsSince: since })
    ).amendments;
  }
  return generateVersion(deps, {
    statistics: loaded.statistics,
    agencyName: agency.name,
    template,
    watermark: loaded.watermark,
    ...(loaded.previous ? { previous: loaded.previous } : {}),
    ...(loaded.timeliness ? { timeliness: loaded.timeliness } : {}),
    ...(narrative ? { narrative } : {}),
    ...(publication ? { publication } : {}),
    ...(amendments ? { amendments } : {}),
  });
}
