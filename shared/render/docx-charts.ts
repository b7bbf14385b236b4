/**
 * Native Word charts in a .docx packed by the `docx` library, which has no charts (dolanmiu/docx#3066).
 * The renderer writes a placeholder paragraph where each chart goes; embedNativeCharts then opens the
 * package and replaces each such paragraph with an inline chart: a DrawingML chart part that carries its
 * data in caches (c:strCache, c:numCache), so Word, WPS and LibreOffice draw it with its labels and values,
 * and an embedded workbook with the same data, which Word and WPS open for 编辑数据 (Edit Data).
 *
 * Elements follow the order of the ECMA-376 chart schema (dml-chart.xsd) exactly: Word reports a part
 * with elements out of order as damaged.
 */
import Workbook from 'exceljs/lib/doc/workbook.js';
import JSZip from 'jszip';
import { CHART_COLORS, CJK_SANS, CJK_SERIF, LATIN_FONT } from './style.ts';

export interface NativeChart {
  /** Unique within the document; letters, digits, `-` and `_`. */
  readonly id: string;
  readonly title: string;
  /** `bar`: horizontal bars, categories read top to bottom; `column`: vertical bars; `pie`: one series. */
  readonly kind: 'bar' | 'column' | 'pie';
  readonly categories: readonly string[];
  /** Counts: finite and not negative, one value per category. */
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** Written after each value in the data labels, e.g. `件` → `1362件`. */
  readonly unit?: string;
  /** The figures in words, for screen readers (the drawing's description). */
  readonly altText: string;
}

export interface PlacedChart {
  readonly chart: NativeChart;
  /** Size on the page in EMU (914400 a inch, 360000 a centimetre). */
  readonly widthEmu: number;
  readonly heightEmu: number;
}

const PLACEHOLDER_START = '{{gongkai-chart:';

/** The text of the paragraph the renderer writes where a chart goes; embedNativeCharts replaces that paragraph. */
export function chartPlaceholder(id: string): string {
  if (!/^[\w-]+$/u.test(id)) throw new Error(`chart id ${JSON.stringify(id)}: use letters, digits, - and _`);
  return `${PLACEHOLDER_START}${id}}}`;
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
};
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const REL_PACKAGE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/package';
const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet of the embedded workbook that the chart's formulas (c:f) refer to. */
const SHEET = 'Sheet1';
/** Hundredths of a point: 五号 (10.5 pt) for labels, 小四 (12 pt) for the title. */
const LABEL_SIZE = 1050;
const TITLE_SIZE = 1200;
const CAT_AXIS_ID = 111111111;
const VAL_AXIS_ID = 222222222;

/**
 * Replaces each chart's placeholder paragraph in word/document.xml with the inline chart (keeping the
 * paragraph's properties, e.g. its alignment), and adds the chart parts, their workbooks, relationships
 * and content types. Throws if a chart has no placeholder paragraph (or shares it with other text), or a
 * placeholder has no chart.
 */
export async function embedNativeCharts(docx: Uint8Array, charts: readonly PlacedChart[]): Promise<Buffer> {
  const ids = new Set<string>();
  for (const placed of charts) {
    checkPlacedChart(placed);
    if (ids.has(placed.chart.id)) throw new Error(`chart ${placed.chart.id}: id used twice`);
    ids.add(placed.chart.id);
  }

  const zip = await JSZip.loadAsync(docx);
  let document = await readPart(zip, 'word/document.xml');
  let relationships = await readPart(zip, 'word/_rels/document.xml.rels');
  let contentTypes = await readPart(zip, '[Content_Types].xml');

  let docPrId = maxNumber(document, /<wp:docPr [^>]*?id="(\d+)"/gu);
  let relId = maxNumber(relationships, /Id="rId(\d+)"/gu);
  let partNumber = maxNumber(Object.keys(zip.files).join('\n'), /^word\/charts\/chart(\d+)\.xml$/gmu);
  for (const placed of charts) {
    docPrId += 1;
    relId += 1;
    partNumber += 1;
    const chartPart = `word/charts/chart${partNumber}.xml`;
    const workbookName = `Microsoft_Excel_Worksheet${partNumber}.xlsx`;
    document = replacePlaceholder(document, placed.chart.id, inlineChart(placed, docPrId, `rId${relId}`));
    relationships = relationships.replace(
      '</Relationships>',
      `<Relationship Id="rId${relId}" Type="${REL_CHART}" Target="charts/chart${partNumber}.xml"/></Relationships>`,
    );
    contentTypes = contentTypes.replace(
      '</Types>',
      `<Override PartName="/${chartPart}" ContentType="${CHART_CONTENT_TYPE}"/></Types>`,
    );
    zip.file(chartPart, chartSpace(placed.chart));
    zip.file(
      `word/charts/_rels/chart${partNumber}.xml.rels`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_PACKAGE}" Target="../embeddings/${workbookName}"/></Relationships>`,
    );
    zip.file(`word/embeddings/${workbookName}`, await chartWorkbook(placed.chart));
  }
  const stray = document.indexOf(PLACEHOLDER_START);
  if (stray >= 0) {
    const id = document.slice(stray + PLACEHOLDER_START.length, document.indexOf('}}', stray));
    throw new Error(`chart placeholder ${id} has no chart`);
  }
  if (charts.length > 0 && !/<Default [^>]*Extension="xlsx"/u.test(contentTypes)) {
    contentTypes = contentTypes.replace(
      /<Types [^>]*>/u,
      (types) => `${types}<Default Extension="xlsx" ContentType="${XLSX_CONTENT_TYPE}"/>`,
    );
  }
  zip.file('word/document.xml', document);
  zip.file('word/_rels/document.xml.rels', relationships);
  zip.file('[Content_Types].xml', contentTypes);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function checkPlacedChart({ chart, widthEmu, heightEmu }: PlacedChart): void {
  const fail = (why: string) => new Error(`chart ${chart.id}: ${why}`);
  chartPlaceholder(chart.id);
  if (!Number.isInteger(widthEmu) || widthEmu <= 0 || !Number.isInteger(heightEmu) || heightEmu <= 0) {
    throw fail('width and height must be positive whole EMU');
  }
  if (chart.categories.length === 0) throw fail('no categories');
  if (chart.series.length === 0) throw fail('no series');
  if (chart.kind === 'pie' && chart.series.length !== 1) throw fail('a pie has exactly one series');
  for (const s of chart.series) {
    if (s.values.length !== chart.categories.length) throw fail(`series ${s.name}: one value per category`);
    if (!s.values.every((v) => Number.isFinite(v) && v >= 0))
      throw fail(`series ${s.name}: values are counts`);
  }
  const texts = [
    chart.title,
    chart.altText,
    chart.unit ?? '',
    ...chart.categories,
    ...chart.series.map((s) => s.name),
  ];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry, escaped or not
  if (texts.some((t) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/u.test(t))) {
    throw fail('a label has a control character');
  }
}

async function readPart(zip: JSZip, name: string): Promise<string> {
  const part = zip.file(name);
  if (!part) throw new Error(`not a Word document: ${name} is missing`);
  return part.async('string');
}

function maxNumber(text: string, pattern: RegExp): number {
  return Math.max(0, ...[...text.matchAll(pattern)].map((m) => Number(m[1])));
}

/** Replaces the paragraph whose whole text is the chart's placeholder; keeps the paragraph's properties. */
function replacePlaceholder(document: string, id: string, drawing: string): string {
  const marker = chartPlaceholder(id);
  const at = document.indexOf(marker);
  if (at < 0) throw new Error(`chart ${id}: no placeholder paragraph in the document`);
  if (document.includes(marker, at + 1)) throw new Error(`chart ${id}: placeholder found twice`);
  const start = Math.max(document.lastIndexOf('<w:p>', at), document.lastIndexOf('<w:p ', at));
  const end = document.indexOf('</w:p>', at) + '</w:p>'.length;
  const paragraph = document.slice(start, end);
  const text = [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
  if (text !== marker) throw new Error(`chart ${id}: the placeholder must be alone in its paragraph`);
  const [, open, properties = ''] = /^(<w:p(?: [^>]*)?>)(<w:pPr>.*?<\/w:pPr>)?/su.exec(paragraph)!;
  return `${document.slice(0, start)}${open}${properties}<w:r>${drawing}</w:r></w:p>${document.slice(end)}`;
}

function inlineChart({ chart, widthEmu, heightEmu }: PlacedChart, docPrId: number, relId: string): string {
  return (
    '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">' +
    `<wp:extent cx="${widthEmu}" cy="${heightEmu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${docPrId}" name="${xml(chart.title)}" descr="${xml(chart.altText)}"/>` +
    `<wp:cNvGraphicFramePr/><a:graphic xmlns:a="${NS.a}"><a:graphicData uri="${NS.c}">` +
    `<c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="${relId}"/>` +
    '</a:graphicData></a:graphic></wp:inline></w:drawing>'
  );
}

/** word/charts/chartN.xml: CT_ChartSpace, its children in the schema's order. */
function chartSpace(chart: NativeChart): string {
  const legend =
    chart.kind === 'pie' || chart.series.length > 1
      ? `<c:legend><c:legendPos val="${chart.kind === 'pie' ? 'r' : 'b'}"/><c:overlay val="0"/></c:legend>`
      : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProperties('a:defRPr', TITLE_SIZE, true)}</a:pPr>` +
    `<a:r>${runProperties('a:rPr', TITLE_SIZE, true)}<a:t>${xml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    '<c:overlay val="0"/></c:title>' +
    '<c:autoTitleDeleted val="0"/>' +
    `<c:plotArea><c:layout/>${chart.kind === 'pie' ? pieChart(chart) : barChart(chart)}</c:plotArea>` +
    `${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>` +
    '</c:chart>' +
    `<c:spPr>${NO_FILL}</c:spPr>` +
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProperties('a:defRPr', LABEL_SIZE, false)}</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>` +
    '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>' +
    '</c:chartSpace>'
  );
}

const NO_FILL = '<a:noFill/><a:ln><a:noFill/></a:ln>';

/** Text run properties: Latin and East Asian faces as in the document body (黑体 for the title). */
function runProperties(tag: 'a:defRPr' | 'a:rPr', size: number, title: boolean): string {
  const lang = tag === 'a:rPr' ? ' lang="zh-CN" altLang="en-US"' : '';
  return (
    `<${tag}${lang} sz="${size}" b="${title ? 1 : 0}"><a:solidFill><a:srgbClr val="${CHART_COLORS.text}"/></a:solidFill>` +
    `<a:latin typeface="${LATIN_FONT}"/><a:ea typeface="${title ? CJK_SANS : CJK_SERIF}"/><a:cs typeface="${LATIN_FONT}"/></${tag}>`
  );
}

/** CT_BarChart with its two axes; the value axis is hidden, as the data labels give the values. */
function barChart(chart: NativeChart): string {
  const horizontal = chart.kind === 'bar';
  const series = chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${seriesName(s.name, i)}` +
        `<c:spPr><a:solidFill><a:srgbClr val="${color(i)}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        `${dataLabels(chart)}${categoryData(chart)}${valueData(s.values, i)}</c:ser>`,
    )
    .join('');
  const axisLine = `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="${CHART_COLORS.wordAxis}"/></a:solidFill></a:ln></c:spPr>`;
  return (
    `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    `${series}<c:gapWidth val="60"/><c:axId val="${CAT_AXIS_ID}"/><c:axId val="${VAL_AXIS_ID}"/></c:barChart>` +
    // Horizontal bars: maxMin puts the first category at the top, in reading order (Word's default is the bottom).
    `<c:catAx><c:axId val="${CAT_AXIS_ID}"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisLine}` +
    `<c:crossAx val="${VAL_AXIS_ID}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="${VAL_AXIS_ID}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>` +
    `<c:delete val="1"/><c:axPos val="${horizontal ? 'b' : 'l'}"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `<c:crossAx val="${CAT_AXIS_ID}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`
  );
}

/** CT_PieChart: one series, a colour a slice (c:dPt), white lines between the slices. */
function pieChart(chart: NativeChart): string {
  const [s] = chart.series as [NativeChart['series'][number]];
  const outline = '<a:ln w="12700"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln>';
  const points = chart.categories
    .map(
      (_, i) =>
        `<c:dPt><c:idx val="${i}"/><c:bubble3D val="0"/>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${color(i)}"/></a:solidFill>${outline}</c:spPr></c:dPt>`,
    )
    .join('');
  return (
    `<c:pieChart><c:varyColors val="1"/><c:ser><c:idx val="0"/><c:order val="0"/>${seriesName(s.name, 0)}` +
    `${points}${dataLabels(chart)}${categoryData(chart)}${valueData(s.values, 0)}</c:ser>` +
    '<c:firstSliceAng val="0"/></c:pieChart>'
  );
}

/** CT_DLbls: the value with the unit, outside the bar or slice. */
function dataLabels(chart: NativeChart): string {
  // Each character of the unit escaped with a backslash, so that no unit can break the format code.
  const unit = [...(chart.unit ?? '')].map((ch) => `\\${ch}`).join('');
  return (
    `<c:dLbls><c:numFmt formatCode="${xml(`General${unit}`)}" sourceLinked="0"/><c:spPr>${NO_FILL}</c:spPr>` +
    `<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>` +
    '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>' +
    `${chart.kind === 'pie' ? '<c:showLeaderLines val="1"/>' : ''}</c:dLbls>`
  );
}

/** The series name, from the header row of the workbook (B1, C1, …). */
function seriesName(name: string, index: number): string {
  return (
    `<c:tx><c:strRef><c:f>${SHEET}!$${column(index + 1)}$1</c:f>` +
    `<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${xml(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>`
  );
}

/** The categories, from column A below the header. */
function categoryData(chart: NativeChart): string {
  const points = chart.categories.map((c, i) => `<c:pt idx="${i}"><c:v>${xml(c)}</c:v></c:pt>`).join('');
  return (
    `<c:cat><c:strRef><c:f>${SHEET}!$A$2:$A$${chart.categories.length + 1}</c:f>` +
    `<c:strCache><c:ptCount val="${chart.categories.length}"/>${points}</c:strCache></c:strRef></c:cat>`
  );
}

/** A series' values, from its column below the header. */
function valueData(values: readonly number[], index: number): string {
  const col = column(index + 1);
  const points = values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('');
  return (
    `<c:val><c:numRef><c:f>${SHEET}!$${col}$2:$${col}$${values.length + 1}</c:f>` +
    `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${points}</c:numCache></c:numRef></c:val>`
  );
}

/** The workbook that Word opens for 编辑数据: categories in column A, a column a series, names in row 1. */
async function chartWorkbook(chart: NativeChart): Promise<Buffer> {
  const wb = new Workbook();
  const sheet = wb.addWorksheet(SHEET);
  sheet.addRow(['', ...chart.series.map((s) => s.name)]);
  chart.categories.forEach((category, i) => {
    sheet.addRow([category, ...chart.series.map((s) => s.values[i])]);
  });
  sheet.getColumn(1).width = 28;
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Spreadsheet column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
function column(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function color(index: number): string {
  return CHART_COLORS.series[index % CHART_COLORS.series.length]!;
}

function xml(text: string): string {
  return text
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&apos;');
}
