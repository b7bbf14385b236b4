/**
 * The demo reproduces the real 杭州市公安局 2019 report in its own shape: `gongkai run` on the demo data set
 * writes a DOCX with the report's eight sections, its signature and 附件 表一–表三, and every figure the real
 * report states stands in the section where the real report states it — each bound to the events (one more
 * event changes it).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateEvent } from '../../shared/domain/contract.ts';
import {
  buildReportModel,
  type ReportModel,
  reportParagraphs,
  validateTemplate,
} from '../../shared/domain/report/index.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { unzip } from '../render/zip.ts';
import { runCli } from '../support/cli.ts';
import { DEMO_FILE, DEMO_NARRATIVE_FILE, DEMO_TEMPLATE_FILE } from '../support/demo-target.ts';

/** The eight headings of the real report, in order. */
const HEADINGS = [
  '一、主动公开政府信息情况',
  '二、依申请公开政府信息的情况',
  '三、平台建设',
  '四、重点领域政府信息公开和政策解读',
  '五、回应关切',
  '六、政府信息管理和机构建设等方面',
  '七、存在的主要问题及改进措施',
  '八、其他需要报告的事项',
];

/** Where the real report states each figure (../shared/seed/hangzhou-psb-2019-report.txt). */
const STATED: Record<string, readonly string[]> = {
  '一、主动公开政府信息情况': [
    '共主动公开信息188条',
    '法规文件类11条',
    '规划计划类6条',
    '统计分析类24条',
    '财政信息类6条',
    '人事信息类10条',
    '公告公示106条',
    '建议提案16条',
    '重点领域信息公开9条',
  ],
  '二、依申请公开政府信息的情况': [
    '共收到政府信息公开申请91件',
    '已办结83件',
    '未办结8件',
    '通过互联网提交申请47件',
    '信函申请34件',
    '当面申请10件',
    '案件办理情况、接处警记录、交通管理类',
    '含上年度未办结的3件',
    '“予以公开”的14件',
    '“同意部分公开”的11件',
    '“不予公开”的1件',
    '“无法提供”的47件',
    '“我局不掌握”的45件',
    '“没有现成信息需要另行制作”2件',
    '其他处理的13件',
    '行政复议17件',
    '结果维持1件，结果纠正5件，其他结果3件，尚未审结8件',
    '行政诉讼2件',
    '未经复议直接起诉1件',
    '复议后起诉1件，尚未审结1件',
    '对接处警信息公开答复不满',
    '本年度未收取信息处理费。',
  ],
  '三、平台建设': [
    '发布信息18178条',
    '警方要闻209条',
    '警方公告489条',
    '安全防范信息1201条',
    '最新警讯5263条',
    '公安视频5条',
    '新闻发布会260条',
    '实人认证注册人数80301/年',
    '总注册人数已达272199人次',
    '共发布信息1387条',
    '微博2019年共发布信息5216条',
    '累计515万余次',
    '车辆违章处理（116万余次）',
    '车辆违章查询（101万余次）',
    '驾驶人减分学习（54万余次）',
  ],
  '五、回应关切': ['新闻稿件1120篇', '召开新闻发布会（现场会）6场'],
  '八、其他需要报告的事项': ['无。'],
};

/** The text of each paragraph of a DOCX, in order. */
function docxParagraphs(docx: Buffer): string[] {
  const xml = unzip(docx).get('word/document.xml')!.toString('utf8');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/gu)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((t) => t[1]).join(''),
  );
}

/** The paragraphs under each heading, up to the next one. */
function sectionsOf(paragraphs: string[], headings: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  headings.forEach((heading, i) => {
    const start = paragraphs.indexOf(heading);
    const next = headings[i + 1];
    const end = next
      ? paragraphs.indexOf(next)
      : paragraphs.findIndex((p, k) => k > start && p === '杭州市公安局');
    expect(start, heading).toBeGreaterThan(-1);
    expect(end, `after ${heading}`).toBeGreaterThan(start);
    out.set(heading, paragraphs.slice(start + 1, end).join('\n'));
  });
  return out;
}

describe('the demo report in the real report’s shape', () => {
  let paragraphs: string[];
  let manifest: { draft: boolean; template: { id: string }; findings: { items: { ruleId: string }[] } };

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'gongkai-demo-report-'));
    const result = runCli(['run', '--events', DEMO_FILE, '--out', out, '--year', '2019']);
    expect(result.status, result.stderr).toBe(0);
    const folder = join(out, 'hz-psb', '2019');
    paragraphs = docxParagraphs(readFileSync(join(folder, 'report.docx')));
    manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  }, 240_000);

  it('is generated with the demo template, clean: no finding makes it a draft', () => {
    expect(manifest.template.id).toBe('hz-psb');
    expect(manifest.findings.items.filter((f) => f.ruleId.startsWith('template.'))).toEqual([]);
    expect(manifest.draft).toBe(false);
  });

  it('has the title, the header lines, the eight sections in order, the signature and 附件 表一–表三', () => {
    expect(paragraphs).toContain('杭州市公安局2019年度政府信息公开工作报告');
    const joined = paragraphs.join('\n');
    expect(joined).toContain('00249100X/2020-00413');
    const at = HEADINGS.map((h) => paragraphs.indexOf(h));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const signature = paragraphs.lastIndexOf('杭州市公安局');
    expect(signature).toBeGreaterThan(at.at(-1)!);
    expect(paragraphs[signature + 1]).toBe('2020年1月2日');
    const annex = paragraphs.slice(signature);
    for (const caption of [
      '表一：主动公开政府信息相关情况',
      '表二：收到和处理政府信息公开申请情况',
      '表三：政府信息公开行政复议、行政诉讼情况',
    ]) {
      expect(annex).toContain(caption);
    }
  });

  it('states every figure of the real report in the section where the real report states it', () => {
    const sections = sectionsOf(paragraphs, HEADINGS);
    for (const [heading, phrases] of Object.entries(STATED)) {
      for (const phrase of phrases) expect(sections.get(heading), `${heading}: ${phrase}`).toContain(phrase);
    }
  });
});

describe('the demo report’s figures are bound to the events', () => {
  const template = validateTemplate(JSON.parse(readFileSync(DEMO_TEMPLATE_FILE, 'utf8')));
  const narrative = JSON.parse(readFileSync(DEMO_NARRATIVE_FILE, 'utf8'));
  const demo = readFileSync(DEMO_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));

  const model = (events: readonly unknown[]): ReportModel => {
    const fold = new StatisticsFold();
    for (const e of events) {
      const v = validateEvent(e);
      if (v.ok) fold.add(v.event);
    }
    const [stats] = fold.statistics({ agencyId: 'hz-psb', year: 2019 });
    if (!template.ok) throw new Error('demo template invalid');
    return buildReportModel({
      stats: stats!,
      agencyName: '杭州市公安局',
      template: template.template,
      slots: narrative,
      today: '2020-01-02',
    });
  };
  const text = (m: ReportModel) =>
    reportParagraphs(m)
      .map((p) => p.sentence.text)
      .join('\n');

  it('one more press conference, one more declaration, one more request: the sentences change', () => {
    const before = text(model(demo));
    expect(before).toContain('召开新闻发布会（现场会）6场');
    const after = text(
      model([
        ...demo,
        {
          agencyId: 'hz-psb',
          eventId: 'press-extra',
          type: 'press_conference.held',
          occurredAt: '2019-12-01',
          data: { conferenceId: 'PC-X' },
        },
        {
          agencyId: 'hz-psb',
          eventId: 'metric-later',
          type: 'metric.declared',
          occurredAt: '2020-01-10T09:00:00+08:00',
          data: { year: 2019, key: 'news_items', label: '刊发、播出、推送新闻稿件', unit: '篇', value: 1121 },
        },
        {
          agencyId: 'hz-psb',
          eventId: 'req-extra',
          type: 'request.received',
          occurredAt: '2019-06-01',
          data: {
            requestId: 'YSQ-EXTRA',
            channel: 'letter',
            applicantType: 'natural_person',
            subject: '户籍管理',
          },
        },
      ]),
    );
    expect(after).toContain('召开新闻发布会（现场会）7场');
    expect(after).toContain('新闻稿件1121篇');
    expect(after).toContain('共收到政府信息公开申请92件');
    expect(after).toContain('信函申请35件');
  });

  it('without the declared metrics the report is a draft that says which figures are missing', () => {
    const m = model(demo.filter((e) => e.type !== 'metric.declared'));
    expect(m.draft).toBe(true);
    const missing = m.findings.filter((f) => f.ruleId === 'template.missing-figure').map((f) => f.message);
    expect(
      missing.some(
        (msg) => msg.includes('{{metrics.wechat_verified_users}}') && msg.includes('三、平台建设'),
      ),
    ).toBe(true);
    expect(
      missing.some((msg) => msg.includes('{{metrics.news_items}}') && msg.includes('五、回应关切')),
    ).toBe(true);
  });
});
