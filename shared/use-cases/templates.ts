/**
 * Report templates per agency: assigning one (a validated template document, or back to the national
 * default), and finding the template a report of a year is generated with. Every assignment is a new
 * record, never changed (`TEMPLATE#v{n}`); the latest is in force, and each generated version names the
 * template and its hash in its manifest.
 */
import { createHash } from 'node:crypto';
import { nationalTemplateFor } from '../domain/report/national-templates.ts';
import { type ReportTemplate, validateTemplate } from '../domain/report/template.ts';
import { AppError, badRequest, payloadTooLarge } from '../errors.ts';
import type { Clock, ReportRecords, TemplateRecord } from '../ports.ts';

/** A template document of more than this is refused (a DynamoDB item holds 400 KB). */
export const MAX_TEMPLATE_BYTES = 200_000;

/** sha256 of a template's canonical JSON: the validated document, keys in the schema's order. */
export function templateHash(template: ReportTemplate): string {
  return createHash('sha256').update(JSON.stringify(template)).digest('hex');
}

/** The body of `PUT …/template`: a template document; 400 with every field path at fault otherwise. */
export function parseTemplate(text: string): ReportTemplate {
  if (Buffer.byteLength(text, 'utf8') > MAX_TEMPLATE_BYTES) {
    throw payloadTooLarge(`a template must be at most ${MAX_TEMPLATE_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('malformed_json', 'the body is not JSON: send a template document (docs/templates.md)');
  }
  const result = validateTemplate(body);
  if (!result.ok)
    throw new AppError(400, 'invalid_argument', 'the template is not valid', [...result.issues]);
  return result.template;
}

export interface TemplateDeps {
  readonly reports: Pick<ReportRecords, 'latestTemplate' | 'putTemplate'>;
  readonly clock: Clock;
}

/** Assigns a template to an agency (null: back to the national default). */
export async function assignTemplate(
  deps: TemplateDeps,
  input: { agencyId: string; template: ReportTemplate | null; keyId?: string },
): Promise<TemplateRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await deps.reports.latestTemplate(input.agencyId);
    const record: TemplateRecord = {
      agencyId: input.agencyId,
      version: (latest?.version ?? 0) + 1,
      template: input.template,
      sha256: input.template ? templateHash(input.template) : null,
      savedAt: deps.clock().toISOString(),
      ...(input.keyId ? { keyId: input.keyId } : {}),
    };
    if (await deps.reports.putTemplate(record)) return record;
  }
  throw new AppError(503, 'unavailable', 'the template could not be saved (too many saves at once); retry');
}

export interface TemplateInForce {
  readonly template: ReportTemplate;
  readonly sha256: string;
  /** `agency`: assigned to the agency (version n); `national`: the built-in default for the year. */
  readonly source: 'agency' | 'national';
  readonly assignment: number | null;
}

/** The template a report of this agency and year is generated with. */
export async function templateInForce(
  deps: Pick<TemplateDeps, 'reports'>,
  agencyId: string,
  year: number,
): Promise<TemplateInForce> {
  const record = await deps.reports.latestTemplate(agencyId);
  if (record?.template) {
    return {
      template: record.template,
      sha256: templateHash(record.template),
      source: 'agency',
      assignment: record.version,
    };
  }
  const template = nationalTemplateFor(year);
  return {
    template,
    sha256: templateHash(template),
    source: 'national',
    assignment: record?.version ?? null,
  };
}
