/**
 * What the versions routes answer, as types of their own (no I/O, no Node built-ins), so that the officer
 * console (browser code) reads the same declarations the use case writes.
 */
import type { DownloadName } from './generate-manifest.ts';

export interface VersionSummary {
  readonly version: number;
  /** Published at some time: the first publication or a correction (readable without a key). */
  readonly published: boolean;
  /** The version the year shows now (its latest correction's, else the first publication's). */
  readonly current: boolean;
  /** Published, then replaced by a correction: the correction's version, else null. */
  readonly correctedBy: number | null;
  /** When this version is a correction: what it corrects, why and when. */
  readonly correction: {
    readonly corrects: number;
    readonly reason: string;
    readonly correctedAt: string;
  } | null;
  readonly draft: boolean;
  readonly generatedAt: string;
  readonly findings: { readonly errors: number; readonly warnings: number };
  readonly amendments: number | null;
  readonly files: readonly DownloadName[];
}

/** A year's publication as readers see it: the first publication, the current version and each correction. */
export interface PublicationSummary {
  /** The version first published. */
  readonly version: number;
  readonly publishedAt: string;
  readonly currentVersion: number;
  readonly corrections: readonly {
    readonly version: number;
    readonly corrects: number;
    readonly reason: string;
    readonly correctedAt: string;
  }[];
}

export interface VersionList {
  readonly agencyId: string;
  readonly year: number;
  readonly publication: PublicationSummary | null;
  /** Newest first; without a key of the agency, only the published versions (current and corrected). */
  readonly versions: readonly VersionSummary[];
  /** More versions exist than listed (the newest MAX_LISTED_VERSIONS are). */
  readonly truncated: boolean;
}
