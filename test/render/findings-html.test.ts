import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../shared/domain/report/index.ts';
import { renderFindingsHtml } from '../../shared/render/findings-html.ts';
import { escapeHtml } from '../../shared/render/html.ts';
import {
  HUAIAN_2024_SLOTS,
  huaian2024Statistics,
  huaianReportInput,
  SAMPLE_ERROR,
  SAMPLE_WARNING,
  withFindings,
} from '../support/render-fixtures.ts';

/** [whole, severity, inner HTML] of each finding: the list's items split where the next one starts. */
const itemsOf = (html: string) =>
  (/<ol class="findings">([\s\S]*)<\/ol>/u.exec(html)?.[1] ?? '')
    .split(/(?=<li class=")/u)
    .flatMap((part) => {
      const m = /^<li class="(error|warning)">([\s\S]*)<\/li>\s*$/u.exec(part);
      return m ? [[m[0], m[1], m[2]] as const] : [];
    });

describe('renderFindingsHtml', () => {
  it('lists every finding, errors first, with its severity, message, cells in words and rule id', () => {
    // Prepare: a warning of the rules, an error of the rules, and the template's finding of an empty slot.
    const model = buildReportModel(
      huaianReportInput({
        stats: withFindings(huaian2024Statistics(), [SAMPLE_WARNING, SAMPLE_ERROR]),
        slots: { ...HUAIAN_2024_SLOTS, s5: '' },
      }),
    );
    expect(model.findings.length).toBeGreaterThanOrEqual(3);
    // Act
    const html = renderFindingsHtml(model);
    // Assess
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>淮安市人民政府2024年度报告校验结果</title>');
    expect(html).toContain('<h1>淮安市人民政府2024年度报告校验结果</h1>');
    const errors = model.findings.filter((f) => f.severity === 'error').length;
    const warnings = model.findings.length - errors;
    expect(html).toContain(`共发现错误${errors}项、警告${warnings}项。`);
    const items = itemsOf(html);
    expect(items.length).toBe(model.findings.length);
    expect(items.map((m) => m[1])).toEqual([
      ...Array.from({ length: errors }, () => 'error'),
      ...Array.from({ length: warnings }, () => 'warning'),
    ]);
    for (const f of model.findings) {
      const item = items.find((m) => m[2]!.includes(escapeHtml(f.message)));
      expect(item, f.message).toBeDefined();
      expect(item![1]).toBe(f.severity);
      expect(item![2]).toContain(`<span class="severity">${f.severityLabel}</span>`);
      expect(item![2]).toContain(`<code>${f.ruleId}</code>`);
      for (const cell of f.cellLabels) expect(item![2]).toContain(`<li>${escapeHtml(cell)}</li>`);
    }
    const balance = items.find((m) => m[2]!.includes('requests.balance'))!;
    expect(balance[2]).toContain('<li>依申请公开 / 一、本年新收政府信息公开申请数量 / 总计</li>');
    expect(balance[2]).toContain('<span class="severity">错误</span>');
    expect(html).not.toMatch(/<script|<link|\bsrc=|url\(/u);
  });

  it('says 未发现问题 when there is none', () => {
    const model = buildReportModel(huaianReportInput());
    expect(model.findings.filter((f) => f.ruleId.startsWith('template.')).length).toBe(model.findings.length);
    const clean = buildReportModel(
      huaianReportInput({ slots: { ...HUAIAN_2024_SLOTS, s2: '无。', s3: '无。', s4: '无。' } }),
    );
    expect(clean.findings).toEqual([]);
    const html = renderFindingsHtml(clean);
    expect(html).toContain('<p class="summary">未发现问题。</p>');
    expect(html).not.toContain('<ol');
  });
});
