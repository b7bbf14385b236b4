/** All files of one report from one model: HTML, DOCX, XLSX, and the findings page beside them. */
import { buildReportModel, type ReportInput, type ReportModel } from '../domain/report/index.ts';
import { renderFindingsHtml } from './findings-html.ts';
import { renderHtml } from './html.ts';

export interface ReportFiles {
  readonly model: ReportModel;
  readonly html: string;
  readonly docx: Buffer;
  readonly xlsx: Buffer;
  /** The findings of this version as a page of its own (`findings.html`); never part of the report. */
  readonly findingsHtml: string;
}

export async function renderReportFiles(input: ReportInput): Promise<ReportFiles> {
  const model = buildReportModel(input);
  // The DOCX and xlsx libraries (docx, exceljs, jszip: some 250 modules) are loaded when a report is first
  // rendered, not with the app: a first start's demo load does not share the cores with loading them.
  const [{ renderDocx }, { renderXlsx }] = await Promise.all([import('./docx.ts'), import('./xlsx.ts')]);
  // Both at once, awaited together: a failure of either is the one error (never an unhandled rejection).
  const [docx, xlsx] = await Promise.all([renderDocx(model), renderXlsx(model, input.stats)]);
  return {
    model,
    html: renderHtml(model),
    docx,
    xlsx,
    findingsHtml: renderFindingsHtml(model),
  };
}
