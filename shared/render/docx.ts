/**
 * The report as a Word document: A4, CJK fonts (the eastAsia font slot), the national tables with the
 * format's merges (columnSpan and verticalMerge), charts as SVG images (with a PNG of the bars as the
 * fallback for readers without SVG support), and a 草稿 marking on drafts.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  type IRunOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { DRAFT_MARK, type GridCell, type ReportModel, type TableGrid } from '../domain/report/index.ts';
import { CHART_SIZE, chartPng, chartSvg, chartText, reportCharts } from './charts.ts';
import { CJK_SANS, CJK_SERIF, LATIN_FONT, PAGE_COLUMN_WEIGHTS } from './style.ts';

export interface DocxOptions {
  /** Draw the charts (default true). */
  readonly charts?: boolean;
}

/** A4 in twips, and margins close to the 公文 layout (37 mm top, 28 mm left, 26 mm right). */
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1701, bottom: 1417, left: 1531, right: 1474 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

const SERIF = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: CJK_SERIF };
const SANS = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: CJK_SANS };
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' };
const RED = 'C00000';
/** Half-points. */
const BODY_SIZE = 24;
const TABLE_SIZE = 18;

type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType];

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_BORDERS = { top: border, bottom: border, left: border, right: border };

/** Renders the report model as a .docx document. */
export async function renderDocx(model: ReportModel, opts: DocxOptions = {}): Promise<Buffer> {
  const charts = opts.charts === false ? [] : reportCharts(model);
  const images = charts.map((chart, i) => ({
    svg: Buffer.from(chartSvg(chart)),
    png: chartPng(chart),
    // docx numbers every drawing 1 unless told: give each its own id, and the figures as alt text.
    altText: {
      id: String(i + 1),
      name: `chart-${chart.id}`,
      title: chart.title,
      description: chartText(chart),
    },
  }));
  const children: (Paragraph | Table)[] = [];
  if (model.draft) {
    children.push(
      para(
        model.draftReason === 'errors'
          ? `${DRAFT_MARK}：数据存在校验错误（见文末“校验发现”），不得发布`
          : `${DRAFT_MARK}：未经审核，不得发布`,
        { bold: true, color: RED, font: SANS },
        { alignment: AlignmentType.CENTER, indent: false },
      ),
    );
  }
  children.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { after: 360 },
      children: [new TextRun({ text: model.title, font: SANS, size: 36, bold: true, language: LANGUAGE })],
    }),
  );
  children.push(para(model.preamble));
  for (const section of model.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 240, after: 120 },
        keepNext: true,
        children: [
          new TextRun({ text: section.heading, font: SANS, size: 28, bold: true, language: LANGUAGE }),
        ],
      }),
    );
    // The agency's text, the table, then the sentences that read the table out.
    for (const p of section.paragraphs) children.push(para(p));
    if (section.table) children.push(gridTable(section.table), spacer());
    for (const s of section.sentences) children.push(para(s.text));
    if (section.placeholder) children.push(para(section.placeholder, { color: '777777' }));
    if (section.id === 's3') {
      images.forEach(({ svg, png, altText }, i) => {
        const width = 560;
        const transformation = { width, height: Math.round((width * CHART_SIZE.height) / CHART_SIZE.width) };
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepLines: true,
            spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 120 },
            children: [
              // An svgBlip (drawn by Word 2019/Microsoft 365) over the PNG blip that other readers show.
              new ImageRun({
                type: 'svg',
                data: svg,
                fallback: { type: 'png', data: png },
                transformation,
                altText,
              }),
            ],
          }),
          // The caption states the figures, so a reader that draws only the PNG (LibreOffice 7, older
          // Word, WPS) still sees what each bar is.
          para(
            `图${i + 1}  ${altText.description}`,
            { color: '444444' },
            { alignment: AlignmentType.CENTER, indent: false },
          ),
        );
      });
    }
  }
  if (model.findings.length > 0) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 360, after: 120 },
        keepNext: true,
        children: [
          new TextRun({ text: '附：校验发现', font: SANS, size: 28, bold: true, language: LANGUAGE }),
        ],
      }),
      findingsTable(model),
    );
  }

  const doc = new Document({
    creator: 'Gongkai',
    title: model.title,
    description: `${model.formatTitle}（${model.documentNumber}）`,
    styles: {
      default: {
        document: {
          run: { font: SERIF, size: BODY_SIZE, language: LANGUAGE },
          paragraph: { spacing: { line: 400, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { font: SANS, size: 36, bold: true, color: '000000' } },
        heading1: { run: { font: SANS, size: 28, bold: true, color: '000000' } },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        headers: model.draft
          ? {
              default: new Header({
                children: [
                  para(
                    DRAFT_MARK,
                    { bold: true, color: RED, size: 32, font: SANS },
                    { alignment: AlignmentType.CENTER, indent: false },
                  ),
                ],
              }),
            }
          : {},
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 20 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function para(
  text: string,
  run: Partial<IRunOptions> = {},
  paragraph: { alignment?: Alignment; indent?: boolean } = {},
): Paragraph {
  return new Paragraph({
    ...(paragraph.alignment && { alignment: paragraph.alignment }),
    ...(paragraph.indent !== false && { indent: { firstLine: BODY_SIZE * 20 } }),
    children: [new TextRun({ text, language: LANGUAGE, ...run })],
  });
}

function spacer(): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [] });
}

function cellParagraphs(
  text: string,
  size: number,
  bold: boolean,
  alignment: Alignment,
  keepNext: boolean,
): Paragraph[] {
  return text.split('\n').map(
    (line) =>
      new Paragraph({
        alignment,
        keepNext,
        spacing: { line: 260, before: 0, after: 0 },
        children: [new TextRun({ text: line, size, bold, language: LANGUAGE })],
      }),
  );
}

/** A national table: every grid row, with vertical-merge continuation cells where a rowspan covers it. */
export function gridTable(grid: TableGrid): Table {
  const weights = PAGE_COLUMN_WEIGHTS[grid.table];
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * CONTENT_WIDTH));
  const size = grid.table === 'reviews' ? TABLE_SIZE - 2 : TABLE_SIZE;
  const spanWidth = (col: number, span: number) => widths.slice(col, col + span).reduce((a, b) => a + b, 0);
  const anchors = new Map(grid.cells.map((c) => [`${c.row}:${c.col}`, c]));
  const rows: TableRow[] = [];
  for (let r = 0; r < grid.height; r++) {
    const cells: TableCell[] = [];
    for (let c = 0; c < grid.width; ) {
      const anchor = anchors.get(`${r}:${c}`);
      const cover: GridCell | undefined =
        anchor ?? grid.cells.find((g) => g.col === c && g.row < r && r < g.row + g.rowSpan);
      const span = cover?.colSpan ?? 1;
      const common = {
        width: { size: spanWidth(c, span), type: WidthType.DXA },
        borders: CELL_BORDERS,
        verticalAlign: VerticalAlign.CENTER,
        margins: { left: 57, right: 57, top: 20, bottom: 20 },
        ...(span > 1 && { columnSpan: span }),
      };
      if (anchor) {
        const left = anchor.kind === 'label' && anchor.rowSpan === 1 && grid.table === 'requests';
        const text = anchor.text;
        cells.push(
          new TableCell({
            ...common,
            ...(anchor.rowSpan > 1 && { verticalMerge: VerticalMergeType.RESTART }),
            // "Keep with next" on every row but the last keeps the table on one page where it fits.
            children: cellParagraphs(
              text,
              size,
              anchor.kind === 'header',
              left ? AlignmentType.LEFT : AlignmentType.CENTER,
              r < grid.height - 1,
            ),
          }),
        );
      } else {
        cells.push(
          new TableCell({
            ...common,
            ...(cover && { verticalMerge: VerticalMergeType.CONTINUE }),
            children: [new Paragraph({ keepNext: r < grid.height - 1, children: [] })],
          }),
        );
      }
      c += span;
    }
    rows.push(
      new TableRow({ children: cells, cantSplit: true, ...(r < grid.headerRows && { tableHeader: true }) }),
    );
  }
  return new Table({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
}

function findingsTable(model: ReportModel): Table {
  const weights = [24, 10, 34, 32];
  const widths = weights.map((w) => Math.floor((w / 100) * CONTENT_WIDTH));
  const cell = (text: string, i: number, opts: { bold?: boolean; color?: string } = {}) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      borders: CELL_BORDERS,
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 57, right: 57, top: 20, bottom: 20 },
      children: text.split('\n').map(
        (line) =>
          new Paragraph({
            spacing: { line: 260 },
            children: [new TextRun({ text: line, size: TABLE_SIZE, language: LANGUAGE, ...opts })],
          }),
      ),
    });
  const header = new TableRow({
    tableHeader: true,
    children: ['规则', '严重程度', '说明', '涉及单元格'].map((t, i) => cell(t, i, { bold: true })),
  });
  const rows = model.findings.map(
    (f) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(f.ruleId, 0),
          cell(f.severityLabel, 1, f.severity === 'error' ? { bold: true, color: RED } : {}),
          cell(f.message, 2),
          cell(f.cellLabels.join('\n'), 3),
        ],
      }),
  );
  return new Table({
    rows: [header, ...rows],
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
}
