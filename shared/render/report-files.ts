/** All three files of one report from one model: HTML, DOCX and XLSX (the DOCX charts render off-thread). */
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

export interface ReportFilesOptions {
  /** Font files for the chart images where no CJK font is installed (see svgToPng). */
  readonly fontFiles?: readonly string[];
}

export async function renderReportFiles(
  input: ReportInput,
  opts: ReportFilesOptions = {},
): Promise<ReportFiles> {
  const model = buildReportModel(input);
  const docx = renderDocx(model, opts.fontFiles ? { fontFiles: opts.fontFiles } : {});
  const xlsx = renderXlsx(input.stats, {
    agencyName: input.agencyName,
    ...(input.draft !== undefined && { draft: input.draft }),
    ...(input.timeliness !== undefined && { timeliness: input.timeliness }),
  });
  const html = renderHtml(model);
  return { model, html, docx: await docx, xlsx: await xlsx };
}
