/** All files of one report from one model: HTML, DOCX, XLSX, and the findings page beside them. */
import { buildReportModel, type ReportInput, type ReportModel } from '../domain/report/index.ts';
import { renderDocx } from './docx.ts';
import { renderFindingsHtml } from './findings-html.ts';
import { renderHtml } from './html.ts';
import { renderXlsx } from './xlsx.ts';

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
