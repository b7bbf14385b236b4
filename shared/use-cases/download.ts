/**
 * Reading the published artifacts: the versions of an agency-year, and signed, short-lived download links.
 *
 * A published version is readable by anyone (no key); any other version only with a key of that agency.
 * A link is a presigned S3 GET (its expiry configurable, `GONGKAI_DOWNLOAD_LINK_TTL_SECONDS`) whose answer
 * carries the Chinese file name (Content-Disposition per RFC 6266 / RFC 5987).
 */
import { forbidden, notFound, unauthorized } from '../errors.ts';
import type { ArtifactStore, Clock, PublicationRecord, ReportRecords } from '../ports.ts';
import {
  CONTENT_TYPES,
  contentDisposition,
  type DownloadName,
  downloadFileName,
  MANIFEST_NAME,
  type Manifest,
  objectKey,
  readableManifest,
  versionsOf,
  yearPrefix,
} from './generate-manifest.ts';

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
  const bytes = await deps.artifacts.get(objectKey(agencyId, year, version, MANIFEST_NAME));
  return bytes ? readableManifest(bytes) : undefined;
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
  const published = publication?.version === version;
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

export interface VersionSummary {
  readonly version: number;
  readonly published: boolean;
  readonly draft: boolean;
  readonly generatedAt: string;
  readonly findings: { readonly errors: number; readonly warnings: number };
  readonly amendments: number | null;
  readonly files: readonly DownloadName[];
}

export interface VersionList {
  readonly agencyId: string;
  readonly year: number;
  readonly publication: { readonly version: number; readonly publishedAt: string } | null;
  /** Newest first; without a key of the agency, only the published version. */
  readonly versions: readonly VersionSummary[];
  /** More versions exist than listed (the newest MAX_LISTED_VERSIONS are). */
  readonly truncated: boolean;
}

export const MAX_LISTED_VERSIONS = 100;

const summary = (manifest: Manifest, publication: PublicationRecord | undefined): VersionSummary => ({
  version: manifest.version,
  published: publication?.version === manifest.version,
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
  const wanted = mayReadDrafts(reader, agencyId)
    ? readable.slice(0, MAX_LISTED_VERSIONS)
    : readable.filter((v) => v === publication?.version);
  const manifests: Manifest[] = [];
  // A few manifests at a time (each is a small GET).
  for (let i = 0; i < wanted.length; i += 8) {
    const batch = await Promise.all(wanted.slice(i, i + 8).map((v) => readManifest(deps, agencyId, year, v)));
    for (const m of batch) if (m) manifests.push(m);
  }
  return {
    agencyId,
    year,
    publication: publication ? { version: publication.version, publishedAt: publication.publishedAt } : null,
    versions: manifests.map((m) => summary(m, publication)),
    truncated: mayReadDrafts(reader, agencyId) && readable.length > MAX_LISTED_VERSIONS,
  };
}

/** The published version of an agency-year (for the public page), or undefined. */
export async function publishedReport(
  deps: ReadDeps,
  request: { agencyId: string; year: number },
): Promise<{ manifest: Manifest; publication: PublicationRecord } | undefined> {
  const publication = await deps.reports.getPublication(request.agencyId, request.year);
  if (!publication) return undefined;
  const manifest = await readManifest(deps, request.agencyId, request.year, publication.version);
  return manifest ? { manifest, publication } : undefined;
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
