/**
 * The rendered files as a reader sees them: LibreOffice turns the docx and xlsx into PDF, pdftotext reads
 * the PDF back. The report's title, headings, paragraphs, signature, tables and charts (with their labels and
 * values) must be in it, with CJK fonts embedded; a draft shows its one 草稿 line and no finding.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReportModel,
  type ReportModel,
  reportCharts,
  type TableGrid,
} from '../../shared/domain/report/index.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { renderDocx } from '../../shared/render/docx.ts';
import { renderXlsx } from '../../shared/render/xlsx.ts';
import {
  ANNEX_TEMPLATE,
  hangzhou2019Statistics,
  huaian2023Statistics,
  huaian2024Statistics,
  huaianReportInput,
  nationalModel,
  SAMPLE_ERROR,
  withFindings,
} from '../support/render-fixtures.ts';
import { convertToPdf, makeTempDir, pdfFonts, pdfPages, pdfText, removeDir, squash } from './libreoffice.ts';

interface Rendered {
  readonly stats: AgencyYearStatistics;
  readonly model: ReportModel;
  /** The PDF's text without the page numbers. */
  text: string;
  pageNumbers: number[];
  fonts: string;
  pages: number;
}

const rendered = (stats: AgencyYearStatistics, model: ReportModel): Rendered => ({
  stats,
  model,
  text: '',
  pageNumbers: [],
  fonts: '',
  pages: 0,
});

const huaianStats = withFindings(huaian2024Statistics(), [SAMPLE_ERROR]);
const docxCases: Record<'huaian' | 'hangzhou' | 'annex', Rendered> = {
  // The national 2021 template with the office's text, a draft (an error finding), compared with 2023.
  huaian: rendered(
    huaianStats,
    buildReportModel(huaianReportInput({ stats: huaianStats, previous: huaian2023Statistics() })),
  ),
  // The national 2019 template, no office text.
  hangzhou: rendered(hangzhou2019Statistics(), nationalModel(hangzhou2019Statistics(), '杭州市公安局')),
  // A template with the signature and the 附件 (表一–表三).
  annex: rendered(
    huaian2024Statistics(),
    buildReportModel(
      huaianReportInput({
        template: ANNEX_TEMPLATE,
        slots: { written_on: '2025-01-16', summary: '本年度，本机关认真贯彻落实《条例》。' },
      }),
    ),
  ),
};

let dir = '';

/**
 * Text to compare, without whitespace and without the comma or full stop LibreOffice hangs in the margin at
 * the end of a line (pdftotext drops such a hanging character).
 */
const comparable = (text: string) => squash(text).replace(/[，。、；]/gu, '');

/** The page number in the footer: `— 3 —`, on a line of its own. */
const PAGE_NUMBER = /^— (\d+) —\n/gmu;

beforeAll(async () => {
  dir = await makeTempDir('gongkai-render-');
}, 10_000);

afterAll(async () => {
  if (dir) await removeDir(dir);
});

/** A number as a whole token of the text (not part of a longer number). */
const hasNumber = (text: string, value: string) =>
  new RegExp(`(?<![\\d.])${value.replace('.', '\\.')}(?![\\d])`, 'u').test(text);

function expectGridIn(text: string, grid: TableGrid): void {
  const squashed = comparable(text);
  for (const cell of grid.cells) {
    if (cell.kind === 'value')
      expect(hasNumber(text, cell.text), `${grid.table} ${cell.ref?.row} ${cell.text}`).toBe(true);
    else expect(squashed, `${grid.table}: ${cell.text}`).toContain(comparable(cell.text));
  }
  expect(text).not.toContain('###');
}

const gridsOf = (model: ReportModel): TableGrid[] => [
  ...model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' ? [b.grid] : []))),
  ...(model.annex?.tables.map((t) => t.grid) ?? []),
];

describe('LibreOffice renders the DOCX', () => {
  beforeAll(async () => {
    const files: string[] = [];
    for (const [name, c] of Object.entries(docxCases)) {
      const docx = join(dir, `${name}-report.docx`);
      await writeFile(docx, await renderDocx(c.model));
      files.push(docx);
    }
    // One LibreOffice start for all the documents.
    const pdfs = await convertToPdf(files, dir);
    for (const [i, c] of Object.values(docxCases).entries()) {
      const text = await pdfText(pdfs[i]!);
      c.pageNumbers = [...text.matchAll(PAGE_NUMBER)].map((m) => Number(m[1]));
      // A paragraph that runs over a page break is read back whole.
      c.text = text.replace(PAGE_NUMBER, '');
      c.fonts = await pdfFonts(pdfs[i]!);
      c.pages = await pdfPages(pdfs[i]!);
    }
  }, 240_000);

  describe.each(Object.keys(docxCases) as (keyof typeof docxCases)[])('the %s report', (name) => {
    it('holds the header lines, title, headings, paragraphs and signature, in a CJK font, on a few A4 pages', () => {
      const c = docxCases[name];
      const squashed = comparable(c.text);
      for (const line of c.model.header)
        expect(squashed).toContain(comparable(`${line.label}：${line.value}`));
      expect(squashed).toContain(comparable(c.model.title));
      for (const b of c.model.preamble)
        if (b.kind === 'paragraph') expect(squashed).toContain(comparable(b.sentence.text));
      let last = 0;
      for (const s of c.model.sections) {
        const at = squashed.indexOf(comparable(s.heading), last);
        expect(at, s.heading).toBeGreaterThanOrEqual(last);
        last = at;
        for (const b of s.blocks) {
          if (b.kind === 'paragraph' || b.kind === 'subheading') {
            expect(squashed).toContain(comparable(b.kind === 'paragraph' ? b.sentence.text : b.text));
          }
        }
      }
      const signature = comparable(`${c.model.signature!.agencyName}${c.model.signature!.date}`);
      expect(squashed.indexOf(signature, last)).toBeGreaterThan(last);
      expect(c.fonts).toMatch(/CJK/u);
      expect(c.pages).toBeGreaterThanOrEqual(3);
      expect(c.pages).toBeLessThanOrEqual(9);
    });

    it('numbers every page — 1 —, — 2 — …', () => {
      const c = docxCases[name];
      expect(c.pageNumbers).toEqual(Array.from({ length: c.pages }, (_, i) => i + 1));
    });

    it('holds every label and figure of its national tables', () => {
      const c = docxCases[name];
      const grids = gridsOf(c.model);
      expect(grids.length).toBe(3);
      for (const grid of grids) expectGridIn(c.text, grid);
    });

    it('draws its charts with their titles, labels and values', () => {
      const c = docxCases[name];
      const squashed = squash(c.text);
      const charts = reportCharts(c.model);
      expect(charts.length).toBeGreaterThan(0);
      for (const chart of charts) {
        expect(squashed).toContain(chart.title);
        // LibreOffice writes a bar chart's category labels, then its value labels, each in order.
        expect(squashed).toContain(
          chart.data.map((d) => d.label).join('') + chart.data.map((d) => `${d.value}${chart.unit}`).join(''),
        );
      }
    });
  });

  it('shows a draft’s one 草稿 line and none of its findings; a report without errors is no draft', () => {
    const { text } = docxCases.huaian;
    expect(docxCases.huaian.model.draft).toBe(true);
    expect(text.match(/草稿/gu)?.length).toBe(1);
    expect(squash(text)).toContain('草稿：数据存在校验错误，不得发布');
    expect(squash(text)).not.toContain(squash(SAMPLE_ERROR.message));
    expect(text).not.toContain(SAMPLE_ERROR.ruleId);
    expect(docxCases.annex.text).not.toContain('草稿');
  });

  it('puts the 附件 after the signature, with the captions of 表一–表三', () => {
    const squashed = squash(docxCases.annex.text);
    const annex = docxCases.annex.model.annex!;
    const signature = squashed.indexOf('淮安市人民政府2025年1月16日');
    const mark = squashed.indexOf(`附件${squash(annex.heading)}`);
    expect(signature).toBeGreaterThan(0);
    expect(mark).toBeGreaterThan(signature);
    let last = mark;
    for (const { caption } of annex.tables) {
      const at = squashed.indexOf(squash(caption), last);
      expect(at, caption).toBeGreaterThan(last);
      last = at;
    }
    expect(squash(docxCases.huaian.text)).not.toContain('附件');
  });
});

describe('LibreOffice renders the XLSX', () => {
  const xlsxCases = { huaian: docxCases.huaian, hangzhou: docxCases.hangzhou };
  const texts: Record<string, { text: string; fonts: string }> = {};

  beforeAll(async () => {
    const files: string[] = [];
    for (const [name, c] of Object.entries(xlsxCases)) {
      const xlsx = join(dir, `${name}.xlsx`);
      await writeFile(xlsx, await renderXlsx(c.model, c.stats));
      files.push(xlsx);
    }
    const pdfs = await convertToPdf(files, dir);
    for (const [i, name] of Object.keys(xlsxCases).entries()) {
      texts[name] = { text: await pdfText(pdfs[i]!), fonts: await pdfFonts(pdfs[i]!) };
    }
  }, 240_000);

  it.each(Object.keys(xlsxCases))('%s: every label and figure of the three tables, in a CJK font', (name) => {
    const c = xlsxCases[name as keyof typeof xlsxCases];
    const { text, fonts } = texts[name]!;
    for (const grid of gridsOf(c.model)) expectGridIn(text, grid);
    expect(squash(text)).toContain(squash(c.model.title));
    expect(fonts).toMatch(/CJK/u);
  });

  it('marks the draft workbook', () => {
    expect(texts.huaian!.text).toContain('草稿');
    expect(texts.hangzhou!.text).not.toContain('草稿');
  });
});
