import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../shared/render/read-xlsx.ts';
import { renderReportFiles } from '../../shared/render/report-files.ts';
import {
  huaian2024Statistics,
  huaianReportInput,
  SAMPLE_ERROR,
  withFindings,
} from '../support/render-fixtures.ts';
import { unzip } from './zip.ts';

describe('renderReportFiles', () => {
  it('renders the HTML, DOCX, XLSX and the findings page of one report from the same model', async () => {
    // Prepare
    const stats = withFindings(huaian2024Statistics(), [SAMPLE_ERROR]);
    // Act
    const files = await renderReportFiles(huaianReportInput({ stats }));
    // Assess
    expect(files.model.draft).toBe(true);
    expect(files.html).toContain('<h1>淮安市人民政府2024年政府信息公开工作年度报告</h1>');
    expect(files.html).toContain('草稿：数据存在校验错误，不得发布');
    expect(files.html).not.toContain(SAMPLE_ERROR.message);
    const document = unzip(files.docx).get('word/document.xml')!.toString('utf8');
    // The title breaks before 政府信息公开 (two runs of one paragraph): read the text of the runs.
    const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
    expect(text).toContain('淮安市人民政府2024年政府信息公开工作年度报告');
    expect(document).not.toContain(SAMPLE_ERROR.message);
    expect(files.findingsHtml).toContain('<h1>淮安市人民政府2024年度报告校验结果</h1>');
    expect(files.findingsHtml).toContain(SAMPLE_ERROR.message);
    const back = await readXlsx(files.xlsx);
    expect(back.tables).toEqual(stats.tables);
  });
});
