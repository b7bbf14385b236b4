/**
 * The rendered files as a reader sees them: LibreOffice turns the xlsx and docx into PDF, pdftotext reads
 * the PDF back, and the labels and figures of the national tables must be in it, with CJK fonts embedded.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_IDS } from '../../shared/domain/formats/index.ts';
import { buildReportModel, type ReportModel } from '../../shared/domain/report/index.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { renderDocx } from '../../shared/render/docx.ts';
import { renderXlsx } from '../../shared/render/xlsx.ts';
import {
  HUAIAN_2024_AGENCY_NAME,
  hangzhou2019Statistics,
  huaian2023Statistics,
  huaian2024Statistics,
  SAMPLE_ERROR,
  withFindings,
} from '../support/render-fixtures.ts';
import {
  convertToPdf,
  makeTempDir,
  pdfFonts,
  pdfImages,
  pdfPages,
  pdfText,
  removeDir,
  squash,
} from './libreoffice.ts';

interface Rendered {
  readonly stats: AgencyYearStatistics;
  readonly model: ReportModel;
  xlsxText: string;
  docxText: string;
  xlsxFonts: string;
  docxPages: number;
  docxImages: string[];
}

const cases: Record<'huaian' | 'hangzhou', Rendered> = {
  huaian: (() => {
    const stats = withFindings(huaian2024Statistics(), [SAMPLE_ERROR]);
    return {
      stats,
      model: buildReportModel({
        stats,
        agencyName: HUAIAN_2024_AGENCY_NAME,
        previous: huaian2023Statistics(),
        narrative: { s1: '2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。' },
      }),
      xlsxText: '',
      docxText: '',
      xlsxFonts: '',
      docxPages: 0,
      docxImages: [],
    };
  })(),
  hangzhou: (() => {
    const stats = hangzhou2019Statistics();
    return {
      stats,
      model: buildReportModel({ stats, agencyName: '杭州市公安局' }),
      xlsxText: '',
      docxText: '',
      xlsxFonts: '',
      docxPages: 0,
      docxImages: [],
    };
  })(),
};

let dir = '';

beforeAll(async () => {
  dir = await makeTempDir('gongkai-render-');
  const files: string[] = [];
  for (const [name, c] of Object.entries(cases)) {
    const xlsx = join(dir, `${name}.xlsx`);
    const docx = join(dir, `${name}-report.docx`);
    await writeFile(xlsx, await renderXlsx(c.stats, { agencyName: c.model.agencyName }));
    await writeFile(docx, await renderDocx(c.model));
    files.push(xlsx, docx);
  }
  // One LibreOffice start for all four files.
  const pdfs = await convertToPdf(files, dir);
  for (const [i, c] of Object.values(cases).entries()) {
    const xlsxPdf = pdfs[2 * i]!;
    const docxPdf = pdfs[2 * i + 1]!;
    c.xlsxText = await pdfText(xlsxPdf);
    c.xlsxFonts = await pdfFonts(xlsxPdf);
    c.docxText = await pdfText(docxPdf);
    c.docxPages = await pdfPages(docxPdf);
    c.docxImages = await pdfImages(docxPdf);
  }
}, 240_000);

afterAll(async () => {
  if (dir) await removeDir(dir);
});

/** A number as a whole token of the text (not part of a longer number). */
const hasNumber = (text: string, value: string) =>
  new RegExp(`(?<![\\d.])${value.replace('.', '\\.')}(?![\\d])`, 'u').test(text);

function expectTablesIn(text: string, model: ReportModel): void {
  const squashed = squash(text);
  for (const id of TABLE_IDS) {
    const grid = model.sections.find((s) => s.table?.table === id)!.table!;
    for (const cell of grid.cells) {
      if (cell.kind === 'value')
        expect(hasNumber(text, cell.text), `${id} ${cell.ref?.row} ${cell.text}`).toBe(true);
      else expect(squashed, `${id}: ${cell.text}`).toContain(squash(cell.text));
    }
    expect(squashed).toContain(squash(grid.heading));
  }
  expect(text).not.toContain('###');
}

describe.each(Object.keys(cases) as (keyof typeof cases)[])('LibreOffice renders the %s report', (name) => {
  it('xlsx → PDF holds every label and figure of the three tables, in a CJK font', () => {
    const c = cases[name];
    expectTablesIn(c.xlsxText, c.model);
    expect(squash(c.xlsxText)).toContain(squash(c.model.title));
    expect(c.xlsxFonts).toMatch(/CJK/u);
  });

  it('docx → PDF holds the title, headings, sentences, tables, on a few A4 pages', () => {
    const c = cases[name];
    const squashed = squash(c.docxText);
    expect(squashed).toContain(squash(c.model.title));
    for (const s of c.model.sections) {
      expect(squashed).toContain(squash(s.heading));
      for (const sentence of s.sentences) expect(squashed).toContain(squash(sentence.text));
      for (const p of s.paragraphs) expect(squashed).toContain(squash(p));
    }
    expectTablesIn(c.docxText, c.model);
    expect(c.docxPages).toBeGreaterThanOrEqual(3);
    expect(c.docxPages).toBeLessThanOrEqual(7);
  });

  it('docx → PDF shows the two charts', () => {
    const c = cases[name];
    if (c.docxImages.length === 0) {
      // A LibreOffice that reads the svgBlip draws the SVG: its texts are in the PDF.
      expect(squash(c.docxText)).toContain('本年度政府信息公开申请办理结果');
      expect(squash(c.docxText)).toContain('本年新收政府信息公开申请（按申请渠道）');
      return;
    }
    // LibreOffice 7.4 (Debian 12) ignores the svgBlip and draws the PNG fallback: two pictures of the chart's size.
    expect(c.docxImages.length).toBe(2);
    for (const [, width, height] of c.docxImages.map((line) => line.split(' '))) {
      expect(`${width}x${height}`).toBe('640x300');
    }
  });
});

describe('LibreOffice renders a draft', () => {
  it('shows 草稿 and the findings in both files', () => {
    const c = cases.huaian;
    expect(c.model.draft).toBe(true);
    expect(c.xlsxText).toContain('草稿');
    expect(c.docxText).toContain('草稿');
    expect(squash(c.docxText)).toContain(squash(SAMPLE_ERROR.message));
    expect(squash(c.xlsxText)).toContain('requests.balance');
    expect(cases.hangzhou.docxText).not.toContain('草稿');
  });
});
