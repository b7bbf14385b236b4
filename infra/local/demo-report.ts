/**
 * The demo agency's report as its office lays it out: the template of the real 杭州市公安局 report (eight
 * sections, its 附件 and signature) and the 2019 narrative in the report's own words. `npm start` assigns
 * them on the first start, `gongkai run` in its fresh store; both read the files shipped in demo/. And on
 * the first start, once the API listens, `npm start` publishes the 2019 report for the public site.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportTemplate } from '../../shared/domain/report/template.ts';
import type { Clock, ReportRecords } from '../../shared/ports.ts';
import { generateReport } from '../../shared/use-cases/generate.ts';
import { parseNarrative, saveNarrative } from '../../shared/use-cases/narrative.ts';
import { publishVersion } from '../../shared/use-cases/publish.ts';
import { assignTemplate, parseTemplate } from '../../shared/use-cases/templates.ts';
import type { LocalApp } from './app.ts';
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

/** The demo report the public site shows from the first start. */
export const DEMO_PUBLISHED = { agencyId: DEMO_AGENCY.id, year: 2019 } as const;

export type DemoPublication =
  | { readonly outcome: 'published'; readonly version: number }
  | { readonly outcome: 'skipped'; readonly reason: string };

/** Where a first start records the demo report's publication (or why it was skipped). */
export const demoPublishedMarker = (dataDir: string) => join(dataDir, 'demo-published.json');

/**
 * Generates and publishes the demo agency's 2019 report, once: on the first start that loaded the demo
 * (`<data>/demo-published.json` records it), unless the year is published already (by hand, or before).
 * `npm start` runs it after the API listens, so health is not delayed by it.
 */
export async function publishDemoReportOnce(
  app: Pick<LocalApp, 'generateDeps' | 'artifacts' | 'stores'>,
  dataDir: string,
  clock: Clock = () => new Date(),
): Promise<DemoPublication> {
  const marker = demoPublishedMarker(dataDir);
  if (existsSync(marker)) return { outcome: 'skipped', reason: 'published on an earlier start' };
  const { agencyId, year } = DEMO_PUBLISHED;
  const existing = await app.stores.reports.getPublication(agencyId, year);
  let result: DemoPublication;
  if (existing) {
    result = { outcome: 'skipped', reason: `${agencyId} ${year} is published already` };
  } else {
    const generated = await generateReport(app.generateDeps, { agencyId, year });
    if (generated.manifest.draft) {
      result = {
        outcome: 'skipped',
        reason: `version ${generated.version} is a draft (errors in its findings)`,
      };
    } else {
      await publishVersion(
        { artifacts: app.artifacts, reports: app.stores.reports, clock },
        { agencyId, year, version: generated.version },
      );
      result = { outcome: 'published', version: generated.version };
    }
  }
  writeFileSync(marker, `${JSON.stringify({ ...result, at: clock().toISOString() }, null, 2)}\n`);
  return result;
}
