/**
 * Native charts in a Word document made with the `docx` library: the package's parts, relationships and
 * content types, the chart parts in the order of the ECMA-376 schema (which Word insists on), the embedded
 * workbook behind 编辑数据, and LibreOffice drawing the charts with their titles, labels and values.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlignmentType, Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chartPlaceholder,
  embedNativeCharts,
  type NativeChart,
  type PlacedChart,
} from '../../shared/render/docx-charts.ts';
import { CJK_SANS, CJK_SERIF } from '../../shared/render/style.ts';
import { convertToPdf, makeTempDir, pdfImages, pdfText, removeDir, squash } from './libreoffice.ts';
import { unzip } from './zip.ts';

const OUTCOMES: NativeChart = {
  id: 'outcomes',
  title: '本年度政府信息公开申请办理结果',
  kind: 'bar',
  categories: ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理'],
  series: [{ name: '件数', values: [1362, 454, 87, 231, 19, 6] }],
  unit: '件',
  altText:
    '本年度政府信息公开申请办理结果：予以公开1362件，部分公开454件，不予公开87件，无法提供231件，不予处理19件，其他处理6件',
};
const CHANNELS: NativeChart = {
  id: 'channels',
  title: '本年新收申请（按申请渠道）',
  kind: 'pie',
  categories: ['当面申请', '网络申请', '信函申请', '传真申请'],
  series: [{ name: '件数', values: [312, 1204, 178, 9] }],
  unit: '件',
  altText: '本年新收申请（按申请渠道）：当面申请312件，网络申请1204件，信函申请178件，传真申请9件',
};
/** Labels that break XML (and a unit that would break a number format) unless escaped. */
const HOSTILE: NativeChart = {
  id: 'hostile',
  title: `标题 <b>&amp; "引号" 'x'`,
  kind: 'column',
  categories: [`<&"'>`, ']]>', '&lt;', '=SUM(A1)'],
  series: [{ name: `系列"<1>"`, values: [3, 5, 7, 11] }],
  unit: `"件\\`,
  altText: `说明 <&"'>`,
};
/** 17 cm × 9.5 cm. */
const SIZE = { widthEmu: 6_120_000, heightEmu: 3_420_000 };

/** A document of one paragraph a text; placeholders centred, as the report renderer writes them. */
async function documentOf(...texts: string[]): Promise<Buffer> {
  const children = texts.map((text) =>
    text.startsWith('{{') ? new Paragraph({ text, alignment: AlignmentType.CENTER }) : new Paragraph(text),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const twoCharts = async () =>
  embedNativeCharts(
    await documentOf(
      '一、图表',
      chartPlaceholder('outcomes'),
      '两图之间的文字。',
      chartPlaceholder('channels'),
    ),
    [
      { chart: OUTCOMES, ...SIZE },
      { chart: CHANNELS, ...SIZE },
    ],
  );

const hostileChart = async () =>
  embedNativeCharts(await documentOf(chartPlaceholder('hostile')), [{ chart: HOSTILE, ...SIZE }]);

interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

/** A strict, namespace-aware parse: throws on XML that is not well formed or uses an undeclared prefix. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(Object.entries(tag.attributes).map(([k, a]) => [k, a.value]));
    const node: XmlNode = { name: tag.name, attributes, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root.children[0]!;
}

function all(node: XmlNode, name: string): XmlNode[] {
  return node.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

function one(node: XmlNode, name: string): XmlNode {
  const found = all(node, name);
  if (found.length !== 1) throw new Error(`${found.length} ${name} in ${node.name}`);
  return found[0]!;
}

const textOf = (node: XmlNode): string => node.text + node.children.map(textOf).join('');

/**
 * Child sequences of ECMA-376 Part 1 (dml-chart.xsd, dml-main.xsd, dml-wordprocessingDrawing.xsd) for the
 * elements the module writes; `a|b` is a choice. Keys are an element, or `parent/element` where the type
 * depends on the parent.
 */
const FILL = 'a:noFill|a:solidFill|a:gradFill|a:blipFill|a:pattFill|a:grpFill';
const RUN_PROPERTIES = [
  'a:ln',
  FILL,
  'a:effectLst|a:effectDag',
  'a:highlight',
  'a:uLnTx|a:uLn',
  'a:uFillTx|a:uFill',
  'a:latin',
  'a:ea',
  'a:cs',
  'a:sym',
  'a:hlinkClick',
  'a:hlinkMouseOver',
  'a:rtl',
  'a:extLst',
];
const AXIS_START = [
  'c:axId',
  'c:scaling',
  'c:delete',
  'c:axPos',
  'c:majorGridlines',
  'c:minorGridlines',
  'c:title',
  'c:numFmt',
  'c:majorTickMark',
  'c:minorTickMark',
  'c:tickLblPos',
  'c:spPr',
  'c:txPr',
  'c:crossAx',
  'c:crosses|c:crossesAt',
];
const SCHEMA: Readonly<Record<string, readonly string[]>> = {
  'c:chartSpace': [
    'c:date1904',
    'c:lang',
    'c:roundedCorners',
    'c:style',
    'c:clrMapOvr',
    'c:pivotSource',
    'c:protection',
    'c:chart',
    'c:spPr',
    'c:txPr',
    'c:externalData',
    'c:printSettings',
    'c:userShapes',
    'c:extLst',
  ],
  'c:chartSpace/c:chart': [
    'c:title',
    'c:autoTitleDeleted',
    'c:pivotFmts',
    'c:view3D',
    'c:floor',
    'c:sideWall',
    'c:backWall',
    'c:plotArea',
    'c:legend',
    'c:plotVisOnly',
    'c:dispBlanksAs',
    'c:showDLblsOverMax',
    'c:extLst',
  ],
  'c:title': ['c:tx', 'c:layout', 'c:overlay', 'c:spPr', 'c:txPr', 'c:extLst'],
  'c:title/c:tx': ['c:strRef|c:rich'],
  'c:ser/c:tx': ['c:strRef|c:v'],
  'c:plotArea': ['c:layout', 'c:barChart|c:pieChart', 'c:valAx|c:catAx', 'c:dTable', 'c:spPr', 'c:extLst'],
  'c:barChart': [
    'c:barDir',
    'c:grouping',
    'c:varyColors',
    'c:ser',
    'c:dLbls',
    'c:gapWidth',
    'c:overlap',
    'c:serLines',
    'c:axId',
    'c:extLst',
  ],
  'c:pieChart': ['c:varyColors', 'c:ser', 'c:dLbls', 'c:firstSliceAng', 'c:extLst'],
  'c:barChart/c:ser': [
    'c:idx',
    'c:order',
    'c:tx',
    'c:spPr',
    'c:invertIfNegative',
    'c:pictureOptions',
    'c:dPt',
    'c:dLbls',
    'c:trendline',
    'c:errBars',
    'c:cat',
    'c:val',
    'c:shape',
    'c:extLst',
  ],
  'c:pieChart/c:ser': [
    'c:idx',
    'c:order',
    'c:tx',
    'c:spPr',
    'c:explosion',
    'c:dPt',
    'c:dLbls',
    'c:cat',
    'c:val',
    'c:extLst',
  ],
  'c:dPt': [
    'c:idx',
    'c:invertIfNegative',
    'c:marker',
    'c:bubble3D',
    'c:explosion',
    'c:spPr',
    'c:pictureOptions',
    'c:extLst',
  ],
  'c:dLbls': [
    'c:dLbl',
    'c:delete|c:numFmt',
    'c:spPr',
    'c:txPr',
    'c:dLblPos',
    'c:showLegendKey',
    'c:showVal',
    'c:showCatName',
    'c:showSerName',
    'c:showPercent',
    'c:showBubbleSize',
    'c:separator',
    'c:showLeaderLines',
    'c:leaderLines',
    'c:extLst',
  ],
  'c:catAx': [
    ...AXIS_START,
    'c:auto',
    'c:lblAlgn',
    'c:lblOffset',
    'c:tickLblSkip',
    'c:tickMarkSkip',
    'c:noMultiLvlLbl',
    'c:extLst',
  ],
  'c:valAx': [...AXIS_START, 'c:crossBetween', 'c:majorUnit', 'c:minorUnit', 'c:dispUnits', 'c:extLst'],
  'c:scaling': ['c:logBase', 'c:orientation', 'c:max', 'c:min', 'c:extLst'],
  'c:legend': ['c:legendPos', 'c:legendEntry', 'c:layout', 'c:overlay', 'c:spPr', 'c:txPr', 'c:extLst'],
  'c:cat': ['c:multiLvlStrRef|c:numRef|c:numLit|c:strRef|c:strLit'],
  'c:val': ['c:numRef|c:numLit'],
  'c:strRef': ['c:f', 'c:strCache', 'c:extLst'],
  'c:numRef': ['c:f', 'c:numCache', 'c:extLst'],
  'c:strCache': ['c:ptCount', 'c:pt', 'c:extLst'],
  'c:numCache': ['c:formatCode', 'c:ptCount', 'c:pt', 'c:extLst'],
  'c:externalData': ['c:autoUpdate'],
  'c:spPr': [
    'a:xfrm',
    'a:custGeom|a:prstGeom',
    FILL,
    'a:ln',
    'a:effectLst|a:effectDag',
    'a:scene3d',
    'a:sp3d',
  ],
  'a:ln': [FILL, 'a:prstDash|a:custDash', 'a:round|a:bevel|a:miter', 'a:headEnd', 'a:tailEnd', 'a:extLst'],
  'c:rich': ['a:bodyPr', 'a:lstStyle', 'a:p'],
  'c:txPr': ['a:bodyPr', 'a:lstStyle', 'a:p'],
  'a:p': ['a:pPr', 'a:r|a:br|a:fld', 'a:endParaRPr'],
  'a:r': ['a:rPr', 'a:t'],
  'a:defRPr': RUN_PROPERTIES,
  'a:rPr': RUN_PROPERTIES,
  'wp:inline': ['wp:extent', 'wp:effectExtent', 'wp:docPr', 'wp:cNvGraphicFramePr', 'a:graphic'],
};

/** The elements whose children are out of the schema's order or not in it, as `parent: child` lines. */
function schemaViolations(node: XmlNode, parent = ''): string[] {
  const sequence = SCHEMA[`${parent}/${node.name}`] ?? SCHEMA[node.name];
  const violations: string[] = [];
  if (sequence) {
    let previous = 0;
    for (const child of node.children) {
      const rank = sequence.findIndex((entry) => entry.split('|').includes(child.name));
      if (rank < previous) violations.push(`${node.name}: ${child.name}`);
      previous = Math.max(previous, rank);
    }
  }
  return [...violations, ...node.children.flatMap((c) => schemaViolations(c, node.name))];
}

/** The part a relationship points to, as a path in the package. */
function resolveTarget(fromPart: string, target: string): string {
  const parts = fromPart.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

function relationshipsOf(
  files: Map<string, Buffer>,
  part: string,
): Map<string, { type: string; target: string }> {
  const slash = part.lastIndexOf('/');
  const relsPart = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
  const rels = parseXml(files.get(relsPart)!.toString('utf8'));
  return new Map(
    all(rels, 'Relationship').map((r) => [
      r.attributes.Id!,
      { type: r.attributes.Type!, target: resolveTarget(part, r.attributes.Target!) },
    ]),
  );
}

interface EmbeddedChart {
  readonly inline: XmlNode;
  readonly paragraph: XmlNode;
  readonly partName: string;
  readonly chartSpace: XmlNode;
  readonly workbookPart: string;
}

/** The charts in the document's order: the drawing, the chart part it points to, the workbook behind it. */
function embeddedCharts(files: Map<string, Buffer>): EmbeddedChart[] {
  const document = parseXml(files.get('word/document.xml')!.toString('utf8'));
  const rels = relationshipsOf(files, 'word/document.xml');
  return all(document, 'w:p')
    .filter((p) => all(p, 'wp:inline').length > 0)
    .map((paragraph) => {
      const inline = one(paragraph, 'wp:inline');
      const rel = rels.get(one(inline, 'c:chart').attributes['r:id']!)!;
      expect(rel.type).toBe('http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart');
      const chartSpace = parseXml(files.get(rel.target)!.toString('utf8'));
      const workbookRel = relationshipsOf(files, rel.target).get(
        one(chartSpace, 'c:externalData').attributes['r:id']!,
      )!;
      expect(workbookRel.type).toBe(
        'http://schemas.openxmlformats.org/officeDocument/2006/relationships/package',
      );
      return { inline, paragraph, partName: rel.target, chartSpace, workbookPart: workbookRel.target };
    });
}

const points = (cache: XmlNode) => all(cache, 'c:pt').map((pt) => textOf(one(pt, 'c:v')));

/** What the chart part says: its title, kind, categories and series as cached. */
function chartData(chartSpace: XmlNode) {
  const plot = one(chartSpace, 'c:plotArea').children.find((c) => c.name.endsWith('Chart'))!;
  return {
    title: textOf(one(one(chartSpace, 'c:title'), 'c:rich')),
    plot: plot.name,
    categories: all(plot, 'c:cat').map((cat) => points(one(cat, 'c:strCache'))),
    series: all(plot, 'c:ser').map((ser) => ({
      name: points(one(one(ser, 'c:tx'), 'c:strCache'))[0],
      values: points(one(one(ser, 'c:val'), 'c:numCache')).map(Number),
    })),
  };
}

/** Every c:f reference of a chart read from its embedded workbook, beside the cache that the chart holds. */
async function referencesAndWorkbook(files: Map<string, Buffer>, chart: EmbeddedChart) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(files.get(chart.workbookPart)! as unknown as ExcelJS.Buffer);
  return all(chart.chartSpace, 'c:f').map((f) => {
    const [, sheet, col, first, last = first] = /^(\w+)!\$([A-Z]+)\$(\d+)(?::\$[A-Z]+\$(\d+))?$/u.exec(
      textOf(f),
    )!;
    const ws = wb.getWorksheet(sheet!)!;
    const cells: string[] = [];
    for (let row = Number(first); row <= Number(last); row++)
      cells.push(String(ws.getCell(`${col}${row}`).value));
    return { ref: textOf(f), cells };
  });
}

/** The cache next to each c:f, in the same order as referencesAndWorkbook. */
function cachesOf(chart: EmbeddedChart): { ref: string; cells: string[] }[] {
  return all(chart.chartSpace, 'c:f').map((f) => {
    const ref = all(chart.chartSpace, 'c:strRef')
      .concat(all(chart.chartSpace, 'c:numRef'))
      .find((r) => r.children[0] === f)!;
    return { ref: textOf(f), cells: points(ref.children[1]!) };
  });
}

describe('embedNativeCharts', () => {
  it('replaces each placeholder paragraph with its chart, keeping the paragraph centred', async () => {
    // Prepare, Act
    const files = unzip(await twoCharts());
    // Assess
    const document = files.get('word/document.xml')!.toString('utf8');
    expect(document).not.toContain('gongkai-chart');
    const charts = embeddedCharts(files);
    expect(charts.map((c) => chartData(c.chartSpace).title)).toEqual([OUTCOMES.title, CHANNELS.title]);
    const body = textOf(parseXml(document));
    expect(body.indexOf('一、图表')).toBeLessThan(body.indexOf('两图之间的文字。'));
    for (const [i, chart] of charts.entries()) {
      expect(one(chart.paragraph, 'w:jc').attributes['w:val']).toBe('center');
      expect(one(chart.inline, 'wp:extent').attributes).toEqual({ cx: '6120000', cy: '3420000' });
      expect(one(chart.inline, 'wp:docPr').attributes.descr).toBe([OUTCOMES, CHANNELS][i]!.altText);
    }
    const docPrIds = all(parseXml(document), 'wp:docPr').map((d) => d.attributes.id);
    expect(new Set(docPrIds).size).toBe(2);
  });

  it('adds the chart parts, their workbooks, relationships and content types', async () => {
    // Prepare, Act
    const files = unzip(await twoCharts());
    // Assess
    const charts = embeddedCharts(files);
    expect(charts.map((c) => c.partName)).toEqual(['word/charts/chart1.xml', 'word/charts/chart2.xml']);
    expect(charts.map((c) => c.workbookPart)).toEqual([
      'word/embeddings/Microsoft_Excel_Worksheet1.xlsx',
      'word/embeddings/Microsoft_Excel_Worksheet2.xlsx',
    ]);
    const types = parseXml(files.get('[Content_Types].xml')!.toString('utf8'));
    const overrides = new Map(
      all(types, 'Override').map((o) => [o.attributes.PartName, o.attributes.ContentType]),
    );
    for (const chart of charts) {
      expect(overrides.get(`/${chart.partName}`)).toBe(
        'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
      );
      expect(files.has(chart.workbookPart)).toBe(true);
    }
    const xlsxDefault = all(types, 'Default').find((d) => d.attributes.Extension === 'xlsx');
    expect(xlsxDefault?.attributes.ContentType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    // The parts the docx library wrote are still there.
    for (const part of ['word/styles.xml', 'word/settings.xml', 'docProps/core.xml'])
      expect(files.has(part)).toBe(true);
  });

  it('writes each chart part in the schema order, with its data cached and East Asian fonts', async () => {
    // Prepare, Act
    const [bar, pie] = embeddedCharts(unzip(await twoCharts()));
    // Assess
    for (const chart of [bar!, pie!]) {
      expect(schemaViolations(chart.chartSpace)).toEqual([]);
      expect(schemaViolations(chart.inline)).toEqual([]);
      const ea = all(chart.chartSpace, 'a:ea').map((e) => e.attributes.typeface);
      expect(new Set(ea)).toEqual(new Set([CJK_SERIF, CJK_SANS]));
      const labels = one(chart.chartSpace, 'c:dLbls');
      expect(one(labels, 'c:showVal').attributes.val).toBe('1');
      expect(one(labels, 'c:numFmt').attributes.formatCode).toBe('General\\件');
    }
    expect(chartData(bar!.chartSpace)).toEqual({
      title: OUTCOMES.title,
      plot: 'c:barChart',
      categories: [OUTCOMES.categories],
      series: OUTCOMES.series,
    });
    expect(one(bar!.chartSpace, 'c:barDir').attributes.val).toBe('bar');
    expect(one(one(bar!.chartSpace, 'c:catAx'), 'c:delete').attributes.val).toBe('0');
    expect(chartData(pie!.chartSpace)).toEqual({
      title: CHANNELS.title,
      plot: 'c:pieChart',
      categories: [CHANNELS.categories],
      series: CHANNELS.series,
    });
    expect(all(pie!.chartSpace, 'c:dPt')).toHaveLength(CHANNELS.categories.length);
    expect(all(pie!.chartSpace, 'c:legend')).toHaveLength(1);
  });

  it('embeds a workbook holding at each c:f reference what the chart caches', async () => {
    // Prepare
    const twoSeries: NativeChart = {
      ...OUTCOMES,
      id: 'years',
      kind: 'column',
      categories: ['2023年', '2024年'],
      series: [
        { name: '新收', values: [120, 135] },
        { name: '办结', values: [118, 131] },
      ],
    };
    const files = unzip(
      await embedNativeCharts(await documentOf(chartPlaceholder('years')), [{ chart: twoSeries, ...SIZE }]),
    );
    // Act
    const [chart] = embeddedCharts(files);
    const fromWorkbook = await referencesAndWorkbook(files, chart!);
    // Assess
    expect(fromWorkbook.map((r) => r.ref)).toEqual([
      'Sheet1!$B$1',
      'Sheet1!$A$2:$A$3',
      'Sheet1!$B$2:$B$3',
      'Sheet1!$C$1',
      'Sheet1!$A$2:$A$3',
      'Sheet1!$C$2:$C$3',
    ]);
    expect(fromWorkbook).toEqual(cachesOf(chart!));
    expect(schemaViolations(chart!.chartSpace)).toEqual([]);
    expect(one(chart!.chartSpace, 'c:barDir').attributes.val).toBe('col');
    expect(all(chart!.chartSpace, 'c:legend')).toHaveLength(1);
  });

  it('keeps labels that are hostile to XML and to number formats intact', async () => {
    // Prepare, Act
    const files = unzip(await hostileChart());
    // Assess
    const [chart] = embeddedCharts(files);
    expect(chartData(chart!.chartSpace)).toEqual({
      title: HOSTILE.title,
      plot: 'c:barChart',
      categories: [HOSTILE.categories],
      series: HOSTILE.series,
    });
    expect(one(chart!.inline, 'wp:docPr').attributes.descr).toBe(HOSTILE.altText);
    expect(one(one(chart!.chartSpace, 'c:dLbls'), 'c:numFmt').attributes.formatCode).toBe(
      'General\\"\\件\\\\',
    );
    expect(await referencesAndWorkbook(files, chart!)).toEqual(cachesOf(chart!));
  });

  it('throws when a chart has no placeholder, a placeholder has no chart, or a placeholder shares its paragraph', async () => {
    // Prepare
    const single = await documentOf('正文', chartPlaceholder('outcomes'));
    const shared = Buffer.from(
      await Packer.toBuffer(
        new Document({ sections: [{ children: [new Paragraph(`见下图${chartPlaceholder('outcomes')}`)] }] }),
      ),
    );
    // Act, Assess
    await expect(embedNativeCharts(single, [{ chart: CHANNELS, ...SIZE }])).rejects.toThrow(
      'chart channels: no placeholder paragraph in the document',
    );
    await expect(embedNativeCharts(single, [])).rejects.toThrow('chart placeholder outcomes has no chart');
    const twice = await documentOf(chartPlaceholder('outcomes'), chartPlaceholder('outcomes'));
    await expect(embedNativeCharts(twice, [{ chart: OUTCOMES, ...SIZE }])).rejects.toThrow(
      'chart outcomes: placeholder found twice',
    );
    await expect(embedNativeCharts(shared, [{ chart: OUTCOMES, ...SIZE }])).rejects.toThrow(
      'chart outcomes: the placeholder must be alone in its paragraph',
    );
  });

  it('rejects charts it cannot draw', async () => {
    // Prepare
    const docx = await documentOf(chartPlaceholder('outcomes'));
    const cases: [Partial<NativeChart>, Partial<PlacedChart>, string][] = [
      [{ series: [{ name: '件数', values: [1, 2] }] }, {}, 'one value per category'],
      [{ series: [{ name: '件数', values: [1, 2, 3, 4, 5, -6] }] }, {}, 'values are counts'],
      [{ series: [{ name: '件数', values: [1, 2, 3, 4, 5, Number.NaN] }] }, {}, 'values are counts'],
      [
        { kind: 'pie', series: [OUTCOMES.series[0]!, OUTCOMES.series[0]!] },
        {},
        'a pie has exactly one series',
      ],
      [{ categories: [] }, {}, 'no categories'],
      [{ title: '换页\f符' }, {}, 'a label has a control character'],
      [{}, { widthEmu: 0 }, 'width and height must be positive whole EMU'],
      [{ id: 'a b' }, {}, 'use letters, digits, - and _'],
    ];
    // Act, Assess
    for (const [chart, size, message] of cases) {
      await expect(
        embedNativeCharts(docx, [{ chart: { ...OUTCOMES, ...chart }, ...SIZE, ...size }]),
      ).rejects.toThrow(message);
    }
    await expect(
      embedNativeCharts(docx, [
        { chart: OUTCOMES, ...SIZE },
        { chart: OUTCOMES, ...SIZE },
      ]),
    ).rejects.toThrow('chart outcomes: id used twice');
  });
});

describe('embedNativeCharts, drawn by LibreOffice', () => {
  let dir = '';
  let text = '';
  let images: string[] = [];
  let hostileText = '';

  beforeAll(async () => {
    dir = await makeTempDir('docx-charts-');
    const paths = [join(dir, 'charts.docx'), join(dir, 'hostile.docx')];
    await writeFile(paths[0]!, await twoCharts());
    await writeFile(paths[1]!, await hostileChart());
    const [pdf, hostilePdf] = await convertToPdf(paths, dir);
    text = squash(await pdfText(pdf!));
    images = await pdfImages(pdf!);
    hostileText = squash(await pdfText(hostilePdf!));
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it('shows each title, category label and value with its unit', () => {
    for (const chart of [OUTCOMES, CHANNELS]) {
      expect(text).toContain(squash(chart.title));
      for (const category of chart.categories) expect(text).toContain(category);
      for (const value of chart.series[0]!.values) expect(text).toContain(`${value}件`);
    }
    expect(text).not.toContain('gongkai-chart');
  });

  it('shows labels that are hostile to XML as written', () => {
    expect(hostileText).toContain(squash(HOSTILE.title));
    for (const category of HOSTILE.categories) expect(hostileText).toContain(category);
    expect(hostileText).toContain('11"件\\');
  });

  it('draws the charts as vector graphics, not as a picture', () => {
    expect(images).toEqual([]);
  });
});
