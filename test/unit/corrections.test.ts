/**
 * The correction (更正) use case's pure parts: which version a published year shows, which it has shown, and
 * the body of POST …/corrections with its field paths.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { CorrectionRecord, PublicationRecord, Watermark } from '../../shared/ports.ts';
import {
  currentPublished,
  currentVersion,
  MAX_CORRECTION_REASON,
  parseCorrectionBody,
  publishedVersions,
} from '../../shared/use-cases/publish.ts';

const watermark = (eventsFolded: number): Watermark => ({
  eventsFolded,
  newestReceivedAt: null,
  newestOccurredAt: null,
  rulesVersion: 'r',
  calendarVersion: 'c',
  computedAt: '2020-01-10T00:00:00.000Z',
});

const publication: PublicationRecord = {
  agencyId: 'hz-psb',
  year: 2019,
  version: 2,
  publishedAt: '2020-01-15T02:00:00.000Z',
  watermark: watermark(10),
  manifestSha256: 'a'.repeat(64),
};

const correction = (version: number, corrects: number): CorrectionRecord => ({
  version,
  corrects,
  reason: `更正为第${version}版`,
  correctedAt: `2020-02-0${version}T02:00:00.000Z`,
  watermark: watermark(10 + version),
  manifestSha256: String(version).repeat(64),
});

/** The 400 a body is refused with: its field paths. */
function refusedPaths(text: string): string[] {
  try {
    parseCorrectionBody(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return ((error as AppError).issues ?? []).map((i) => i.path).sort();
  }
  throw new Error('accepted');
}

describe('the current version of a published year', () => {
  it('is the first publication until corrected, then the latest correction, with its watermark', () => {
    // Arrange
    const corrected = { ...publication, corrections: [correction(4, 2), correction(7, 4)] };
    // Act / Assert
    expect(currentVersion(publication)).toBe(2);
    expect(currentPublished(publication)).toMatchObject({
      version: 2,
      corrected: false,
      watermark: watermark(10),
    });
    expect(currentVersion(corrected)).toBe(7);
    expect(currentPublished(corrected)).toMatchObject({
      version: 7,
      at: '2020-02-07T02:00:00.000Z',
      watermark: watermark(17),
      manifestSha256: '7'.repeat(64),
      corrected: true,
    });
    expect(publishedVersions(corrected)).toEqual([2, 4, 7]);
    expect(publishedVersions({ ...publication, corrections: [] })).toEqual([2]);
  });
});

describe('the corrections body', () => {
  it('takes a version and a reason, trimmed', () => {
    expect(parseCorrectionBody('{"version": 3, "reason": "  补录。\\n"}')).toEqual({
      version: 3,
      reason: '补录。',
    });
  });

  it('refuses with every field path at fault', () => {
    expect(refusedPaths('{"version": 0, "reason": "  "}')).toEqual(['reason', 'version']);
    expect(refusedPaths('{"version": 1.5}')).toEqual(['reason', 'version']);
    expect(
      refusedPaths(JSON.stringify({ version: 2, reason: 'x'.repeat(MAX_CORRECTION_REASON + 1) })),
    ).toEqual(['reason']);
    expect(refusedPaths('{"version": 2, "reason": "ok", "extra": true}')).toEqual(['extra']);
    expect(() => parseCorrectionBody('not json')).toThrow(/not JSON/);
  });
});
