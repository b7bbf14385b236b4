import { FIRST_REPORT_YEAR } from '../domain/formats/index.ts';
import type { AgencyYearStatistics } from '../domain/statistics/types.ts';
import type {
  Agency,
  AgencyRegistry,
  ArtifactStore,
  Clock,
  PublicationRecord,
  ReportRecords,
} from '../ports.ts';
import { sha256Hex } from './digest.ts';
import { type Manifest, objectKey, storedManifest } from './generate-manifest.ts';
import { currentVersion, publishedVersions } from './publish.ts';

export interface SiteReadDeps {
  readonly agencies: Pick<AgencyRegistry, 'get' | 'list'>;
  readonly reports: Pick<ReportRecords, 'getPublication' | 'listPublications'>;
  readonly artifacts: Pick<ArtifactStore, 'get'>;
  readonly clock: Clock;
}

/** The report years the site looks at: from the first national format's year to this one. */
export function reportYears(clock: Clock): number[] {
  const last = Math.max(FIRST_REPORT_YEAR, clock().getUTCFullYear());
  return Array.from({ length: last - FIRST_REPORT_YEAR + 1 }, (_, i) => last - i);
}

// ── The index ──────────────────────────────────────────────────────────────────────────────────────────

export interface PublishedEntry {
  readonly agency: Agency;
  readonly publication: PublicationRecord;
  /** The version shown now (its latest correction's, else the first publication's). */
  readonly currentVersion: number;
}

export interface PublishedGroup {
  /** The parent agency the reports are grouped under (an agency without a parent heads its own group). */
  readonly head: Agency;
  /** Whether the head has registered children (then its page compares them). */
  readonly hasChildren: boolean;
  /** Newest year first, then by agency name; the head's own reports first within a year. */
  readonly entries: readonly PublishedEntry[];
}

export interface PublishedIndex {
  readonly groups: readonly PublishedGroup[];
  /** Published reports in all (before the search). */
  readonly total: number;
  /** The search as understood (trimmed), or '' for none. */
  readonly query: string;
  readonly matched: number;
}

/** Letters compared without case and width (全角 ＡＢＣ as ABC), spaces ignored. */
const normalized = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const byName = (a: Agency, b: Agency) => a.name.localeCompare(b.name, 'zh-Hans-CN') || (a.id < b.id ? -1 : 1);

/**
 * Every published report, grouped under its parent agency, filtered by a name (the agency's, or its
 * parent's: searching a city bureau finds its district bureaus too) or an id.
 */
export async function publishedIndex(deps: SiteReadDeps, search = ''): Promise<PublishedIndex> {
  const years = reportYears(deps.clock);
  const [agencies, ...perYear] = await Promise.all([
    deps.agencies.list(),
    ...years.map((year) => deps.reports.listPublications(year)),
  ]);
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));
  const query = search.trim().slice(0, 100);
  const wanted = normalized(query);
  const entries: PublishedEntry[] = [];
  let total = 0;
  for (const publication of perYear.flat()) {
    const agency = byId.get(publication.agencyId);
    if (!agency) continue;
    total++;
    const parent = agency.parentId ? byId.get(agency.parentId) : undefined;
    const haystack = [agency.name, agency.id, parent?.name ?? ''].map(normalized);
    if (wanted !== '' && !haystack.some((text) => text.includes(wanted))) continue;
    entries.push({ agency, publication, currentVersion: currentVersion(publication) });
  }
  const parents = new Set(agencies.map((agency) => agency.parentId).filter((id) => id !== undefined));
  const groups = new Map<string, { head: Agency; hasChildren: boolean; entries: PublishedEntry[] }>();
  for (const entry of entries) {
    const head = (entry.agency.parentId && byId.get(entry.agency.parentId)) || entry.agency;
    let group = groups.get(head.id);
    if (!group) {
      group = { head, hasChildren: parents.has(head.id), entries: [] };
      groups.set(head.id, group);
    }
    group.entries.push(entry);
  }
  for (const group of groups.values()) {
    group.entries.sort(
      (a, b) =>
        b.publication.year - a.publication.year ||
        Number(b.agency.id === group.head.id) - Number(a.agency.id === group.head.id) ||
        byName(a.agency, b.agency),
    );
  }
  return {
    groups: [...groups.values()].sort((a, b) => byName(a.head, b.head)),
    total,
    query,
    matched: entries.length,
  };
}

// ── One report ─────────────────────────────────────────────────────────────────────────────────────────

export interface PublishedVersion {
  readonly version: number;
  readonly manifest: Manifest;
  /** manifest.json itself: its size and sha256 (hex). */
  readonly manifestFile: { readonly size: number; readonly sha256: string };
  /** When it was published: the first publication's date, or its correction's. */
  readonly publishedAt: string;
  /** Set when this version is a correction (更正): what it replaced and why. */
  readonly correction: { readonly corrects: number; readonly reason: string } | null;
}

export interface PublicReport {
  readonly agency: Agency | undefined;
  readonly parent: Agency | undefined;
  readonly publication: PublicationRecord;
  /** Every published version, oldest first (the first publication, then each correction). */
  readonly versions: readonly PublishedVersion[];
  readonly current: PublishedVersion;
  /** The current version's report.html (the whole page as generated). */
  readonly reportHtml: string | undefined;
}

async function publishedManifest(deps: SiteReadDeps, agencyId: string, year: number, version: number) {
  const stored = await storedManifest(deps.artifacts, { agencyId, year, version });
  if (!stored) return undefined;
  return {
    manifest: stored.manifest,
    manifestFile: { size: stored.bytes.byteLength, sha256: sha256Hex(stored.bytes) },
  };
}

/** The published report of an agency-year, or undefined when the year is not published. */
export async function publicReport(
  deps: SiteReadDeps,
  ref: { agencyId: string; year: number },
): Promise<PublicReport | undefined> {
  const { agencyId, year } = ref;
  const [publication, agency] = await Promise.all([
    deps.reports.getPublication(agencyId, year),
    deps.agencies.get(agencyId),
  ]);
  if (!publication) return undefined;
  const corrections = publication.corrections ?? [];
  const [parent, reportBytes, ...read] = await Promise.all([
    agency?.parentId ? deps.agencies.get(agency.parentId) : undefined,
    deps.artifacts.get(objectKey(agencyId, year, currentVersion(publication), 'report.html')),
    ...publishedVersions(publication).map((version) => publishedManifest(deps, agencyId, year, version)),
  ]);
  const versions: PublishedVersion[] = [];
  for (const [i, found] of read.entries()) {
    if (!found) continue;
    const correction = i === 0 ? undefined : corrections[i - 1];
    versions.push({
      version: found.manifest.version,
      ...found,
      publishedAt: correction?.correctedAt ?? publication.publishedAt,
      correction: correction ? { corrects: correction.corrects, reason: correction.reason } : null,
    });
  }
  const current = versions.find((v) => v.version === currentVersion(publication));
  // A publication whose current manifest cannot be read (a broken store): nothing to show.
  if (!current) return undefined;
  return {
    agency,
    parent,
    publication,
    versions,
    current,
    reportHtml: reportBytes ? Buffer.from(reportBytes).toString('utf8') : undefined,
  };
}

// ── A parent agency's children compared ────────────────────────────────────────────────────────────────

/** The figures compared, from a child's published statistics.json (and its manifest's timeliness). */
export interface ComparedFigures {
  /** 本年新收: requests received in the year (all applicant types). */
  readonly received: number;
  /** Requests decided in the year (（七）总计). */
  readonly decided: number;
  /** Decided within the legal period / decided, as the report states it (manifest timeliness); null: not recorded. */
  readonly shareOnTime: number | null;
  /** 其他处理 (the `other` rows of the requests table) / decided; null when nothing was decided. */
  readonly otherShare: number | null;
  readonly other: number;
  /** Reviews concluded 纠错 (结果纠正): administrative reconsideration, and litigation (both columns). */
  readonly reconsiderationCorrected: number;
  readonly litigationCorrected: number;
  readonly reviewsTotal: number;
}

export interface ComparedChild {
  readonly agency: Agency;
  /** Unset when the child has not published the year. */
  readonly published?: {
    readonly publication: PublicationRecord;
    readonly version: number;
    readonly figures: ComparedFigures | undefined;
  };
}

export interface ParentComparison {
  readonly agency: Agency;
  readonly children: readonly Agency[];
  /** Years in which at least one child published, newest first. */
  readonly years: readonly number[];
  /** The year compared (asked for, else the latest a child published), or undefined when none did. */
  readonly year: number | undefined;
  readonly rows: readonly ComparedChild[];
  /** The parent's own publication of that year, if any. */
  readonly own: PublicationRecord | undefined;
}

const cell = (table: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined, row: string) =>
  table?.[row]?.total ?? 0;

export function comparedFigures(statistics: AgencyYearStatistics, manifest: Manifest): ComparedFigures {
  const requests = statistics.tables.requests as Readonly<Record<string, Readonly<Record<string, number>>>>;
  const reviews = statistics.tables.reviews as Readonly<Record<string, Readonly<Record<string, number>>>>;
  const decided = cell(requests, 'decided_total');
  // 2019 format: one 其他处理 row `other`; 2021: its three `other.*` rows.
  const other = Object.keys(requests)
    .filter((row) => row === 'other' || row.startsWith('other.'))
    .reduce((sum, row) => sum + cell(requests, row), 0);
  const corrected = (row: string) => reviews[row]?.corrected ?? 0;
  return {
    received: cell(requests, 'received'),
    decided,
    shareOnTime: manifest.timeliness?.shareOnTime ?? null,
    otherShare: decided === 0 ? null : other / decided,
    other,
    reconsiderationCorrected: corrected('reconsideration'),
    litigationCorrected: corrected('litigation_direct') + corrected('litigation_after_reconsideration'),
    reviewsTotal: Object.values(reviews).reduce((sum, row) => sum + (row.total ?? 0), 0),
  };
}

async function publishedFigures(
  deps: SiteReadDeps,
  publication: PublicationRecord,
): Promise<ComparedChild['published']> {
  const { agencyId, year } = publication;
  const version = currentVersion(publication);
  const [found, statisticsBytes] = await Promise.all([
    publishedManifest(deps, agencyId, year, version),
    deps.artifacts.get(objectKey(agencyId, year, version, 'statistics.json')),
  ]);
  let figures: ComparedFigures | undefined;
  if (found && statisticsBytes) {
    try {
      const statistics = JSON.parse(Buffer.from(statisticsBytes).toString('utf8')) as AgencyYearStatistics;
      figures = comparedFigures(statistics, found.manifest);
    } catch {
      figures = undefined;
    }
  }
  return { publication, version, figures };
}

/** The children of a parent agency side by side for a year, or undefined when there is no such agency. */
export async function parentComparison(
  deps: SiteReadDeps,
  request: { agencyId: string; year?: number },
): Promise<ParentComparison | undefined> {
  const [agency, all] = await Promise.all([deps.agencies.get(request.agencyId), deps.agencies.list()]);
  if (!agency) return undefined;
  const children = all.filter((a) => a.parentId === agency.id).sort(byName);
  const ids = new Set(children.map((c) => c.id));
  const years = reportYears(deps.clock);
  const perYear = await Promise.all(years.map((year) => deps.reports.listPublications(year)));
  const published = new Map(years.map((year, i) => [year, perYear[i]!]));
  const withChildren = years.filter((year) => published.get(year)!.some((p) => ids.has(p.agencyId)));
  const year = request.year ?? withChildren[0];
  if (year === undefined) return { agency, children, years: withChildren, year, rows: [], own: undefined };
  const ofYear = new Map(
    (published.get(year) ?? (await deps.reports.listPublications(year))).map((p) => [p.agencyId, p]),
  );
  const rows = await Promise.all(
    children.map(async (child): Promise<ComparedChild> => {
      const publication = ofYear.get(child.id);
      return publication
        ? { agency: child, published: await publishedFigures(deps, publication) }
        : { agency: child };
    }),
  );
  return { agency, children, years: withChildren, year, rows, own: ofYear.get(agency.id) };
}
