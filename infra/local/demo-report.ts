/**
 * The demo agency's report as its office lays it out: the template of the real 杭州市公安局 report (eight
 * sections, its 附件 and signature) and the 2019 narrative in the report's own words. `npm start` assigns
 * them on the first start, `gongkai run` in its fresh store; both read the files shipped in demo/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportTemplate } from '../../shared/domain/report/template.ts';
import type { Clock, ReportRecords } from '../../shared/ports.ts';
import { parseNarrative, saveNarrative } from '../../shared/use-cases/narrative.ts';
import { assignTemplate, parseTemplate } from '../../shared/use-cases/templates.ts';
import { DEMO_AGENCY } from './demo.ts';

const demoFile = (name: string) => fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));

export const DEMO_TEMPLATE_FILE = demoFile('hz-psb.template.json');
/** The demo's narratives by report year. */
export const DEMO_NARRATIVE_FILES: Readonly<Record<number, string>> = {
  2019: demoFile('hz-psb-2019.narrative.json'),
};

/** A template file, validated: a bad one stops here with every field path at fault. */
export function readTemplateFile(file: string): ReportTemplate {
  return parseTemplate(readFileSync(file, 'utf8'));
}

/** Saves a narrative file (slots of the template) for an agency-year. */
export async function saveNarrativeFile(
  deps: { reports: ReportRecords; clock: Clock },
  input: { agencyId: string; year: number; template: ReportTemplate; file: string },
): Promise<void> {
  const sections = parseNarrative(readFileSync(input.file, 'utf8'), input.template);
  await saveNarrative(deps, { agencyId: input.agencyId, year: input.year, sections });
}

/** Assigns the demo template to the demo agency and saves its narratives. */
export async function setUpDemoReport(deps: { reports: ReportRecords; clock: Clock }): Promise<void> {
  const template = readTemplateFile(DEMO_TEMPLATE_FILE);
  await assignTemplate(deps, { agencyId: DEMO_AGENCY.id, template });
  for (const [year, file] of Object.entries(DEMO_NARRATIVE_FILES)) {
    await saveNarrativeFile(deps, { agencyId: DEMO_AGENCY.id, year: Number(year), template, file });
  }
}
