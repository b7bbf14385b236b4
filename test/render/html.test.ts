import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TABLE_IDS, type TableId } from '../../shared/domain/formats/index.ts';
import { buildReportModel, type ReportModel, type TableGrid } from '../../shared/domain/report/index.ts';
import { escapeHtml, renderHtml } from '../../shared/render/html.ts';
import {
  ANNEX_TEMPLATE,
  HUAIAN_2024_SLOTS,
  hangzhou2019Statistics,
  huaian2023Statistics,
  huaian2024Statistics,
  huaianReportInput,
  nationalModel,
  SAMPLE_ERROR,
  SAMPLE_WARNING,
  withFindings,
} from '../support/render-fixtures.ts';
import { makeTempDir, removeDir } from './libreoffice.ts';

const run = promisify(execFile);

const tableHtml = (html: string, id: TableId): string => {
  const m = new RegExp(`<table class="national national-${id}"[^>]*>[\\s\\S]*?</table>`, 'u').exec(html);
  if (!m) throw new Error(`no table ${id}`);
  return m[0];
};

/** [rowspan, colspan, text, data-cell] of every cell, in document order. */
const cellsOf = (table: string) =>
  [...table.matchAll(/<(th|td)([^>]*)>([^<]*)<\/\1>/gu)].map((m) => {
    const attrs = m[2] ?? '';
    return [
      Number(/rowspan="(\d+)"/u.exec(attrs)?.[1] ?? 1),
      Number(/colspan="(\d+)"/u.exec(attrs)?.[1] ?? 1),
      m[3],
      /data-cell="([^"]+)"/u.exec(attrs)?.[1] ?? null,
    ] as const;
  });

const expectedCells = (grid: TableGrid) =>
  [...grid.cells]
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map((c) => [
      c.rowSpan,
      c.colSpan,
      escapeHtml(c.text),
      c.ref ? `${c.ref.table}.${c.ref.row}.${c.ref.column}` : null,
    ]);

/** The text a reader sees in the body: tags out, entities back to characters. */
const bodyText = (html: string) =>
  (/<body>([\s\S]*)<\/body>/u.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/gu, '')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&');

const annexModel = () =>
  buildReportModel(
    huaianReportInput({
      template: ANNEX_TEMPLATE,
      slots: { written_on: '2025-01-16', summary: '本年度，本机关认真贯彻落实《条例》。' },
    }),
  );

describe('renderHtml', () => {
  const stats = huaian2024Statistics();
  const model = buildReportModel(
    huaianReportInput({
      previous: huaian2023Statistics(),
      slots: { ...HUAIAN_2024_SLOTS, s5: '一是<问题>。' },
    }),
  );
  const html = renderHtml(model);

  it('is one self-contained Chinese page: inline CSS, no scripts, no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<script|<link|@import|\bsrc=|url\(/u);
    expect(html).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');
    expect(renderHtml(model)).toBe(html);
  });

  it('sets the title in 小标宋, h2 in 黑体, h3 in 楷体 and the body in 仿宋, each falling back to Noto', () => {
    const rule = (selector: string) => new RegExp(`\\n${selector} \\{[^}]*\\}`, 'u').exec(html)?.[0] ?? '';
    expect(rule('h1')).toContain("font-family: 'FZXiaoBiaoSong-B05S'");
    expect(rule('h1')).toContain("'STZhongsong'");
    expect(rule('h2')).toContain("font-family: 'SimHei'");
    expect(rule('h3')).toContain("font-family: 'KaiTi'");
    expect(rule('h3')).toContain("'STKaiti', 'Kaiti SC', 'Noto Serif CJK SC', serif");
    expect(rule('body')).toContain("font-family: 'FangSong'");
    expect(rule('body')).toContain("'STFangsong', 'Noto Serif CJK SC'");
  });

  it('prints the header lines, the title, the preamble, the sections with their subheadings, and the signature in order', () => {
    const at = (needle: string) => {
      const i = html.indexOf(needle);
      expect(i, needle).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at(
        '<dl class="doc-header"><div><dt>发布机构</dt><dd>淮安市人民政府</dd></div><div><dt>成文日期</dt><dd>2025年1月16日</dd></div>',
      ),
      at('<h1>淮安市人民政府2024年政府信息公开工作年度报告</h1>'),
      at('<p class="office">本报告依据《中华人民共和国政府信息公开条例》'),
      ...model.sections.map((s) => at(`<h2 id="${s.id}-heading">${s.heading}</h2>`)),
      at('<div class="signature"><p>淮安市人民政府</p><p>2025年1月16日</p></div>'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('<dt>索引号</dt><dd>014000001/2025-00012</dd>');
    expect(html).toContain('<h3>（一）主动公开</h3>');
    for (const s of model.sections) {
      for (const b of s.blocks) {
        if (b.kind === 'paragraph')
          expect(html).toContain(`<p class="${b.origin}">${escapeHtml(b.sentence.text)}</p>`);
      }
    }
    expect(html).toContain('<p class="slot">一是&lt;问题&gt;。</p>');
    expect(html).not.toContain('草稿');
    expect(html).not.toContain('附件');
  });

  it('draws the tables with the same cells and merges as the grid, named by their heading', () => {
    for (const id of TABLE_IDS) {
      const grid = model.sections
        .flatMap((s) => s.blocks)
        .find((b) => b.kind === 'table' && b.grid.table === id);
      expect(grid?.kind).toBe('table');
      expect(cellsOf(tableHtml(html, id))).toEqual(expectedCells((grid as { grid: TableGrid }).grid));
    }
    const requests = tableHtml(html, 'requests');
    // Headers and row labels are <th> with a scope, the table named by its section's heading.
    expect(requests).toContain('<table class="national national-requests" aria-labelledby="s3-heading">');
    expect(requests).toContain('<th scope="rowgroup" class="group" rowspan="22">三、本年度办理结果</th>');
    expect(requests).toContain(
      '<th scope="row" class="label" colspan="3">一、本年新收政府信息公开申请数量</th>',
    );
    expect(requests).toContain('<th scope="col" rowspan="2">自然人</th>');
    expect(requests).not.toMatch(/<td class="(label|group)"/u);
    expect(requests).toContain('<td class="value" data-cell="requests.received.total">3119</td>');
    expect(tableHtml(html, 'proactive')).toContain(
      '<td class="value" colspan="3" data-cell="proactive.charges.amount_wan_yuan">96171.60</td>',
    );
    // Each table scrolls in a box of its own, focusable and named.
    expect(html).toContain(
      '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="s4-heading"><table class="national national-reviews"',
    );
    const html19 = renderHtml(nationalModel(hangzhou2019Statistics(), 'x'));
    expect(tableHtml(html19, 'requests')).toContain(
      '<th scope="rowgroup" class="group" rowspan="20">三、本年度办理结果</th>',
    );
  });

  it('ends with the 附件 and its captioned tables when the template has them', () => {
    const annex = annexModel();
    const page = renderHtml(annex);
    const signature = page.indexOf('<div class="signature"><p>淮安市人民政府</p><p>2025年1月16日</p></div>');
    const mark = page.indexOf('<p class="annex-mark">附件</p>');
    expect(signature).toBeGreaterThan(0);
    expect(mark).toBeGreaterThan(signature);
    expect(page).toContain('<h2 id="annex-heading">淮安市人民政府2024年政府信息公开情况统计表</h2>');
    const captions = [...page.matchAll(/<caption>([^<]*)<\/caption>/gu)].map((m) => m[1]);
    expect(captions).toEqual([
      '表一：主动公开政府信息情况',
      '表二：收到和处理政府信息公开申请情况',
      '表三：政府信息公开行政复议、行政诉讼情况',
    ]);
    annex.annex!.tables.forEach(({ grid }) => {
      expect(cellsOf(tableHtml(page, grid.table))).toEqual(expectedCells(grid));
    });
    expect(page).toContain('<h3>（一）依申请公开</h3>');
  });

  it('inlines the two charts as SVG with ids of their own', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/gu) ?? [];
    expect(svgs.length).toBe(2);
    expect(svgs[0]).toContain('本年度政府信息公开申请办理结果');
    expect(svgs[0]).toContain('1362件');
    expect(svgs[1]).toContain('网上申请');
    expect(html.indexOf('<figure class="chart" id="chart-outcomes">')).toBeGreaterThan(
      html.indexOf('id="s3-heading"'),
    );
    expect(renderHtml(model, { charts: false })).not.toContain('<svg');
  });

  it('marks a draft once, saying why, and carries no finding', () => {
    const draft = renderHtml(
      buildReportModel(huaianReportInput({ stats: withFindings(stats, [SAMPLE_ERROR, SAMPLE_WARNING]) })),
    );
    const text = bodyText(draft);
    expect(text.match(/草稿/gu)?.length).toBe(1);
    expect(draft).toContain('<p class="draft-notice" role="note">草稿：数据存在校验错误，不得发布</p>');
    expect(draft).not.toContain('watermark');
    for (const f of [SAMPLE_ERROR, SAMPLE_WARNING]) {
      expect(draft).not.toContain(escapeHtml(f.message));
      expect(draft).not.toContain(f.ruleId);
    }
    expect(renderHtml(buildReportModel(huaianReportInput({ draft: true })))).toContain(
      '草稿：未经审核，不得发布',
    );
  });

  it('holds no Latin word in its body but those of the office’s own text (national report, draft, annex)', () => {
    const draft = buildReportModel(huaianReportInput({ stats: withFindings(stats, [SAMPLE_ERROR]) }));
    const office = Object.values(HUAIAN_2024_SLOTS);
    for (const m of [model, draft, annexModel()] as ReportModel[]) {
      let text = bodyText(renderHtml(m));
      for (const own of office) if (own) text = text.replaceAll(own, '');
      expect(text.match(/[A-Za-z]+/gu) ?? []).toEqual([]);
    }
  });
});

describe('renderHtml on a narrow screen', () => {
  it('has no page-wide horizontal scroll at 375 px: wide tables scroll in their own box', async () => {
    // Prepare: each page in a 375 px frame (Chromium's window is never that narrow), measured from inside:
    // the national report (header lines, charts, tables in its sections) and one with the 附件.
    const pages = {
      national: buildReportModel(huaianReportInput({ previous: huaian2023Statistics() })),
      annex: annexModel(),
    };
    const frames = Object.entries(pages).map(([name, model]) => {
      const page = renderHtml(model).replace(
        '</main>',
        `</main><script>parent.document.body.dataset.${name} = document.documentElement.scrollWidth + "/" + document.documentElement.clientWidth;</script>`,
      );
      return `<iframe style="width:375px;height:800px;border:0" srcdoc="${escapeHtml(page)}"></iframe>`;
    });
    const frame = `<!DOCTYPE html><html><body>${frames.join('')}</body></html>`;
    const dir = await makeTempDir('gongkai-narrow-');
    try {
      const file = `${dir}/frame.html`;
      await writeFile(file, frame);
      // Act
      const { stdout } = await run(
        'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          // No network here: nothing in the background that would reach out.
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--virtual-time-budget=5000',
          '--dump-dom',
          `file://${file}`,
        ],
        { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      );
      // Assess: each document is no wider than its viewport.
      const body = /<body ([^>]*)>/u.exec(stdout)?.[1] ?? '';
      for (const name of Object.keys(pages)) {
        const [scrollWidth, clientWidth] = (
          new RegExp(`data-${name}="(\\d+)/(\\d+)"`, 'u').exec(body)?.slice(1) ?? []
        ).map(Number);
        expect(clientWidth, name).toBeGreaterThan(300);
        expect(clientWidth, name).toBeLessThanOrEqual(375);
        expect(scrollWidth, name).toBe(clientWidth);
      }
    } finally {
      await removeDir(dir);
    }
  }, 90_000);
});
