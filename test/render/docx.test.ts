import { describe, expect, it } from 'vitest';
import { TABLE_IDS } from '../../shared/domain/formats/index.ts';
import { buildReportModel, type ReportModel } from '../../shared/domain/report/index.ts';
import { renderDocx } from '../../shared/render/docx.ts';
import {
  HUAIAN_2024_AGENCY_NAME,
  hangzhou2019Statistics,
  huaian2024Statistics,
  SAMPLE_ERROR,
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

async function render(model: ReportModel, charts = true) {
  const files = unzip(await renderDocx(model, { charts }));
  const document = files.get('word/document.xml')!.toString('utf8');
  const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/gu)].map((m) => m[0]);
  return { files, document, tables };
}

describe('renderDocx', () => {
  it('has the national tables with the same cells and merges as the grid (2021 and 2019)', async () => {
    for (const stats of [huaian2024Statistics(), hangzhou2019Statistics()]) {
      // Prepare
      const model = buildReportModel({ stats, agencyName: '某机关' });
      // Act
      const { tables } = await render(model, false);
      // Assess
      expect(tables.length).toBe(3);
      TABLE_IDS.forEach((id, i) => {
        const grid = model.sections.find((s) => s.table?.table === id)!.table!;
        const expected = [...grid.cells]
          .sort((a, b) => a.row - b.row || a.col - b.col)
          .map((c) => ({ row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, text: c.text }));
        expect(tableCells(tables[i]!)).toEqual(expected);
      });
    }
  });

  it('sets A4, a CJK eastAsia font and Chinese language', async () => {
    const { files, document } = await render(
      buildReportModel({ stats: huaian2024Statistics(), agencyName: HUAIAN_2024_AGENCY_NAME }),
      false,
    );
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    const styles = files.get('word/styles.xml')!.toString('utf8');
    expect(styles).toMatch(/w:eastAsia="SimSun"/u);
    expect(document).toMatch(/w:eastAsia="zh-CN"/u);
  });

  it('embeds the two charts as SVG (svgBlip) over a PNG fallback, each with its own id and alt text', async () => {
    // Prepare
    const model = buildReportModel({ stats: huaian2024Statistics(), agencyName: HUAIAN_2024_AGENCY_NAME });
    // Act
    const { files, document } = await render(model);
    // Assess
    const media = [...files.keys()].filter((k) => k.startsWith('word/media/') && !k.endsWith('/'));
    const svgs = media.filter((k) => k.endsWith('.svg'));
    const pngs = media.filter((k) => k.endsWith('.png'));
    expect([svgs.length, pngs.length, media.length]).toEqual([2, 2, 4]);
    const svgTexts = svgs.map((name) => files.get(name)!.toString('utf8'));
    expect(svgTexts.every((svg) => svg.startsWith('<?xml') && svg.includes('<svg xmlns='))).toBe(true);
    expect(svgTexts.some((svg) => svg.includes('1362件'))).toBe(true);
    expect(svgTexts.some((svg) => svg.includes('网上申请'))).toBe(true);
    for (const name of pngs) expect(files.get(name)!.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The main blip is the PNG (what older readers show); the svgBlip extension names the SVG.
    const rels = files.get('word/_rels/document.xml.rels')!.toString('utf8');
    const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`, 'u').exec(rels)?.[1];
    const blips = [
      ...document.matchAll(/<a:blip r:embed="(\w+)"[^>]*>[\s\S]*?<asvg:svgBlip [^>]*r:embed="(\w+)"/gu),
    ];
    expect(blips.length).toBe(2);
    for (const [, png, svg] of blips) {
      expect(target(png!)).toMatch(/\.png$/u);
      expect(target(svg!)).toMatch(/\.svg$/u);
    }
    const ids = [...document.matchAll(/<wp:docPr id="(\d+)"/gu)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(2);
    expect(document).toContain('descr="本年度政府信息公开申请办理结果：予以公开1362件，部分公开454件');
  });

  it('holds the title, headings and generated sentences', async () => {
    const model = buildReportModel({ stats: huaian2024Statistics(), agencyName: HUAIAN_2024_AGENCY_NAME });
    const { document } = await render(model, false);
    const text = textOf(document);
    expect(text).toContain(model.title);
    for (const s of model.sections) {
      expect(text).toContain(s.heading);
      for (const sentence of s.sentences) expect(text).toContain(sentence.text);
    }
    expect(text).not.toContain('草稿');
  });

  it('marks a draft in the page header and lists the findings', async () => {
    const model = buildReportModel({
      stats: withFindings(huaian2024Statistics(), [SAMPLE_ERROR]),
      agencyName: 'x',
    });
    const { files, document, tables } = await render(model, false);
    const headers = [...files.keys()].filter((k) => /^word\/header\d*\.xml$/u.test(k));
    expect(headers.some((h) => textOf(files.get(h)!.toString('utf8')) === '草稿')).toBe(true);
    expect(textOf(document)).toContain('草稿：数据存在校验错误');
    expect(tables.length).toBe(4);
    expect(textOf(tables[3]!)).toContain('requests.balance');
    expect(textOf(tables[3]!)).toContain('错误');
  });
});
