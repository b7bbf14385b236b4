import { nationalTemplateFor } from '../domain/report/national-templates.ts';
import { type ReportTemplate, validateTemplate } from '../domain/report/template.ts';
import { payloadTooLarge } from '../errors.ts';
import type { Clock, ReportRecords, TemplateRecord } from '../ports.ts';
import { sha256Hex } from './digest.ts';
import { parseJsonBody } from './json-body.ts';
import { saveNextVersion } from './next-version.ts';

/** A template document of more than this is refused (a DynamoDB item holds 400 KB). */
export const MAX_TEMPLATE_BYTES = 200_000;

/** sha256 of a template's canonical JSON: the validated document, keys in the schema's order. */
export function templateHash(template: ReportTemplate): string {
  return sha256Hex(JSON.stringify(template));
}

/** The body of `PUT …/template`: a template document; 400 with every field path at fault otherwise. */
export function parseTemplate(text: string): ReportTemplate {
  if (Buffer.byteLength(text, 'utf8') > MAX_TEMPLATE_BYTES) {
    throw payloadTooLarge(`a template must be at most ${MAX_TEMPLATE_BYTES} bytes`);
  }
  return parseJsonBody(
    text,
    (body) => {
      const result = validateTemplate(body);
      return result.ok ? { ok: true, value: result.template } : result;
    },
    {
      notJson: 'the body is not JSON: send a template document (docs/templates.md)',
      invalid: 'the template is not valid',
    },
  );
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
  return saveNextVersion(
    async () => (await deps.reports.latestTemplate(input.agencyId))?.version,
    (version): TemplateRecord => ({
      agencyId: input.agencyId,
      version,
      template: input.template,
      sha256: input.template ? templateHash(input.template) : null,
      savedAt: deps.clock().toISOString(),
      ...(input.keyId ? { keyId: input.keyId } : {}),
    }),
    (record) => deps.reports.putTemplate(record),
    'template',
  );
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
