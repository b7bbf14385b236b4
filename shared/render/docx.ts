/**
 * The report as a Word document in the official document form (GB/T 9704-2012): A4 with the 公文 margins,
 * the title in 方正小标宋简体 二号, first-level headings in 黑体 三号, second-level headings in 楷体_GB2312,
 * body text in 仿宋_GB2312 三号 on exact 28.95 pt lines with a two-character indent, the page number
 * `— 1 —` in 宋体 四号 (odd pages right, even pages left, one character in), the signature (右空四字) and
 * the 附件 on a new page. The lines 发布机构 / 成文日期 / 索引号 / 文号 stand above the title, as on the
 * published pages. The national tables keep the format's merges (columnSpan and verticalMerge); charts are
 * native Word charts (docx-charts.ts) with their data, which Word, WPS and LibreOffice draw. A draft carries one red line at the top of its first page; the
 * findings are never in the document (see findings-html.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
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
import JSZip from 'jszip';
import type {
  GridCell,
  ReportBlock,
  ReportChart,
  ReportHeaderLine,
  ReportModel,
  TableGrid,
} from '../domain/report/index.ts';
import { chartText } from './charts.ts';
import { chartPlaceholder, embedNativeCharts, type NativeChart } from './docx-charts.ts';
import {
  draftNotice,
  GOV_FONTS,
  GOV_LINE_TWIPS,
  GOV_PAGE_MM,
  GOV_SIZES,
  LATIN_FONT,
  PAGE_COLUMN_WEIGHTS,
} from './style.ts';

export interface DocxOptions {
  /** Draw the charts (default true). */
  readonly charts?: boolean;
}

const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const halfPoints = (pt: number) => Math.round(pt * 2);

/** A4 portrait in twips. */
const PAGE_SIZE = { width: twips(GOV_PAGE_MM.width), height: twips(GOV_PAGE_MM.height) };
/** 页码 7 mm below the type area: the footer's baseline about 22 mm above the page's edge. */
const MARGIN = {
  top: twips(GOV_PAGE_MM.top),
  bottom: twips(GOV_PAGE_MM.bottom),
  left: twips(GOV_PAGE_MM.left),
  right: twips(GOV_PAGE_MM.right),
  header: twips(15),
  footer: twips(22),
};
const PORTRAIT_WIDTH = PAGE_SIZE.width - MARGIN.left - MARGIN.right;

/** One character of body text, in twips: the unit of GB/T 9704's indents (空二字, 右空四字). */
const CHAR = GOV_SIZES.body * 20;

const font = (eastAsia: string) => ({ ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia });
const FONT = {
  title: font(GOV_FONTS.title),
  heading: font(GOV_FONTS.heading),
  body: font(GOV_FONTS.body),
  subheading: font(GOV_FONTS.subheading),
  table: font(GOV_FONTS.table),
};
/**
 * Chinese for the CJK text, and the Western slot as Chinese Word sets it (en-US): with zh-CN there,
 * LibreOffice breaks lines inside numbers (4000|00件).
 */
const LANGUAGE = { value: 'en-US', eastAsia: 'zh-CN' };
const RED = 'C00000';
/** A chart on the page: 15 cm wide, 0.85 cm a bar plus 2 cm for the title (EMU: 360000 a centimetre). */
const CHART_EMU = (bars: number) => ({
  widthEmu: 15 * 360_000,
  heightEmu: Math.round((2 + 0.85 * bars) * 360_000),
});
const EXACT_LINE = { line: GOV_LINE_TWIPS, lineRule: LineRuleType.EXACT };
const SINGLE_LINE = { line: 240, lineRule: LineRuleType.AUTO };

type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType];

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_BORDERS = { top: line, bottom: line, left: line, right: line };
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = {
  top: none,
  bottom: none,
  left: none,
  right: none,
  insideHorizontal: none,
  insideVertical: none,
};

/** Renders the report model as a .docx document. */
export async function renderDocx(model: ReportModel, opts: DocxOptions = {}): Promise<Buffer> {
  const charts: ReportChart[] = [];
  const placeChart = (chart: ReportChart): Paragraph[] => {
    if (opts.charts === false) return [];
    charts.push(chart);
    return [chartParagraph(chart)];
  };
  const body = [...reportBody(model, placeChart), ...(model.annex ? annexContent(model.annex) : [])];
  const doc = new Document({
    creator: model.agencyName,
    title: model.title,
    description: `${model.formatTitle}（${model.documentNumber}）`,
    evenAndOddHeaderAndFooters: true,
    styles: { default: DOCUMENT_STYLES },
    sections: [
      {
        properties: { page: { size: PAGE_SIZE, margin: MARGIN } },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: body,
      },
    ],
  });
  const packed = await withFontTable(await Packer.toBuffer(doc));
  if (charts.length === 0) return packed;
  return embedNativeCharts(
    packed,
    charts.map((chart) => ({ chart: nativeChart(chart), ...CHART_EMU(chart.data.length) })),
  );
}

/** The report up to its signature: draft line, 版头, title, preamble, sections. */
function reportBody(
  model: ReportModel,
  placeChart: (chart: ReportChart) => Paragraph[],
): (Paragraph | Table)[] {
  const blocks = (list: readonly ReportBlock[]) => list.flatMap((block) => blockContent(block, placeChart));
  const body: (Paragraph | Table)[] = [];
  if (model.draft) body.push(draftLine(model));
  if (model.header.length > 0) body.push(headerTable(model.header));
  body.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      ...(model.header.length > 0 && { spacing: { before: GOV_LINE_TWIPS } }),
      children: titleRuns(model.title),
    }),
  );
  body.push(...blocks(model.preamble));
  for (const section of model.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [textRun(section.heading)] }));
    body.push(...blocks(section.blocks));
  }
  // The signature never stands alone on a page: the last paragraph of the body goes with it.
  const last = model.sections.at(-1)?.blocks.at(-1);
  if (model.signature && last?.kind === 'paragraph') {
    body.pop();
    body.push(bodyParagraph(last.sentence.text, true));
  }
  if (model.signature) body.push(...signatureParagraphs(model.signature.agencyName, model.signature.date));
  return body;
}

/**
 * 附件 on a new page. The 15-column 表三 fits the portrait page in 宋体 9 pt (two characters a line in its
 * headers), as LibreOffice draws it: no landscape section.
 */
function annexContent(annex: NonNullable<ReportModel['annex']>): (Paragraph | Table)[] {
  const content: (Paragraph | Table)[] = [
    new Paragraph({
      pageBreakBefore: true,
      children: [textRun('附件', { font: FONT.heading, size: halfPoints(GOV_SIZES.heading) })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...SINGLE_LINE, before: GOV_LINE_TWIPS, after: GOV_LINE_TWIPS },
      children: titleRuns(annex.heading, { font: FONT.title, size: halfPoints(GOV_SIZES.title) }),
    }),
  ];
  for (const { caption, grid } of annex.tables) {
    content.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { ...SINGLE_LINE, before: 120, after: 120 },
        children: [textRun(caption, { font: FONT.heading, size: halfPoints(GOV_SIZES.caption) })],
      }),
      gridTable(grid),
      spacer(),
    );
  }
  return content;
}

/** The document's default styles: body text, title and the two heading levels of GB/T 9704. */
const DOCUMENT_STYLES = {
  document: {
    run: { font: FONT.body, size: halfPoints(GOV_SIZES.body), language: LANGUAGE },
    paragraph: { spacing: EXACT_LINE },
  },
  title: {
    run: { font: FONT.title, size: halfPoints(GOV_SIZES.title), bold: false, color: '000000' },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { ...SINGLE_LINE, before: 0, after: GOV_LINE_TWIPS },
    },
  },
  heading1: {
    run: { font: FONT.heading, size: halfPoints(GOV_SIZES.heading), bold: false, color: '000000' },
    paragraph: {
      keepNext: true,
      keepLines: true,
      indent: { firstLine: 2 * CHAR },
      spacing: { ...EXACT_LINE, before: 0, after: 0 },
    },
  },
  heading2: {
    run: {
      font: FONT.subheading,
      size: halfPoints(GOV_SIZES.subheading),
      bold: false,
      italics: false,
      color: '000000',
    },
    paragraph: {
      keepNext: true,
      keepLines: true,
      indent: { firstLine: 2 * CHAR },
      spacing: { ...EXACT_LINE, before: 0, after: 0 },
    },
  },
} as const;

/**
 * The fonts the document names, with the other names an office has them under (w:altName): Windows 10 and
 * later ship 仿宋 and 楷体 but not the _GB2312 faces, and Word takes the alternate name before falling back to
 * its default font. docx writes an empty font table and has no option for it, hence the edit of the package.
 */
const FONT_TABLE: readonly { name: string; altName?: string; family: string; pitch: string }[] = [
  { name: GOV_FONTS.title, family: 'auto', pitch: 'variable' },
  { name: GOV_FONTS.heading, altName: 'SimHei', family: 'modern', pitch: 'fixed' },
  { name: GOV_FONTS.body, altName: '仿宋', family: 'modern', pitch: 'fixed' },
  { name: GOV_FONTS.subheading, altName: '楷体', family: 'modern', pitch: 'fixed' },
  { name: GOV_FONTS.table, altName: 'SimSun', family: 'auto', pitch: 'variable' },
];

async function withFontTable(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const part = zip.file('word/fontTable.xml');
  if (!part) throw new Error('docx wrote no word/fontTable.xml');
  const xml = await part.async('string');
  const fonts = [
    ...FONT_TABLE.map(
      (f) =>
        `<w:font w:name="${f.name}">${f.altName ? `<w:altName w:val="${f.altName}"/>` : ''}` +
        `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    ),
    `<w:font w:name="${LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`,
  ].join('');
  const filled = xml.replace(/<w:fonts([^>]*?)\/>\s*$/u, `<w:fonts$1>${fonts}</w:fonts>`);
  if (filled === xml) throw new Error('unexpected word/fontTable.xml: not an empty w:fonts');
  zip.file('word/fontTable.xml', filled);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function blockContent(
  block: ReportBlock,
  placeChart: (chart: ReportChart) => Paragraph[],
): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'subheading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [textRun(block.text)] })];
    case 'paragraph':
      return [bodyParagraph(block.sentence.text)];
    case 'table':
      return [gridTable(block.grid), spacer()];
    case 'chart':
      return placeChart(block.chart);
  }
}

function textRun(text: string, options: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, language: LANGUAGE, ...options });
}

/** Characters of 二号 on a line of the type area. */
const TITLE_LINE_CHARS = PORTRAIT_WIDTH / (GOV_SIZES.title * 20);

/**
 * A title too long for one line breaks where its words do (GB/T 9704: 回行时词意完整): before the last
 * 政府信息公开, when both parts fit a line — 淮安市人民政府2024年 / 政府信息公开工作年度报告 — rather
 * than wherever the line is full (…工作年 / 度报告). Other titles are left to the word processor.
 */
function titleRuns(title: string, options: Partial<IRunOptions> = {}): TextRun[] {
  const at = title.lastIndexOf('政府信息公开');
  const [first, second] = [title.slice(0, at), title.slice(at)];
  // Digits in a CJK title take more than half a character where they are drawn: the spacing Word and
  // LibreOffice add between CJK and Latin text (杭州市公安局2019年度… is 19 by halves and wraps).
  const wide = charsWide(title) + (title.match(/[0-9A-Za-z]/gu)?.length ?? 0) * 0.5;
  if (wide <= TITLE_LINE_CHARS || at <= 0 || charsWide(first) > TITLE_LINE_CHARS) {
    return [textRun(title, options)];
  }
  if (charsWide(second) > TITLE_LINE_CHARS) return [textRun(title, options)];
  return [textRun(first, options), textRun(second, { ...options, break: 1 })];
}

/** Body text: 仿宋 三号 (the document default), justified, the first line two characters in. */
function bodyParagraph(text: string, keepWithNext = false): Paragraph {
  return new Paragraph({
    ...(keepWithNext && { keepNext: true, keepLines: true }),
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * CHAR },
    children: [textRun(text)],
  });
}

function spacer(): Paragraph {
  return new Paragraph({ spacing: { ...SINGLE_LINE, after: 120 }, children: [] });
}

/** The one mark of a draft: a red line at the top of the first page, saying why. */
function draftLine(model: ReportModel): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...SINGLE_LINE, after: 240 },
    children: [
      textRun(draftNotice(model), {
        font: FONT.heading,
        size: halfPoints(GOV_SIZES.heading),
        color: RED,
      }),
    ],
  });
}

/** 发布机构 / 成文日期 / 索引号 / 文号: two to a row, in 仿宋 小四, without borders. */
function headerTable(lines: readonly ReportHeaderLine[]): Table {
  const half = Math.floor(PORTRAIT_WIDTH / 2);
  const rows: TableRow[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const pair = [lines[i], lines[i + 1]];
    rows.push(
      new TableRow({
        children: pair.map(
          (l) =>
            new TableCell({
              width: { size: half, type: WidthType.DXA },
              borders: NO_BORDERS,
              children: [
                new Paragraph({
                  spacing: SINGLE_LINE,
                  children: l
                    ? [textRun(`${l.label}：${l.value}`, { size: halfPoints(GOV_SIZES.header) })]
                    : [],
                }),
              ],
            }),
        ),
      }),
    );
  }
  return new Table({
    rows,
    columnWidths: [half, half],
    width: { size: 2 * half, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
  });
}

/** Width of a text in characters of body text: CJK one, digits and Latin letters a half. */
function charsWide(text: string): number {
  let chars = 0;
  for (const ch of text) chars += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.5;
  return chars;
}

/**
 * 落款: two blank lines after the body, the agency's name centred over the date, the date 右空四字 (GB/T
 * 9704 7.3.5.1); a name wider than that stands 右空二字 and the date is centred under it.
 */
function signatureParagraphs(agencyName: string, date: string): Paragraph[] {
  const nameWidth = charsWide(agencyName);
  const dateWidth = charsWide(date);
  let dateRight = 4;
  let nameRight = dateRight + (dateWidth - nameWidth) / 2;
  if (nameRight < 2) {
    nameRight = 2;
    dateRight = nameRight + (nameWidth - dateWidth) / 2;
  }
  const right = (text: string, chars: number, keepNext: boolean) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      keepNext,
      indent: { right: Math.round(chars * CHAR) },
      children: [textRun(text)],
    });
  const blank = () => new Paragraph({ keepNext: true, children: [] });
  return [blank(), blank(), right(agencyName, nameRight, true), right(date, dateRight, false)];
}

/** `— 1 —` in 宋体 四号, one character in from the right on odd pages, from the left on even pages. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = GOV_SIZES.pageNumber * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: SINGLE_LINE,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: FONT.table,
            size: halfPoints(GOV_SIZES.pageNumber),
          }),
        ],
      }),
    ],
  });
}

/** Where a chart goes: a centred paragraph holding only its placeholder, replaced by the native chart. */
function chartParagraph(chart: ReportChart): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepLines: true,
    spacing: { ...SINGLE_LINE, before: 120, after: 240 },
    children: [new TextRun(chartPlaceholder(chart.id))],
  });
}

/** A report chart as a native Word bar chart: the categories top to bottom, the values labelled with the unit. */
export function nativeChart(chart: ReportChart): NativeChart {
  return {
    id: chart.id,
    title: chart.title,
    kind: 'bar',
    categories: chart.data.map((d) => d.label),
    series: [{ name: `数量（${chart.unit}）`, values: chart.data.map((d) => d.value) }],
    unit: chart.unit,
    altText: chartText(chart),
  };
}

function cellParagraphs(text: string, size: number, bold: boolean, alignment: Alignment, keepNext: boolean) {
  return text.split('\n').map(
    (l) =>
      new Paragraph({
        alignment,
        keepNext,
        spacing: { ...SINGLE_LINE, before: 0, after: 0 },
        children: [textRun(l, { font: FONT.table, size, bold })],
      }),
  );
}

/** A national table: every grid row, with vertical-merge continuation cells where a rowspan covers it. */
export function gridTable(grid: TableGrid, contentWidth: number = PORTRAIT_WIDTH): Table {
  const weights = PAGE_COLUMN_WEIGHTS[grid.table];
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * contentWidth));
  const size = halfPoints(grid.table === 'proactive' ? GOV_SIZES.table : GOV_SIZES.wideTable);
  // Each table on one page: "keep with next" on every row but the last. In 宋体 9 pt the 28 rows of the 2021
  // 依申请公开 table fit a page (a merged cell split over two pages would print its label in two pieces).
  const keep = (r: number) => r < grid.height - 1;
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
        margins: { left: 40, right: 40, top: 20, bottom: 20 },
        ...(span > 1 && { columnSpan: span }),
      };
      if (anchor) {
        const left = anchor.kind === 'label' && anchor.rowSpan === 1 && grid.table === 'requests';
        cells.push(
          new TableCell({
            ...common,
            ...(anchor.rowSpan > 1 && { verticalMerge: VerticalMergeType.RESTART }),
            children: cellParagraphs(
              anchor.text,
              size,
              anchor.kind === 'header',
              left ? AlignmentType.LEFT : AlignmentType.CENTER,
              keep(r),
            ),
          }),
        );
      } else {
        cells.push(
          new TableCell({
            ...common,
            ...(cover && { verticalMerge: VerticalMergeType.CONTINUE }),
            children: [new Paragraph({ keepNext: keep(r), spacing: SINGLE_LINE, children: [] })],
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
    alignment: AlignmentType.CENTER,
  });
}
