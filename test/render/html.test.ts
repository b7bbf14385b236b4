import { describe, expect, it } from 'vitest';
import { TABLE_IDS, type TableId } from '../../shared/domain/formats/index.ts';
import { buildReportModel, tableGrid } from '../../shared/domain/report/index.ts';
import { escapeHtml, renderHtml } from '../../shared/render/html.ts';
import {
  HUAIAN_2024_AGENCY_NAME,
  hangzhou2019Statistics,
  huaian2023Statistics,
  huaian2024Statistics,
  SAMPLE_ERROR,
  withFindings,
} from '../support/render-fixtures.ts';

const tableHtml = (html: string, id: TableId): string => {
  const m = new RegExp(`<table class="national national-${id}"[^>]*>[\\s\\S]*?</table>`, 'u').exec(html);
  if (!m) throw new Error(`no table ${id}`);
  return m[0];
};

/** [tag, rowspan, colspan, text] of every cell, in document order. */
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

describe('renderHtml', () => {
  const stats = huaian2024Statistics();
  const model = buildReportModel({
    stats,
    agencyName: HUAIAN_2024_AGENCY_NAME,
    previous: huaian2023Statistics(),
    narrative: { s1: '本机关坚持以公开为常态、不公开为例外。', s5: '一是<问题>。' },
  });
  const html = renderHtml(model);

  it('is one self-contained page: inline CSS, no scripts, no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<script|<link|@import|\bsrc=|url\(/u);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain("'Noto Serif CJK SC'");
    expect(renderHtml(model)).toBe(html);
  });

  it('has the title, the six headings, the sentences and the agency text (escaped)', () => {
    expect(html).toContain('<h1>淮安市人民政府2024年政府信息公开工作年度报告</h1>');
    for (const s of model.sections) {
      expect(html).toContain(`<h2 id="${s.id}-heading">${s.heading}</h2>`);
      for (const sentence of s.sentences) expect(html).toContain(escapeHtml(sentence.text));
    }
    expect(html).toContain('<p>一是&lt;问题&gt;。</p>');
    expect(html).not.toContain('草稿');
  });

  it('draws the tables with the same cells and merges as the grid, values from the statistics', () => {
    for (const id of TABLE_IDS) {
      const grid = tableGrid('2021', id, stats.tables[id]);
      const cells = cellsOf(tableHtml(html, id));
      const expected = [...grid.cells]
        .sort((a, b) => a.row - b.row || a.col - b.col)
        .map((c) => [
          c.rowSpan,
          c.colSpan,
          escapeHtml(c.text),
          c.ref ? `${c.ref.table}.${c.ref.row}.${c.ref.column}` : null,
        ]);
      expect(cells).toEqual(expected);
    }
    const requests = tableHtml(html, 'requests');
    // Headers and row labels are <th> with a scope, the table named by its section's heading.
    expect(requests).toContain('<table class="national national-requests" aria-labelledby="s3-heading">');
    expect(requests).toContain('<th scope="rowgroup" class="group" rowspan="22">三、本年度办理结果</th>');
    expect(requests).toContain(
      '<th scope="row" class="label" colspan="3">一、本年新收政府信息公开申请数量</th>',
    );
    expect(requests).toContain('<th scope="col" rowspan="2">自然人</th>');
    expect(requests).toContain(
      '<th scope="colgroup" rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>',
    );
    expect(requests).not.toMatch(/<td class="(label|group)"/u);
    expect(requests).toContain('<td class="value" data-cell="requests.received.total">3119</td>');
    expect(tableHtml(html, 'proactive')).toContain(
      '<td class="value" colspan="3" data-cell="proactive.charges.amount_wan_yuan">96171.60</td>',
    );
    const html19 = renderHtml(buildReportModel({ stats: hangzhou2019Statistics(), agencyName: 'x' }));
    expect(tableHtml(html19, 'requests')).toContain(
      '<th scope="rowgroup" class="group" rowspan="20">三、本年度办理结果</th>',
    );
  });

  it('inlines the two charts as SVG with ids of their own', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/gu) ?? [];
    expect(svgs.length).toBe(2);
    expect(svgs[0]).toContain('本年度政府信息公开申请办理结果');
    expect(svgs[0]).toContain('1362件');
    expect(svgs[1]).toContain('网上申请');
    expect(html).not.toMatch(/\bzr\d+-/u);
    expect(renderHtml(model, { charts: false })).not.toContain('<svg');
  });

  it('marks a draft and lists the findings', () => {
    const draft = renderHtml(
      buildReportModel({ stats: withFindings(stats, [SAMPLE_ERROR]), agencyName: 'x' }),
    );
    expect(draft).toContain('<div class="watermark" aria-hidden="true">草稿</div>');
    expect(draft).toContain('草稿：数据存在校验错误');
    expect(draft).toContain('<h2>附：校验发现</h2>');
    expect(draft).toContain('<td class="error">错误</td>');
    expect(draft).toContain(escapeHtml(SAMPLE_ERROR.message));
  });
});
