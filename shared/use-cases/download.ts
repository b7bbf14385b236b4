import { forbidden, notFound, unauthorized } from '../errors.ts';
import type { ArtifactStore, Clock, PublicationRecord, ReportRecords } from '../ports.ts';
import { sha256Hex } from './digest.ts';
import {
  CONTENT_TYPES,
  contentDisposition,
  type DownloadName,
  downloadFileName,
  MANIFEST_NAME,
  type Manifest,
  objectKey,
  storedManifest,
  versionsOf,
  yearPrefix,
} from './generate-manifest.ts';
import { currentVersion, publishedVersions } from './publish.ts';
import type { PublicationSummary, VersionList, VersionSummary } from './version-answers.ts';

export type { PublicationSummary, VersionList, VersionSummary };

/** Who asks: a key (its agencies) or nobody (with the reason there is no valid key). */
export type Reader =
  | { readonly kind: 'key'; readonly keyId: string; readonly agencyIds: ReadonlySet<string> }
  | { readonly kind: 'anonymous'; readonly reason: string };

export interface ReadDeps {
  readonly artifacts: Pick<ArtifactStore, 'get' | 'list' | 'presignGet'>;
  readonly reports: Pick<ReportRecords, 'getPublication'>;
  readonly clock: Clock;
}

export interface DownloadDeps extends ReadDeps {
  readonly linkTtlSeconds: number;
}

const mayReadDrafts = (reader: Reader, agencyId: string) =>
  reader.kind === 'key' && reader.agencyIds.has(agencyId);

/** Refuses an unpublished version to anyone but a key of its agency (401 without a valid key, else 403). */
function checkDraftAccess(reader: Reader, agencyId: string, year: number, version: number): void {
  if (reader.kind === 'anonymous') {
    throw unauthorized(
      `version ${version} of ${agencyId} ${year} is not published: only a key of ${agencyId} may read it (${reader.reason})`,
    );
  }
  if (!reader.agencyIds.has(agencyId)) {
    throw forbidden(
      `version ${version} of ${agencyId} ${year} is not published: this API key may not read it`,
    );
  }
}

/** A version's manifest; none when it is missing or unreadable (a write cut short): no such version. */
async function readManifest(
  deps: Pick<ReadDeps, 'artifacts'>,
  agencyId: string,
  year: number,
  version: number,
) {
  return (await storedManifest(deps.artifacts, { agencyId, year, version }))?.manifest;
}

export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: string;
  readonly fileName: string;
  readonly published: boolean;
}

export async function downloadLink(
  deps: DownloadDeps,
  request: { agencyId: string; year: number; version: number; name: DownloadName; reader: Reader },
): Promise<DownloadLink> {
  const { agencyId, year, version, name, reader } = request;
  const [manifest, publication] = await Promise.all([
    readManifest(deps, agencyId, year, version),
    deps.reports.getPublication(agencyId, year),
  ]);
  const published = publication !== undefined && publishedVersions(publication).includes(version);
  // An unpublished version's very existence is the agency's business: check access before answering 404.
  if (!published) checkDraftAccess(reader, agencyId, year, version);
  if (!manifest) throw notFound(`${agencyId} ${year} has no version ${version}`);
  const fileName = downloadFileName(manifest, name);
  const signedAt = deps.clock();
  const url = await deps.artifacts.presignGet(objectKey(agencyId, year, version, name), {
    expiresInSeconds: deps.linkTtlSeconds,
    contentDisposition: contentDisposition(name, fileName),
    contentType: CONTENT_TYPES[name],
    signedAt,
  });
  const expiresAt = new Date(signedAt.getTime() + deps.linkTtlSeconds * 1000).toISOString();
  return { url, expiresAt, fileName, published };
}

export const MAX_LISTED_VERSIONS = 100;

export function publicationSummary(publication: PublicationRecord): PublicationSummary {
  return {
    version: publication.version,
    publishedAt: publication.publishedAt,
    currentVersion: currentVersion(publication),
    corrections: (publication.corrections ?? []).map(({ version, corrects, reason, correctedAt }) => ({
      version,
      corrects,
      reason,
      correctedAt,
    })),
  };
}

/** A version's place in the year's publication: published, current, corrected by, a correction of. */
function publicationStatus(version: number, publication: PublicationRecord | undefined) {
  if (!publication) return { published: false, current: false, correctedBy: null, correction: null };
  const corrections = publication.corrections ?? [];
  const own = corrections.find((c) => c.version === version);
  const replacing = corrections.find((c) => c.corrects === version);
  return {
    published: publishedVersions(publication).includes(version),
    current: currentVersion(publication) === version,
    correctedBy: replacing?.version ?? null,
    correction: own ? { corrects: own.corrects, reason: own.reason, correctedAt: own.correctedAt } : null,
  };
}

export const versionSummary = (
  manifest: Manifest,
  publication: PublicationRecord | undefined,
): VersionSummary => ({
  version: manifest.version,
  ...publicationStatus(manifest.version, publication),
  draft: manifest.draft,
  generatedAt: manifest.generatedAt,
  findings: { errors: manifest.findings.errors, warnings: manifest.findings.warnings },
  amendments: manifest.amendments ? manifest.amendments.count : null,
  files: [...manifest.artifacts.map((a) => a.name), MANIFEST_NAME],
});

/** The readable versions (those with a manifest), with their published and draft flags. */
export async function listVersions(
  deps: ReadDeps,
  request: { agencyId: string; year: number; reader: Reader },
): Promise<VersionList> {
  const { agencyId, year, reader } = request;
  const [objects, publication] = await Promise.all([
    deps.artifacts.list(yearPrefix(agencyId, year)),
    deps.reports.getPublication(agencyId, year),
  ]);
  const readable = [...versionsOf(objects, agencyId, year).readable.keys()].sort((a, b) => b - a);
  const published = publication ? publishedVersions(publication) : [];
  const wanted = mayReadDrafts(reader, agencyId)
    ? readable.slice(0, MAX_LISTED_VERSIONS)
    : readable.filter((v) => published.includes(v));
  const manifests: Manifest[] = [];
  // A few manifests at a time (each is a small GET).
  for (let i = 0; i < wanted.length; i += 8) {
    const batch = await Promise.all(wanted.slice(i, i + 8).map((v) => readManifest(deps, agencyId, year, v)));
    for (const m of batch) if (m) manifests.push(m);
  }
  return {
    agencyId,
    year,
    publication: publication ? publicationSummary(publication) : null,
    versions: manifests.map((m) => versionSummary(m, publication)),
    truncated: mayReadDrafts(reader, agencyId) && readable.length > MAX_LISTED_VERSIONS,
  };
}

export interface VersionFile {
  readonly name: DownloadName;
  readonly contentType: string;
  readonly size: number;
  /** sha256 (hex) of the stored bytes. */
  readonly sha256: string;
  /** The route that answers a signed, short-lived link to it (302). */
  readonly download: string;
}

export interface VersionDetail extends VersionSummary {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly year: number;
  readonly formatVersion: Manifest['formatVersion'];
  readonly template: Manifest['template'];
  readonly narrativeVersion: number | null;
  readonly watermark: Manifest['watermark'];
  readonly corrects: Manifest['corrects'] | null;
  /** Each artifact, then manifest.json itself. */
  readonly artifacts: readonly VersionFile[];
}

export const versionPath = (agencyId: string, year: number, version: number) =>
  `/v1/agencies/${agencyId}/reports/${year}/versions/${version}`;

/** One version: its manifest's summary and each file with its size, sha256 and download route. */
export async function versionDetail(
  deps: ReadDeps,
  request: { agencyId: string; year: number; version: number; reader: Reader },
): Promise<VersionDetail> {
  const { agencyId, year, version, reader } = request;
  const [stored, publication] = await Promise.all([
    storedManifest(deps.artifacts, { agencyId, year, version }),
    deps.reports.getPublication(agencyId, year),
  ]);
  if (!(publication && publishedVersions(publication).includes(version)))
    checkDraftAccess(reader, agencyId, year, version);
  if (!stored) throw notFound(`${agencyId} ${year} has no version ${version}`);
  const { bytes, manifest } = stored;
  const base = versionPath(agencyId, year, version);
  return {
    agencyId,
    agencyName: manifest.agencyName,
    year,
    ...versionSummary(manifest, publication),
    formatVersion: manifest.formatVersion,
    template: manifest.template,
    narrativeVersion: manifest.narrativeVersion,
    watermark: manifest.watermark,
    corrects: manifest.corrects ?? null,
    artifacts: [
      ...manifest.artifacts.map((a) => ({
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
        download: `${base}/${a.name}`,
      })),
      {
        name: MANIFEST_NAME,
        contentType: CONTENT_TYPES[MANIFEST_NAME],
        size: bytes.byteLength,
        sha256: sha256Hex(bytes),
        download: `${base}/${MANIFEST_NAME}`,
      },
    ],
  };
}

/**
 * A version's report.html (the console's preview; the caller has checked the key is the agency's): 404
 * when the version does not exist (no manifest, a write cut short) or has no report.html.
 */
export async function reportHtml(
  deps: Pick<ReadDeps, 'artifacts'>,
  request: { agencyId: string; year: number; version: number },
): Promise<Uint8Array> {
  const { agencyId, year, version } = request;
  const [manifest, html] = await Promise.all([
    readManifest(deps, agencyId, year, version),
    deps.artifacts.get(objectKey(agencyId, year, version, 'report.html')),
  ]);
  if (!manifest || !html) throw notFound(`${agencyId} ${year} has no version ${version}`);
  return html;
}
