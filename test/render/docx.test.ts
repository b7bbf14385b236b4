import { describe, expect, it } from 'vitest';
import { TABLE_IDS } from '../../shared/domain/formats/index.ts';
import { buildReportModel, type ReportModel, type TableGrid } from '../../shared/domain/report/index.ts';
import { chartText } from '../../shared/render/charts.ts';
import { renderDocx } from '../../shared/render/docx.ts';
import {
  ANNEX_TEMPLATE,
  HUAIAN_2024_SLOTS,
  hangzhou2019Statistics,
  huaian2024Statistics,
  huaianReportInput,
  nationalModel,
  SAMPLE_ERROR,
  SAMPLE_WARNING,
  withFindings,
} from '../support/render-fixtures.ts';
import { unzip } from './zip.ts';

interface DocxCell {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly text: string;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&apos;/gu, "'")
    .replace(/&amp;/gu, '&');

const textOf = (xml: string) =>
  unescapeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join(''));

/** The paragraphs of a part: their XML and their text. */
const paragraphsOf = (xml: string) =>
  [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [^>]*>[\s\S]*?<\/w:p>/gu)].map((m) => ({
    xml: m[0],
    text: textOf(m[0]),
  }));

/** The cells of a Word table as a grid: gridSpan → colSpan, a vMerge restart and its continues → rowSpan. */
function tableCells(tbl: string): DocxCell[] {
  const anchors: DocxCell[] = [];
  const rows = [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/gu)].map((m) => m[0]);
  rows.forEach((tr, r) => {
    let col = 0;
    for (const tc of [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/gu)].map((m) => m[0])) {
      const colSpan = Number(/<w:gridSpan w:val="(\d+)"\/>/u.exec(tc)?.[1] ?? 1);
      const merge = /<w:vMerge(?: w:val="(\w+)")?\/>/u.exec(tc);
      if (merge && merge[1] !== 'restart') {
        const above = anchors.find((a) => a.col === col && a.row + a.rowSpan === r);
        if (!above) throw new Error(`a vMerge continue at ${r}:${col} with nothing above`);
        (above as { rowSpan: number }).rowSpan += 1;
      } else {
        anchors.push({ row: r, col, rowSpan: 1, colSpan, text: textOf(tc) });
      }
      col += colSpan;
    }
  });
  return anchors;
}

const gridCells = (grid: TableGrid) =>
  [...grid.cells]
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map((c) => ({ row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, text: c.text }));

const sectionGrids = (model: ReportModel) =>
  model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' ? [b.grid] : [])));

async function render(model: ReportModel, charts = true) {
  const files = unzip(await renderDocx(model, { charts }));
  const part = (name: string) => files.get(name)?.toString('utf8') ?? '';
  const document = part('word/document.xml');
  const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/gu)].map((m) => m[0]);
  const footers = [...files.keys()].filter((k) => /^word\/footer\d*\.xml$/u.test(k)).map(part);
  const headers = [...files.keys()].filter((k) => /^word\/header\d*\.xml$/u.test(k)).map(part);
  return {
    files,
    document,
    styles: part('word/styles.xml'),
    settings: part('word/settings.xml'),
    tables,
    footers,
    headers,
  };
}

/** A paragraph style of styles.xml by id. */
const styleOf = (styles: string, id: string) => {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`, 'u').exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
};
const eastAsiaFont = (xml: string) => /<w:rFonts [^>]*w:eastAsia="([^"]+)"/u.exec(xml)?.[1];
const size = (xml: string) => Number(/<w:sz w:val="(\d+)"\/>/u.exec(xml)?.[1]);

const huaian = () => buildReportModel(huaianReportInput());
const annexModel = () =>
  buildReportModel(
    huaianReportInput({
      template: ANNEX_TEMPLATE,
      slots: { written_on: '2025-01-16', summary: '本年度，本机关认真贯彻落实《条例》。' },
    }),
  );

describe('renderDocx', () => {
  it('has the national tables with the same cells and merges as the grid (2021 and 2019)', async () => {
    for (const stats of [huaian2024Statistics(), hangzhou2019Statistics()]) {
      // Prepare
      const model = nationalModel(stats, '某机关');
      // Act
      const { tables } = await render(model, false);
      // Assess: the header lines' table first, then the three national tables in order.
      const grids = sectionGrids(model);
      expect(grids.map((g) => g.table)).toEqual([...TABLE_IDS]);
      const national = tables.slice(-3);
      grids.forEach((grid, i) => {
        expect(tableCells(national[i]!)).toEqual(gridCells(grid));
      });
    }
  });

  it('lays out an A4 page with the GB/T 9704 margins: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right', async () => {
    const { document } = await render(huaian(), false);
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    const margins = /<w:pgMar ([^>]*)\/>/u.exec(document)?.[1] ?? '';
    const twips = (side: string) => Number(new RegExp(`w:${side}="(\\d+)"`, 'u').exec(margins)?.[1]);
    expect([twips('top'), twips('bottom'), twips('left'), twips('right')]).toEqual([2098, 1984, 1587, 1474]);
  });

  it('defines the title, headings and body in the fonts and sizes of the official document form', async () => {
    const { styles } = await render(huaian(), false);
    const title = styleOf(styles, 'Title');
    expect([eastAsiaFont(title), size(title)]).toEqual(['方正小标宋简体', 44]);
    expect(title).toContain('<w:jc w:val="center"/>');
    const heading1 = styleOf(styles, 'Heading1');
    expect([eastAsiaFont(heading1), size(heading1)]).toEqual(['黑体', 32]);
    const heading2 = styleOf(styles, 'Heading2');
    expect([eastAsiaFont(heading2), size(heading2)]).toEqual(['楷体_GB2312', 32]);
    for (const heading of [title, heading1, heading2]) expect(heading).toContain('<w:b w:val="false"/>');
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/u.exec(styles)?.[0] ?? '';
    expect([eastAsiaFont(defaults), size(defaults)]).toEqual(['仿宋_GB2312', 32]);
    expect(defaults).toMatch(/w:ascii="Times New Roman"/u);
    expect(defaults).toContain('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>');
    const spacing = /<w:spacing w:line="(\d+)" w:lineRule="(\w+)"\/>/u.exec(defaults);
    expect(spacing?.[2]).toBe('exact');
    expect(Number(spacing?.[1])).toBeGreaterThanOrEqual(560);
    expect(Number(spacing?.[1])).toBeLessThanOrEqual(580);
  });

  it('lists its fonts with the names offices have them under (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体)', async () => {
    const { files } = await render(huaian(), false);
    const fonts = files.get('word/fontTable.xml')!.toString('utf8');
    const font = (name: string) =>
      new RegExp(`<w:font w:name="${name}">([\\s\\S]*?)</w:font>`, 'u').exec(fonts)?.[1];
    expect(font('仿宋_GB2312')).toContain('<w:altName w:val="仿宋"/><w:charset w:val="86"/>');
    expect(font('楷体_GB2312')).toContain('<w:altName w:val="楷体"/>');
    expect(font('黑体')).toContain('<w:altName w:val="SimHei"/>');
    expect(font('宋体')).toContain('<w:altName w:val="SimSun"/>');
    expect(font('方正小标宋简体')).toContain('<w:charset w:val="86"/>');
    expect(font('Times New Roman')).toContain('<w:family w:val="roman"/>');
  });

  it('uses the Title and Heading styles (the navigation pane) and indents body text two characters', async () => {
    const model = huaian();
    const { document } = await render(model, false);
    const paragraphs = paragraphsOf(document);
    const styled = (id: string) =>
      paragraphs.filter((p) => p.xml.includes(`<w:pStyle w:val="${id}"/>`)).map((p) => p.text);
    expect(styled('Title')).toEqual([model.title]);
    // Too long for one line of 二号: broken where the words break, not where the line is full.
    const title = paragraphs.find((p) => p.xml.includes('<w:pStyle w:val="Title"/>'))!.xml;
    expect(title).toMatch(
      /<w:t[^>]*>淮安市人民政府2024年<\/w:t><\/w:r><w:r>.*?<w:br\/><w:t[^>]*>政府信息公开工作年度报告<\/w:t>/u,
    );
    expect(styled('Heading1')).toEqual(model.sections.map((s) => s.heading));
    const subheadings = model.sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'subheading' ? [b.text] : [])),
    );
    expect(subheadings.length).toBe(5);
    expect(styled('Heading2')).toEqual(subheadings);
    const body = paragraphs.find((p) => p.text === HUAIAN_2024_SLOTS.s1_platform)!;
    expect(body.xml).toContain('<w:ind w:firstLine="640"/>');
    expect(body.xml).toContain('<w:jc w:val="both"/>');
  });

  it('numbers the pages — 1 — in 宋体 四号, odd pages right and even pages left', async () => {
    const { footers, settings } = await render(huaian(), false);
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(footers.length).toBe(2);
    const aligned = footers.map((f) => /<w:jc w:val="(\w+)"\/>/u.exec(f)?.[1]).sort();
    expect(aligned).toEqual(['left', 'right']);
    for (const footer of footers) {
      expect([eastAsiaFont(footer), size(footer)]).toEqual(['宋体', 28]);
      expect(footer).toMatch(
        /<w:t xml:space="preserve">— <\/w:t><w:fldChar w:fldCharType="begin"\/><w:instrText[^>]*>PAGE<\/w:instrText>[\s\S]*?<w:t xml:space="preserve"> —<\/w:t>/u,
      );
    }
  });

  it('prints the header lines, then the title, the preamble, the sections and the signature in order', async () => {
    const model = huaian();
    const { document, tables } = await render(model, false);
    const text = textOf(document);
    expect(textOf(tables[0]!)).toBe(
      '发布机构：淮安市人民政府成文日期：2025年1月16日索引号：014000001/2025-00012文号：淮政办发〔2025〕3号',
    );
    const at = (needle: string) => {
      const i = text.indexOf(needle);
      expect(i, needle).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at('发布机构'),
      at(model.title),
      at('本报告依据《中华人民共和国政府信息公开条例》'),
      ...model.sections.map((s) => at(s.heading)),
      at(HUAIAN_2024_SLOTS.s6!),
      text.lastIndexOf('淮安市人民政府2025年1月16日'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const s of model.sections) {
      for (const b of s.blocks) if (b.kind === 'paragraph') expect(text).toContain(b.sentence.text);
    }
    // The national template has no 附件.
    expect(text).not.toContain('附件');
  });

  it('signs with the agency and the date right-aligned (右空四字), then the 附件 on a new page with 表一–表三', async () => {
    const model = annexModel();
    const { document, tables } = await render(model, false);
    const paragraphs = paragraphsOf(document);
    const name = paragraphs.findIndex(
      (p) => p.text === '淮安市人民政府' && p.xml.includes('<w:jc w:val="right"/>'),
    );
    expect(name).toBeGreaterThan(0);
    const date = paragraphs[name + 1]!;
    expect(date.text).toBe('2025年1月16日');
    expect(date.xml).toContain('<w:ind w:right="1280"/>');
    // Two blank lines between the body and the signature.
    expect(paragraphs.slice(name - 2, name).map((p) => p.text)).toEqual(['', '']);
    const annex = paragraphs.findIndex((p) => p.text === '附件');
    expect(annex).toBeGreaterThan(name);
    expect(paragraphs[annex]!.xml).toContain('<w:pageBreakBefore/>');
    expect(eastAsiaFont(paragraphs[annex]!.xml)).toBe('黑体');
    expect(paragraphs[annex + 1]!.text).toBe('淮安市人民政府2024年政府信息公开情况统计表');
    const captions = paragraphs.filter((p) => /^表[一二三]：/u.test(p.text)).map((p) => p.text);
    expect(captions).toEqual([
      '表一：主动公开政府信息情况',
      '表二：收到和处理政府信息公开申请情况',
      '表三：政府信息公开行政复议、行政诉讼情况',
    ]);
    // The annex's tables keep the national merges.
    const annexTables = tables.slice(-3);
    model.annex!.tables.forEach(({ grid }, i) => {
      expect(tableCells(annexTables[i]!)).toEqual(gridCells(grid));
    });
  });

  it('marks a draft once, at the top of the first page, and carries no finding', async () => {
    const stats = withFindings(huaian2024Statistics(), [SAMPLE_ERROR, SAMPLE_WARNING]);
    const model = buildReportModel(huaianReportInput({ stats }));
    expect(model.draft).toBe(true);
    const { document, headers } = await render(model, false);
    const text = textOf(document);
    expect(text.match(/草稿/gu)?.length).toBe(1);
    const first = paragraphsOf(document)[0]!;
    expect(first.text).toBe('草稿：数据存在校验错误，不得发布');
    expect(first.xml).toContain('<w:color w:val="C00000"/>');
    expect(headers.map(textOf).join('')).not.toContain('草稿');
    for (const f of [SAMPLE_ERROR, SAMPLE_WARNING]) {
      expect(text).not.toContain(f.message);
      expect(text).not.toContain(f.ruleId);
    }
    expect(text).not.toContain('校验发现');
    const requested = await render(buildReportModel(huaianReportInput({ draft: true })), false);
    expect(paragraphsOf(requested.document)[0]!.text).toBe('草稿：未经审核，不得发布');
    expect(textOf((await render(huaian(), false)).document)).not.toContain('草稿');
  });

  it('holds no Latin word but those of the office’s own text (national report and draft)', async () => {
    const office = Object.values(HUAIAN_2024_SLOTS);
    const draft = buildReportModel(
      huaianReportInput({ stats: withFindings(huaian2024Statistics(), [SAMPLE_ERROR]) }),
    );
    for (const model of [huaian(), draft, annexModel()]) {
      let text = textOf((await render(model)).document);
      for (const own of office) if (own) text = text.replaceAll(own, '');
      expect(text.match(/[A-Za-z]+/gu) ?? []).toEqual([]);
    }
  });

  it('places the charts as native Word charts with their labels and values, where the template puts them', async () => {
    // Prepare
    const model = huaian();
    // Act
    const { files, document } = await render(model);
    // Assess: two chart parts, no image, no placeholder left.
    const parts = [...files.keys()].filter((k) => /^word\/charts\/chart\d+\.xml$/u.test(k)).sort();
    expect(parts.length).toBe(2);
    expect([...files.keys()].filter((k) => k.startsWith('word/media/'))).toEqual([]);
    expect(document).not.toContain('gongkai-chart');
    const charts = parts.map((k) => files.get(k)!.toString('utf8'));
    const [outcomes, channels] = model.sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])),
    );
    for (const [i, chart] of [outcomes!, channels!].entries()) {
      expect(charts[i]).toContain(`<a:t>${chart.title}</a:t>`);
      const labels = [...charts[i]!.matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/gu)].map(
        (m) => m[1],
      );
      expect(labels).toEqual([
        `数量（${chart.unit}）`,
        ...chart.data.map((d) => d.label),
        ...chart.data.map((d) => String(d.value)),
      ]);
    }
    // In the section of the requests, after its table, each with its figures as the drawing's description.
    const s3 = textOf(document).indexOf('三、收到和处理政府信息公开申请情况');
    const s4 = textOf(document).indexOf('四、政府信息公开行政复议、行政诉讼情况');
    expect(s3).toBeLessThan(s4);
    const descriptions = [...document.matchAll(/<wp:docPr id="(\d+)" name="[^"]*" descr="([^"]*)"/gu)];
    expect(descriptions.map((m) => m[2])).toEqual([outcomes!, channels!].map(chartText));
    expect(new Set(descriptions.map((m) => m[1])).size).toBe(2);
    // Without charts: no chart part, no placeholder.
    const bare = await render(model, false);
    expect([...bare.files.keys()].some((k) => k.startsWith('word/charts/'))).toBe(false);
    expect(bare.document).not.toContain('gongkai-chart');
  });
});
