/**
 * The layout of the published artifacts and their manifest, shared by the generator (which writes them)
 * and the reports API (which lists, publishes and links them). No renderer here, so the reports API does
 * not carry exceljs and docx.
 *
 *   reports/{agencyId}/{year}/v{n}/report.xlsx      the national tables (official layout)
 *                                  report.html      the annual report
 *                                  report.docx      the annual report
 *                                  findings.html    the rules' and the template's findings (never in the report)
 *                                  statistics.json  the AgencyYearStatistics it was rendered from
 *                                  manifest.json    written LAST: sha256 and size of each of the above, …
 *
 * A version exists for readers only when its manifest does: a crash while writing leaves a prefix without
 * a manifest, which is skipped by readers and never reused by writers (they number above every prefix).
 */
import type { FormatVersion } from '../domain/formats/index.ts';
import { DRAFT_MARK } from '../domain/report/labels.ts';
import { reportTitle } from '../domain/report/model.ts';
import type { Severity } from '../domain/statistics/types.ts';
import { MAX_YEAR, MIN_YEAR } from '../domain/time.ts';
import { notFound } from '../errors.ts';
import type { ArtifactObject, ArtifactStore, Watermark } from '../ports.ts';

export const MANIFEST_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
/** Written before the manifest, in this order. */
export const ARTIFACT_NAMES = [
  'report.xlsx',
  'report.html',
  'report.docx',
  'findings.html',
  'statistics.json',
] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];
export type DownloadName = ArtifactName | typeof MANIFEST_NAME;
export const DOWNLOAD_NAMES = [...ARTIFACT_NAMES, MANIFEST_NAME] as const satisfies readonly DownloadName[];

export const CONTENT_TYPES: Readonly<Record<DownloadName, string>> = {
  'report.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'report.html': 'text/html; charset=utf-8',
  'report.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'findings.html': 'text/html; charset=utf-8',
  'statistics.json': 'application/json; charset=utf-8',
  'manifest.json': 'application/json; charset=utf-8',
};

/** Objects of a version never change: caches may keep them for ever. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export const yearPrefix = (agencyId: string, year: number) => `reports/${agencyId}/${year}/`;
export const versionPrefix = (agencyId: string, year: number, version: number) =>
  `${yearPrefix(agencyId, year)}v${version}/`;
export const objectKey = (agencyId: string, year: number, version: number, name: DownloadName) =>
  `${versionPrefix(agencyId, year, version)}${name}`;

export interface ManifestArtifact {
  readonly name: ArtifactName;
  readonly key: string;
  readonly contentType: string;
  /** sha256 (hex) of the stored bytes. */
  readonly sha256: string;
  readonly size: number;
}

/** An event of the report year stored after the year's publication (by receivedAt). */
export interface AmendmentEvent {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
}

export interface Amendments {
  readonly publishedVersion: number;
  readonly publishedAt: string;
  /** The watermark of the published version: what its figures were computed from. */
  readonly publishedWatermark: Watermark;
  /** Events of the year received after that watermark: figures the published report does not have. */
  readonly count: number;
  /** The first of them by receivedAt (at most MAX_LISTED_AMENDMENTS). */
  readonly events: readonly AmendmentEvent[];
  /**
   * Events received at or before the watermark but stored after it was read (a write still in flight):
   * not in the published figures either. Counted over the agency's whole log.
   */
  readonly lateCommitted: number;
}

export const MAX_LISTED_AMENDMENTS = 200;

/** `year-published`: only in manifests written before corrections existed (such a version was a draft). */
export type DraftReason = 'errors' | 'year-published';

/** The published version a version generated for a published year would correct (更正): the current one. */
export interface ManifestCorrects {
  readonly version: number;
  /** sha256 (hex) of that version's manifest.json. */
  readonly manifestSha256: string;
}

/** The template a version was generated with. */
export interface ManifestTemplate {
  readonly id: string;
  readonly name: string;
  /** sha256 of the template's canonical JSON (shared/use-cases/templates.ts templateHash). */
  readonly sha256: string;
  /** `agency`: the agency's own (assignment n); `national`: the built-in default of the year. */
  readonly source: 'agency' | 'national';
  readonly assignment: number | null;
}

export interface ManifestFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface Manifest {
  readonly manifestVersion: typeof MANIFEST_VERSION;
  readonly agencyId: string;
  readonly agencyName: string;
  readonly year: number;
  readonly version: number;
  /** The national format of the tables (国办公开办函〔2019〕60号 or 〔2021〕30号). */
  readonly formatVersion: FormatVersion;
  readonly rulesVersion: string;
  readonly calendarVersion: string;
  readonly generatedAt: string;
  /** What the statistics were computed from (the event log up to here). */
  readonly watermark: Watermark;
  /** The agency's narrative version used (null: none saved). */
  readonly narrativeVersion: number | null;
  readonly template: ManifestTemplate;
  /** A draft (草稿) must not be published: it has error findings. */
  readonly draft: boolean;
  readonly draftReasons: readonly DraftReason[];
  readonly findings: {
    readonly errors: number;
    readonly warnings: number;
    readonly items: readonly ManifestFinding[];
  };
  /** Set when the year was published before this version: what changed since. */
  readonly amendments: Amendments | null;
  /**
   * Set when the year was published before this version: the version current at generation, which this one
   * may be published to correct (POST …/corrections) as long as it is still current. Absent in manifests
   * written before corrections existed.
   */
  readonly corrects?: ManifestCorrects | null;
  /**
   * The timeliness the report states (replies within the legal period, on the working-day calendar): not part
   * of statistics.json, recorded here so that published versions can be compared (the site's parent pages).
   * Absent in manifests written before, and when nothing was decided.
   */
  readonly timeliness?: ManifestTimeliness | null;
  readonly artifacts: readonly ManifestArtifact[];
}

export interface ManifestTimeliness {
  /** Share of the requests decided in the year that were answered within the legal period, 0..1. */
  readonly shareOnTime: number;
  readonly medianWorkingDays: number | null;
}

export function parseManifest(bytes: Uint8Array): Manifest {
  const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
  if (manifest.manifestVersion !== MANIFEST_VERSION)
    throw new Error(`unknown manifest version ${String(manifest.manifestVersion)}`);
  return manifest;
}

/** A version's manifest with its bytes; none when it is missing or unreadable (a write cut short): no such version. */
export async function storedManifest(
  artifacts: Pick<ArtifactStore, 'get'>,
  ref: { readonly agencyId: string; readonly year: number; readonly version: number },
): Promise<{ readonly bytes: Uint8Array; readonly manifest: Manifest } | undefined> {
  const bytes = await artifacts.get(objectKey(ref.agencyId, ref.year, ref.version, MANIFEST_NAME));
  const manifest = bytes ? readableManifest(bytes) : undefined;
  return bytes && manifest ? { bytes, manifest } : undefined;
}

/** The manifest, or undefined when the bytes are not one (cut short by a crash): that version does not exist. */
export function readableManifest(bytes: Uint8Array): Manifest | undefined {
  try {
    return parseManifest(bytes);
  } catch {
    return undefined;
  }
}

/** The versions under a year's prefix: those with a manifest (readable), and the highest number used at all. */
export function versionsOf(
  objects: readonly ArtifactObject[],
  agencyId: string,
  year: number,
): { readonly readable: Map<number, ArtifactObject>; readonly highestUsed: number } {
  const prefix = yearPrefix(agencyId, year);
  const readable = new Map<number, ArtifactObject>();
  let highestUsed = 0;
  for (const object of objects) {
    if (!object.key.startsWith(prefix)) continue;
    const match = /^v(\d+)\/(.*)$/.exec(object.key.slice(prefix.length));
    if (!match) continue;
    const version = Number(match[1]);
    highestUsed = Math.max(highestUsed, version);
    if (match[2] === MANIFEST_NAME) readable.set(version, object);
  }
  return { readable, highestUsed };
}

// ── Requests ───────────────────────────────────────────────────────────────────────────────────────────

const AGENCY_ID = /^[a-z0-9-]{1,64}$/;

/** The agency and year of a report path, checked (404: no such report can exist). */
/** An agency id from a path, or 404. */
export function agencyRef(agencyId: string | undefined): string {
  if (agencyId === undefined || !AGENCY_ID.test(agencyId))
    throw notFound('no such agency: an agency id is 1–64 characters of a–z 0–9 -');
  return agencyId;
}

export function reportRef(agencyId: string | undefined, year: string | undefined) {
  agencyRef(agencyId);
  const y = Number(year);
  if (year === undefined || !/^\d{4}$/.test(year) || y < MIN_YEAR || y > MAX_YEAR)
    throw notFound(`no such report year: a year is ${MIN_YEAR}–${MAX_YEAR}`);
  return { agencyId: agencyId as string, year: y };
}

/** `3` or `v3` → 3. */
export function parseVersion(text: string | undefined): number {
  const match = /^v?([1-9]\d{0,8})$/.exec(text ?? '');
  if (!match) throw notFound('no such version: a version is a whole number ≥ 1 (e.g. 3 or v3)');
  return Number(match[1]);
}

export function parseDownloadName(text: string | undefined): DownloadName {
  if (!DOWNLOAD_NAMES.includes(text as DownloadName))
    throw notFound(`no such file: the files of a version are ${DOWNLOAD_NAMES.join(', ')}`);
  return text as DownloadName;
}

// ── File names (Content-Disposition) ───────────────────────────────────────────────────────────────────

/** The name a reader saves a file under: `杭州市公安局2019年政府信息公开工作年度报告.xlsx`. */
export function downloadFileName(
  manifest: Pick<Manifest, 'agencyName' | 'year' | 'version' | 'draft'>,
  name: DownloadName,
): string {
  const title = reportTitle(manifest.agencyName, manifest.year);
  const mark = manifest.draft ? `（${DRAFT_MARK}，第${manifest.version}版）` : '';
  switch (name) {
    case 'report.xlsx':
      return `${title}${mark}.xlsx`;
    case 'report.html':
      return `${title}${mark}.html`;
    case 'report.docx':
      return `${title}${mark}.docx`;
    case 'findings.html':
      return `${title}（第${manifest.version}版）校验结果.html`;
    case 'statistics.json':
      return `${manifest.agencyName}${manifest.year}年政府信息公开统计数据（第${manifest.version}版）.json`;
    case 'manifest.json':
      return `${title}（第${manifest.version}版）文件清单.json`;
  }
}

/** RFC 5987 ext-value characters: everything else is percent-encoded (UTF-8). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * RFC 6266: `attachment; filename="report.xlsx"; filename*=UTF-8''%E6%9D%AD…`. The plain `filename` is an
 * ASCII fallback for old clients; `filename*` carries the Chinese name and wins where understood.
 */
export function contentDisposition(fallback: string, fileName: string): string {
  const ascii = fallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
