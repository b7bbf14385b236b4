import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../shared/render/read-xlsx.ts';
import { renderReportFiles } from '../../shared/render/report-files.ts';
import { HUAIAN_2024_AGENCY_NAME, huaian2024Statistics } from '../support/render-fixtures.ts';

describe('renderReportFiles', () => {
  it('renders the HTML, DOCX and XLSX of one report from the same figures', async () => {
    // Prepare
    const stats = huaian2024Statistics();
    // Act
    const files = await renderReportFiles({ stats, agencyName: HUAIAN_2024_AGENCY_NAME, draft: true });
    // Assess
    expect(files.model.draft).toBe(true);
    expect(files.html).toContain('<h1>淮安市人民政府2024年政府信息公开工作年度报告（草稿）</h1>');
    expect(files.docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const back = await readXlsx(files.xlsx);
    expect(back.tables).toEqual(stats.tables);
  });
});
