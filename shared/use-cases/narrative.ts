/**
 * The agency's own text of a report (its template's slots: s1…s6 of the national templates, more in an
 * agency's own), saved as versions that are never changed: `NARRATIVE#{year}#v{n}` with a conditional put,
 * n = latest + 1 (retried when two saves race). A save replaces the whole narrative (a slot left out is empty
 * in that version); generation uses the latest.
 */
import * as z from 'zod';
import { toFieldIssues } from '../domain/contract.ts';
import type { ReportTemplate, TemplateSlot } from '../domain/report/template.ts';
import { unprintableReason } from '../domain/text.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import type { Clock, NarrativeRecord, ReportRecords } from '../ports.ts';
import { parseJsonBody } from './json-body.ts';
import { saveNextVersion } from './next-version.ts';

/** Per slot. Chinese text is 3 bytes a character in UTF-8. */
export const MAX_SECTION_CHARACTERS = 10_000;
/** All slots together: a DynamoDB item holds 400 KB. */
export const MAX_NARRATIVE_CHARACTERS = 100_000;
const MAX_LINE_CHARACTERS = 200;

const printable = (lines: boolean) => (text: string, context: z.RefinementCtx) => {
  const reason = unprintableReason(text, { lines });
  if (reason) context.addIssue({ code: 'custom', message: reason });
};

function slotText(slot: TemplateSlot) {
  const text = z.string({ error: 'must be a string' });
  switch (slot.kind) {
    case 'paragraphs':
      return text
        .max(MAX_SECTION_CHARACTERS, `must be at most ${MAX_SECTION_CHARACTERS} characters`)
        .superRefine(printable(true));
    case 'line':
      return text
        .max(MAX_LINE_CHARACTERS, `must be at most ${MAX_LINE_CHARACTERS} characters`)
        .superRefine(printable(false));
    case 'date':
      return text.refine(
        (day) =>
          day === '' ||
          (/^\d{4}-\d{2}-\d{2}$/u.test(day) &&
            !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
            new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)),
        'must be a day YYYY-MM-DD (e.g. 2020-01-02), or empty',
      );
  }
}

/** The narrative schema of a template: one optional text per slot, no other field. */
export function narrativeSchema(template: ReportTemplate) {
  return z.strictObject(
    Object.fromEntries(template.slots.map((slot) => [slot.id, slotText(slot).optional()])),
  );
}

export type NarrativeSections = NarrativeRecord['sections'];

/** The body of `PUT …/narrative`: `{slotId?: string, …}` for the template in force; 400 with every path at fault. */
export function parseNarrative(text: string, template: ReportTemplate): NarrativeSections {
  const slots = template.slots.map((s) => s.id).join(', ');
  const schema = narrativeSchema(template);
  const data = parseJsonBody(
    text,
    (body) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw badRequest('bad_envelope', `the body must be a JSON object of the template's slots: ${slots}`);
      }
      const result = schema.safeParse(body);
      return result.success
        ? { ok: true, value: result.data }
        : { ok: false, issues: toFieldIssues(result.error) };
    },
    {
      notJson: `the body is not JSON: send {"<slot>": "…"} with the slots of the template (${slots})`,
      invalid: 'the narrative is not valid',
      reword: (issue) =>
        issue.message === 'unknown field'
          ? { ...issue, message: `unknown field: not a slot of the template ${template.id} (${slots})` }
          : issue,
    },
  );
  const sections: Record<string, string> = {};
  let total = 0;
  for (const [id, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    sections[id] = value;
    total += value.length;
  }
  if (total > MAX_NARRATIVE_CHARACTERS) {
    throw new AppError(
      400,
      'invalid_argument',
      `the narrative must be at most ${MAX_NARRATIVE_CHARACTERS} characters in all`,
    );
  }
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
  return saveNextVersion(
    async () => (await deps.reports.latestNarrative(input.agencyId, input.year))?.version,
    (version): NarrativeRecord => ({
      agencyId: input.agencyId,
      year: input.year,
      version,
      sections: input.sections,
      savedAt: deps.clock().toISOString(),
      ...(input.keyId ? { keyId: input.keyId } : {}),
    }),
    (record) => deps.reports.putNarrative(record),
    'narrative',
  );
}

/** The latest saved narrative of an agency-year (what generation uses); 404 when none was ever saved. */
export async function latestNarrative(
  deps: { readonly reports: Pick<ReportRecords, 'latestNarrative'> },
  agencyId: string,
  year: number,
): Promise<NarrativeRecord> {
  const record = await deps.reports.latestNarrative(agencyId, year);
  if (!record) throw notFound(`no narrative of ${agencyId} for ${year} has been saved yet`);
  return record;
}
