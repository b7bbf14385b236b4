import * as z from 'zod';
import { AppError } from '../errors.ts';
import type {
  ArtifactStore,
  Clock,
  CorrectionRecord,
  PublicationRecord,
  ReportRecords,
  Watermark,
} from '../ports.ts';
import { sha256Hex } from './digest.ts';
import { type Manifest, storedManifest } from './generate-manifest.ts';
import { parseJsonBody } from './json-body.ts';

export interface PublishDeps {
  readonly artifacts: Pick<ArtifactStore, 'get'>;
  readonly reports: Pick<ReportRecords, 'getPublication' | 'putPublication' | 'putCorrection'>;
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
export const currentVersion = (publication: PublicationRecord): number =>
  currentPublished(publication).version;

/** Every version a published year has shown, oldest first (the first publication, then each correction). */
export function publishedVersions(publication: PublicationRecord): number[] {
  return [publication.version, ...(publication.corrections ?? []).map((c) => c.version)];
}

/** The version a published year shows now, with when it was published and what it was computed from. */
export function currentPublished(publication: PublicationRecord): {
  readonly version: number;
  readonly at: string;
  readonly watermark: Watermark;
  readonly manifestSha256: string;
  readonly corrected: boolean;
} {
  const last = publication.corrections?.at(-1);
  return last
    ? {
        version: last.version,
        at: last.correctedAt,
        watermark: last.watermark,
        manifestSha256: last.manifestSha256,
        corrected: true,
      }
    : {
        version: publication.version,
        at: publication.publishedAt,
        watermark: publication.watermark,
        manifestSha256: publication.manifestSha256,
        corrected: false,
      };
}

const conflict = (message: string) => new AppError(409, 'conflict', message);

/** Why a version with error findings is published neither first nor as a correction; nothing without. */
const errorFindingsRefusal = (version: number, manifest: Manifest): string | undefined =>
  manifest.findings.errors > 0
    ? `version ${version} is a draft with ${manifest.findings.errors} error finding(s) and cannot be published: ` +
      'correct the events, the narrative or the template, then generate a new version'
    : undefined;

const correctionsPath = (agencyId: string, year: number) =>
  `POST /v1/agencies/${agencyId}/reports/${year}/corrections`;

function alreadyPublished(existing: PublicationRecord, version: number): PublishOutcome {
  if (existing.version === version) return { publication: existing, created: false };
  throw conflict(
    `${existing.year} is published already (version ${currentVersion(existing)} is current, first published at ` +
      `${existing.publishedAt}): the year is locked; later events are listed as amendments in new drafts. ` +
      `To publish a later version in its place, correct it: ${correctionsPath(existing.agencyId, existing.year)} ` +
      '{"version": n, "reason": "…"}',
  );
}

/** A version's manifest and the sha256 of its bytes, or 404 (no readable manifest: no such version). */
async function manifestOf(
  deps: Pick<PublishDeps, 'artifacts'>,
  agencyId: string,
  year: number,
  version: number,
) {
  const stored = await storedManifest(deps.artifacts, { agencyId, year, version });
  if (!stored) throw new AppError(404, 'not_found', `${agencyId} ${year} has no version ${version}`);
  return { manifest: stored.manifest, sha256: sha256Hex(stored.bytes) };
}

export async function publishVersion(deps: PublishDeps, request: PublishRequest): Promise<PublishOutcome> {
  const { agencyId, year, version } = request;
  const [{ manifest, sha256 }, existing] = await Promise.all([
    manifestOf(deps, agencyId, year, version),
    deps.reports.getPublication(agencyId, year),
  ]);
  if (existing) return alreadyPublished(existing, version);
  const withErrors = errorFindingsRefusal(version, manifest);
  if (withErrors) throw conflict(withErrors);
  const publication: PublicationRecord = {
    agencyId,
    year,
    version,
    publishedAt: deps.clock().toISOString(),
    watermark: manifest.watermark,
    manifestSha256: sha256,
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

// ── Corrections (更正) ──────────────────────────────────────────────────────────────────────────────────

/** The longest reason kept (characters): a paragraph of 更正说明, not a document. */
export const MAX_CORRECTION_REASON = 2000;

export interface CorrectionRequest extends PublishRequest {
  readonly reason: string;
}

export interface CorrectionOutcome {
  readonly correction: CorrectionRecord;
  readonly publication: PublicationRecord;
  /** false when this very correction (same version and reason) was recorded before (a retry). */
  readonly created: boolean;
}

/** This correction recorded already (a retry): its outcome; a conflict when the version was used otherwise. */
function recordedBefore(
  publication: PublicationRecord,
  request: CorrectionRequest,
): CorrectionOutcome | undefined {
  const same = publication.corrections?.find((c) => c.version === request.version);
  if (!same) return undefined;
  if (same.reason === request.reason) return { correction: same, publication, created: false };
  throw conflict(
    `version ${same.version} already corrects version ${same.corrects} of ${publication.year} ` +
      `(at ${same.correctedAt}) with another reason: a correction is never changed; generate a new version to correct it again`,
  );
}

/** Why this version may not correct the current one, or nothing. */
function refusal(
  publication: PublicationRecord,
  manifest: Manifest,
  request: CorrectionRequest,
): string | undefined {
  const current = currentPublished(publication);
  const { version } = request;
  if (version <= current.version)
    return `version ${version} is not newer than the current version ${current.version}: a correction publishes a later version`;
  const withErrors = errorFindingsRefusal(version, manifest);
  if (withErrors) return withErrors;
  const corrects = manifest.corrects ?? null;
  if (corrects?.version !== current.version || corrects.manifestSha256 !== current.manifestSha256) {
    const against = corrects ? `against version ${corrects.version}` : 'before the year was published';
    return (
      `version ${version} was generated ${against}, but version ${current.version} is current: ` +
      'generate again, so that the new version lists the amendments since the current one, then correct with it'
    );
  }
  return undefined;
}

/** Publishes a later version of a published year in place of the current one (更正), with the reason. */
export async function correctPublication(
  deps: PublishDeps,
  request: CorrectionRequest,
): Promise<CorrectionOutcome> {
  const { agencyId, year, version } = request;
  const [{ manifest, sha256 }, publication] = await Promise.all([
    manifestOf(deps, agencyId, year, version),
    deps.reports.getPublication(agencyId, year),
  ]);
  if (!publication) {
    throw conflict(
      `${agencyId} ${year} is not published: publish a version first (POST /v1/agencies/${agencyId}/reports/${year}/publish {"version": n}); ` +
        'a correction replaces a published version',
    );
  }
  const retry = recordedBefore(publication, request);
  if (retry) return retry;
  const refused = refusal(publication, manifest, request);
  if (refused) throw conflict(refused);
  const expectedCount = publication.corrections?.length ?? 0;
  const correction: CorrectionRecord = {
    version,
    corrects: currentVersion(publication),
    reason: request.reason,
    correctedAt: deps.clock().toISOString(),
    watermark: manifest.watermark,
    manifestSha256: sha256,
    ...(request.keyId ? { keyId: request.keyId } : {}),
  };
  if (await deps.reports.putCorrection(agencyId, year, correction, expectedCount)) {
    return {
      correction,
      publication: { ...publication, corrections: [...(publication.corrections ?? []), correction] },
      created: true,
    };
  }
  // Another correction got there first: this one is a retry of it, or was decided on a version no longer current.
  const winner = await deps.reports.getPublication(agencyId, year);
  if (!winner) throw new Error('a publication vanished while it was corrected');
  const again = recordedBefore(winner, request);
  if (again) return again;
  throw conflict(
    `another correction was published meanwhile (version ${currentVersion(winner)} is current now): ` +
      'generate again against it, then correct with the new version',
  );
}

const correctionBody = z.strictObject({
  version: publishBody.shape.version,
  reason: z
    .string({ error: 'must be the reason for the correction (更正说明), as text' })
    .trim()
    .min(1, 'must not be empty: say what is corrected and why (更正说明)')
    .max(MAX_CORRECTION_REASON, `must be at most ${MAX_CORRECTION_REASON} characters`),
});

/** The body of `POST …/corrections`: `{"version": n, "reason": "…"}`; 400 with the field paths otherwise. */
export function parseCorrectionBody(text: string) {
  return parseJsonBody(text, correctionBody, {
    notJson: 'the body is not JSON: send {"version": n, "reason": "…"}',
    invalid: 'send {"version": n, "reason": "…"}',
  });
}
