/** All three files of one report from one model: HTML, DOCX and XLSX. */
import { buildReportModel, type ReportInput, type ReportModel } from '../domain/report/index.ts';
import { renderDocx } from './docx.ts';
import { renderHtml } from './html.ts';
import { renderXlsx } from './xlsx.ts';

export interface ReportFiles {
  readonly model: ReportModel;
  readonly html: string;
  readonly docx: Buffer;
  readonly xlsx: Buffer;
}

export async function renderReportFiles(input: ReportInput): Promise<ReportFiles> {
  const model = buildReportModel(input);
  const docx = renderDocx(model);
  const xlsx = renderXlsx(input.stats, {
    agencyName: input.agencyName,
    ...(input.draft !== undefined && { draft: input.draft }),
    ...(input.timeliness !== undefined && { timeliness: input.timeliness }),
  });
  const html = renderHtml(model);
  return { model, html, docx: await docx, xlsx: await xlsx };
}
