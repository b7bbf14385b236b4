/**
 * The agency's own text of a report (sections s1…s6), saved as versions that are never changed:
 * `NARRATIVE#{year}#v{n}` with a conditional put, n = latest + 1 (retried when two saves race). A save
 * replaces the whole narrative (a section left out is empty in that version); generation uses the latest.
 */
import * as z from 'zod';
import { type FieldIssue, toFieldIssues } from '../domain/contract.ts';
import { unprintableReason } from '../domain/text.ts';
import { AppError, badRequest } from '../errors.ts';
import type { Clock, NarrativeRecord, ReportRecords } from '../ports.ts';

/** Per section. Chinese text is 3 bytes a character in UTF-8: six full sections stay far below 400 KB. */
export const MAX_SECTION_CHARACTERS = 10_000;
const section = z
  .string({ error: 'must be a string' })
  .max(MAX_SECTION_CHARACTERS, `must be at most ${MAX_SECTION_CHARACTERS} characters`)
  .superRefine((text, context) => {
    const reason = unprintableReason(text, { lines: true });
    if (reason) context.addIssue({ code: 'custom', message: reason });
  })
  .optional();

export const narrativeSchema = z.strictObject({
  s1: section,
  s2: section,
  s3: section,
  s4: section,
  s5: section,
  s6: section,
});

export type NarrativeSections = NarrativeRecord['sections'];

/** The body of `PUT …/narrative`: `{s1?…s6?: string}`; 400 with every field path at fault otherwise. */
export function parseNarrative(text: string): NarrativeSections {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('malformed_json', 'the body is not JSON: send {"s1": "…", …, "s6": "…"}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('bad_envelope', 'the body must be a JSON object {"s1"?: string, …, "s6"?: string}');
  }
  const result = narrativeSchema.safeParse(body);
  if (!result.success) {
    const issues: FieldIssue[] = toFieldIssues(result.error);
    throw new AppError(400, 'invalid_argument', 'the narrative is not valid', issues);
  }
  const sections: Record<string, string> = {};
  for (const [id, value] of Object.entries(result.data)) if (value !== undefined) sections[id] = value;
  return sections;
}

export interface NarrativeDeps {
  readonly reports: Pick<ReportRecords, 'latestNarrative' | 'putNarrative'>;
  readonly clock: Clock;
}

export async function saveNarrative(
  deps: NarrativeDeps,
  input: { agencyId: string; year: number; sections: NarrativeSections; keyId?: string },
): Promise<NarrativeRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await deps.reports.latestNarrative(input.agencyId, input.year);
    const record: NarrativeRecord = {
      agencyId: input.agencyId,
      year: input.year,
      version: (latest?.version ?? 0) + 1,
      sections: input.sections,
      savedAt: deps.clock().toISOString(),
      ...(input.keyId ? { keyId: input.keyId } : {}),
    };
    if (await deps.reports.putNarrative(record)) return record;
  }
  throw new AppError(503, 'unavailable', 'the narrative could not be saved (too many saves at once); retry');
}
