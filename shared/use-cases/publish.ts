/**
 * Publish: marks one version of an agency-year's report as THE published report and locks the year.
 *
 * The lock is one item, `PUBLISHED#{year}`, written with a conditional put (attribute_not_exists): a year
 * is published once, by whichever request gets there first; the others are told which version won. It
 * keeps the version, publishedAt and the version's event watermark — what the published figures were
 * computed from (not the log's state at publication: events stored between generation and publication
 * are not in the published figures, so they must show up as amendments). Events of the year stored
 * later are still accepted; every version generated afterwards is a draft that lists them (generate.ts).
 *
 * Refused: a version without a readable manifest (it does not exist), a draft with error findings, and a year
 * that is published already (publishing the same version again answers the existing publication).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { AppError } from '../errors.ts';
import type { ArtifactStore, Clock, PublicationRecord, ReportRecords } from '../ports.ts';
import { MANIFEST_NAME, objectKey, readableManifest } from './generate-manifest.ts';
import { parseJsonBody } from './json-body.ts';

export interface PublishDeps {
  readonly artifacts: Pick<ArtifactStore, 'get'>;
  readonly reports: Pick<ReportRecords, 'getPublication' | 'putPublication'>;
  readonly clock: Clock;
}

export interface PublishRequest {
  readonly agencyId: string;
  readonly year: number;
  readonly version: number;
  readonly keyId?: string;
}

export interface PublishOutcome {
  readonly publication: PublicationRecord;
  /** false when this very version was published before (a retry). */
  readonly created: boolean;
}

/** The version a published year shows now: its latest correction's, else the first publication's. */
export function currentVersion(publication: PublicationRecord): number {
  return publication.corrections?.at(-1)?.version ?? publication.version;
}

/** Every version a published year has shown, oldest first (the first publication, then each correction). */
export function publishedVersions(publication: PublicationRecord): number[] {
  return [publication.version, ...(publication.corrections ?? []).map((c) => c.version)];
}

const conflict = (message: string) => new AppError(409, 'conflict', message);

function alreadyPublished(existing: PublicationRecord, version: number): PublishOutcome {
  if (existing.version === version) return { publication: existing, created: false };
  throw conflict(
    `${existing.year} is published already (version ${existing.version}, at ${existing.publishedAt}): ` +
      'the year is locked; later events are listed as amendments in new drafts',
  );
}

export async function publishVersion(deps: PublishDeps, request: PublishRequest): Promise<PublishOutcome> {
  const { agencyId, year, version } = request;
  const [bytes, existing] = await Promise.all([
    deps.artifacts.get(objectKey(agencyId, year, version, MANIFEST_NAME)),
    deps.reports.getPublication(agencyId, year),
  ]);
  const manifest = bytes ? readableManifest(bytes) : undefined;
  if (!bytes || !manifest)
    throw new AppError(404, 'not_found', `${agencyId} ${year} has no version ${version}`);
  if (existing) return alreadyPublished(existing, version);
  if (manifest.findings.errors > 0) {
    throw conflict(
      `version ${version} is a draft with ${manifest.findings.errors} error finding(s) and cannot be published: ` +
        'correct the events, the narrative or the template, then generate a new version',
    );
  }
  const publication: PublicationRecord = {
    agencyId,
    year,
    version,
    publishedAt: deps.clock().toISOString(),
    watermark: manifest.watermark,
    manifestSha256: createHash('sha256').update(bytes).digest('hex'),
    ...(request.keyId ? { keyId: request.keyId } : {}),
  };
  if (await deps.reports.putPublication(publication)) return { publication, created: true };
  // Another publication got there first.
  const winner = await deps.reports.getPublication(agencyId, year);
  if (!winner) throw new Error('a publication vanished after its write was refused');
  return alreadyPublished(winner, version);
}

const publishBody = z.strictObject({
  version: z
    .number({ error: 'must be a version number' })
    .int('must be a whole number')
    .min(1, 'must be ≥ 1'),
});

/** The body of `POST …/publish`: `{"version": n}`; 400 with the field paths otherwise. */
export function parsePublishBody(text: string) {
  return parseJsonBody(text, publishBody, {
    notJson: 'the body is not JSON: send {"version": n}',
    invalid: 'send {"version": n}',
  });
}
