import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildReportModel,
  MISSING_FIGURE,
  NATIONAL_TEMPLATES,
  nationalTemplateFor,
  parsePlaceholders,
  type ReportModel,
  reportParagraphs,
  type TemplateInput,
  validateTemplate,
} from '../../shared/domain/report/index.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { hangzhou2019Statistics, huaian2024Statistics } from '../support/render-fixtures.ts';

/** A small valid template; each test breaks one thing of it. */
function template(): TemplateInput & Record<string, unknown> {
  return {
    id: 'test-office',
    name: '测试局',
    header: [
      { label: '发布机构', text: '{{agency}}' },
      { label: '索引号', slot: 'index_number' },
      { label: '成文日期', slot: 'written_on' },
    ],
    slots: [
      { id: 'written_on', label: '成文日期', kind: 'date', guidance: 'YYYY-MM-DD' },
      { id: 'index_number', label: '索引号', kind: 'line', guidance: '索引号' },
      { id: 'problems', label: '存在的主要问题', guidance: '问题和措施', required: true },
      { id: 'outlook', label: '下一步工作', guidance: '下一年的安排', recommended: true },
    ],
    sections: [
      {
        id: 'requests',
        heading: '一、依申请公开情况',
        blocks: [
          { type: 'subheading', text: '（一）申请情况。' },
          { type: 'text', text: '{{year}}年共收到申请{{requests.received.total}}件。' },
          { type: 'generated', sentences: 'requests' },
          { type: 'chart', chart: 'outcomes' },
        ],
      },
      {
        id: 'problems',
        heading: '二、存在的主要问题',
        blocks: [
          { type: 'slot', slot: 'problems' },
          { type: 'slot', slot: 'outlook' },
        ],
      },
    ],
    signature: { dateSlot: 'written_on' },
    annex: {
      heading: '{{agency}}政府信息公开情况统计表',
      tables: [{ table: 'proactive' }, { table: 'requests' }],
    },
  };
}

/** The issues of a template as `path: message` lines. */
function issuesOf(input: unknown): string[] {
  const result = validateTemplate(input);
  if (result.ok) return [];
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

function modelOf(
  changes: (t: ReturnType<typeof template>) => void,
  stats: AgencyYearStatistics = huaian2024Statistics(),
  slots: Record<string, string> = { problems: '一是问题。' },
): ReportModel {
  const t = template();
  changes(t);
  const result = validateTemplate(t);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return buildReportModel({
    stats,
    agencyName: '淮安市人民政府',
    template: result.template,
    slots,
    today: '2025-01-20',
  });
}

const texts = (model: ReportModel) => reportParagraphs(model).map((p) => p.sentence.text);

describe('template validation: every fault with its path', () => {
  it('accepts the small template, the built-in ones and the demo agency’s', () => {
    expect(issuesOf(template())).toEqual([]);
    for (const t of Object.values(NATIONAL_TEMPLATES)) expect(issuesOf(t)).toEqual([]);
    const demo = JSON.parse(readFileSync('demo/hz-psb.template.json', 'utf8'));
    expect(issuesOf(demo)).toEqual([]);
  });

  const cases: [string, (t: ReturnType<typeof template>) => unknown, string][] = [
    ['not an object', () => [1], '(template): a template must be a JSON object'],
    ['unknown field', (t) => ({ ...t, colour: 'red' }), 'colour: unknown field'],
    ['bad id', (t) => ({ ...t, id: 'Bad Id' }), 'id: must be 1–64 characters of a-z, 0-9 and -'],
    ['no sections', (t) => ({ ...t, sections: [] }), 'sections: must have at least one section'],
    [
      'control character in a name',
      (t) => ({ ...t, name: 'a\u0007b' }),
      'name: must not contain control characters or line breaks',
    ],
    [
      'slot id',
      (t) => ({ ...t, slots: [...t.slots, { id: '1x', label: 'x', guidance: 'x' }] }),
      'slots[4].id: a slot id must be 1–32 characters of a-z, 0-9 and _, starting with a letter',
    ],
    [
      'slot declared twice',
      (t) => ({ ...t, slots: [...t.slots, { id: 'problems', label: 'x', guidance: 'x' }] }),
      'slots[4].id: slot problems is declared twice',
    ],
    [
      'slot kind',
      (t) => ({
        ...t,
        slots: [...t.slots.slice(0, 2), { id: 'problems', label: 'x', guidance: 'x', kind: 'poem' }],
      }),
      'slots[2].kind: must be one of paragraphs, line, date',
    ],
    [
      'slot placed nowhere',
      (t) => ({ ...t, slots: [...t.slots, { id: 'unused', label: 'x', guidance: 'x' }] }),
      'slots[4].id: slot unused is declared but placed nowhere',
    ],
    [
      'block slot not declared',
      (t) => {
        t.sections[1]!.blocks = [{ type: 'slot', slot: 'missing' }];
        return t;
      },
      'sections[1].blocks[0].slot: slot missing is not declared in slots',
    ],
    [
      'a date slot in the body',
      (t) => {
        t.sections[1]!.blocks.push({ type: 'slot', slot: 'written_on' });
        return t;
      },
      'sections[1].blocks[2].slot: slot written_on is a date slot; here a paragraphs or line slot goes',
    ],
    [
      'signature date slot of the wrong kind',
      (t) => ({ ...t, signature: { dateSlot: 'problems' } }),
      'signature.dateSlot: slot problems is a paragraphs slot; here a date slot goes',
    ],
    [
      'header slot not declared',
      (t) => ({ ...t, header: [{ label: '文号', slot: 'document_number' }] }),
      'header[0].slot: slot document_number is not declared in slots',
    ],
    [
      'header line neither text nor slot',
      (t) => ({ ...t, header: [{ label: '文号' }] }),
      'header[0]: must be {label, text} or {label, slot}',
    ],
    [
      'section twice',
      (t) => ({ ...t, sections: [...t.sections, { ...t.sections[0]!, heading: '三、' }] }),
      'sections[2].id: section requests appears twice',
    ],
    [
      'unknown block',
      (t) => {
        t.sections[0]!.blocks.push({ type: 'poem' } as never);
        return t;
      },
      'sections[0].blocks[4].type: must be a block: type subheading, slot, text, generated, table or chart',
    ],
    [
      'unknown generated set',
      (t) => {
        t.sections[0]!.blocks.push({ type: 'generated', sentences: 'weather' } as never);
        return t;
      },
      'sections[0].blocks[4].sentences: must be one of platform, metrics, disclosures, interpretations, responses, trainings, proactive, requests, applicants, channels, subjects, timeliness, reviews, review_reasons, fees, comparison_proactive, comparison_requests, comparison_reviews',
    ],
    [
      'unknown table',
      (t) => {
        t.sections[0]!.blocks.push({ type: 'table', table: 'budget' } as never);
        return t;
      },
      'sections[0].blocks[4].table: must be one of proactive, requests, reviews',
    ],
    [
      'unknown chart',
      (t) => {
        t.sections[0]!.blocks.push({ type: 'chart', chart: 'pie' } as never);
        return t;
      },
      'sections[0].blocks[4].chart: must be one of outcomes, channels',
    ],
    [
      'annex table twice',
      (t) => ({ ...t, annex: { heading: '附件', tables: [{ table: 'requests' }, { table: 'requests' }] } }),
      'annex.tables: must not list a table twice',
    ],
    [
      'annex without tables',
      (t) => ({ ...t, annex: { heading: '附件', tables: [] } }),
      'annex.tables: must list at least one table',
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      expect(issuesOf(change(template()))).toContain(expected);
    });
  }

  const placeholder = (text: string) =>
    issuesOf({
      ...template(),
      sections: [{ id: 'a', heading: '一、', blocks: [{ type: 'text', text }] }],
      slots: [],
      signature: undefined,
      header: [],
    });
  it('unknown placeholders: each with its reason, at its path', () => {
    expect(placeholder('{{requests.received.total}}')).toEqual([]);
    expect(placeholder('{{weather.today}}')).toEqual([
      'sections[0].blocks[0].text: unknown placeholder {{weather.today}}: weather.today: not a figure of the statistics (see docs/templates.md for the names)',
    ]);
    expect(placeholder('{{requests.received.lunar}}')[0]).toContain(
      'no cell received / lunar in the requests table',
    );
    expect(placeholder('{{requests.received}}')[0]).toContain('a table cell is named table.row.column');
    expect(placeholder('{{requestsByChannel.pigeon}}')[0]).toContain('not a figure of the statistics');
    expect(placeholder('{{requests.received.total | sort}}')[0]).toContain('unknown filter "sort"');
    expect(placeholder('{{requests.received.total | top 3}}')[0]).toContain('"top N" lists a count by name');
    expect(placeholder('{{requestsBySubject | top 11}}')[0]).toContain('unknown filter "top 11"');
    expect(placeholder('{{agency + requests.received.total}}')[0]).toContain(
      'agency is a word and cannot be added',
    );
    expect(placeholder('{{requests..total}}')[0]).toContain('a name has an empty part');
    expect(placeholder('共{{requests.received.total}件')[0]).toContain('unbalanced {{ or }}');
    expect(placeholder('{{a | top 1 | top 2}}')[0]).toContain('at most one filter');
  });

  it('parses names that hold dots and Chinese', () => {
    const { parts, issues } = parsePlaceholders(
      '{{requests.unavailable.not_held.total}}与{{posts.byColumn.website.警方要闻}}',
    );
    expect(issues).toEqual([]);
    expect(parts).toHaveLength(3);
  });
});

describe('a report laid out by a template', () => {
  it('fills the office’s sentences from the figures, and keeps each figure’s cells', () => {
    const model = modelOf(() => {});
    const sentence = reportParagraphs(model).find((p) => p.origin === 'office')!.sentence;
    expect(sentence.text).toBe('2024年共收到申请3119件。');
    expect(sentence.figures.map((f) => f.sources)).toEqual([
      [{ kind: 'cell', year: 2024, table: 'requests', row: 'received', column: 'total' }],
    ]);
  });

  it('sums a group row, adds and subtracts, reads extras and declared metrics', () => {
    const model = modelOf((t) => {
      t.sections[0]!.blocks = [
        {
          type: 'text',
          text:
            '不予公开{{requests.withheld.total}}件，无法提供{{requests.unavailable.not_held.total + requests.unavailable.needs_creation.total + requests.unavailable.unclear.total}}件，' +
            '办结本年申请{{requests.received.total - requests.carried_forward.total}}件；网上申请{{requestsByChannel.online}}件；' +
            '访问量{{metrics.gov_website_visits}}万人次；主要涉及{{requestsBySubject | top 2}}等；发布会{{pressConferences}}场。',
        },
      ];
    });
    const [p] = reportParagraphs(model);
    expect(p!.sentence.text).toBe(
      '不予公开178件，无法提供781件，办结本年申请3016件；网上申请2650件；访问量1860.5万人次；主要涉及征地拆迁、规划建设等；发布会18场。',
    );
    // 不予公开 is the sum of its eight reasons in the 2021 format.
    expect(p!.sentence.figures[0]!.sources).toHaveLength(8);
    expect(p!.sentence.figures[2]!.signs).toEqual([1, -1]);
    expect(model.findings.filter((f) => f.ruleId === 'template.missing-figure')).toEqual([]);
  });

  it('a figure missing for the year is 【缺少数据】 and an error finding: the report is a draft', () => {
    for (const name of [
      'metrics.wechat_followers',
      'disclosures.byCategory.重点领域',
      'disclosures.byCategory.constructor',
      'posts.byColumn.website.toString',
    ]) {
      const model = modelOf((t) => {
        t.sections[0]!.blocks = [{ type: 'text', text: `数量{{${name}}}。` }];
      });
      expect(texts(model)[0]).toBe(`数量${MISSING_FIGURE}。`);
      const missing = model.findings.filter((f) => f.ruleId === 'template.missing-figure');
      expect(missing).toHaveLength(1);
      expect(missing[0]!.severity).toBe('error');
      expect(missing[0]!.message).toContain(`{{${name}}}`);
      expect(missing[0]!.message).toContain('一、依申请公开情况');
      expect(model.draft).toBe(true);
    }
  });

  it('a cell the year’s format does not have is missing too (a 2021 row in a 2019 report)', () => {
    const model = modelOf((t) => {
      t.sections[0]!.blocks = [{ type: 'text', text: '{{requests.other.no_clarification.total}}' }];
    }, hangzhou2019Statistics());
    expect(texts(model)[0]).toBe(MISSING_FIGURE);
    expect(model.draft).toBe(true);
  });

  it('header lines, signature and annex; an empty line slot leaves its line out, an empty date is today', () => {
    const withText = modelOf(() => {}, huaian2024Statistics(), {
      problems: '一是问题。',
      index_number: '11320800014/2025-00001',
      written_on: '2025-01-15',
    });
    expect(withText.header).toEqual([
      { label: '发布机构', value: '淮安市人民政府' },
      { label: '索引号', value: '11320800014/2025-00001' },
      { label: '成文日期', value: '2025年1月15日' },
    ]);
    expect(withText.signature).toEqual({ agencyName: '淮安市人民政府', date: '2025年1月15日' });
    expect(withText.annex!.heading).toBe('淮安市人民政府政府信息公开情况统计表');
    expect(withText.annex!.tables.map((t) => t.caption)).toEqual([
      '表一：主动公开政府信息情况',
      '表二：收到和处理政府信息公开申请情况',
    ]);
    const bare = modelOf(() => {});
    expect(bare.header.map((l) => l.label)).toEqual(['发布机构', '成文日期']);
    expect(bare.signature!.date).toBe('2025年1月20日');
  });

  it('a required slot left empty is an error finding, a recommended one a warning, another nothing', () => {
    const model = modelOf(() => {}, huaian2024Statistics(), {});
    const required = model.findings.find((f) => f.ruleId === 'template.slot-required')!;
    expect(required.severity).toBe('error');
    expect(required.message).toBe('模板要求填写的“存在的主要问题”尚未填写，填写后才能发布。');
    expect(model.draft).toBe(true);
    const recommended = model.findings.filter((f) => f.ruleId === 'template.slot-empty');
    expect(recommended.map((f) => [f.severity, f.message])).toEqual([
      ['warning', '“下一步工作”尚未填写，报告中该处不出现文字。'],
    ]);
  });

  it('a name from outside never reaches a built-in property (a subject called constructor)', () => {
    const stats = huaian2024Statistics();
    const subjects = Object.assign(Object.create(null), { constructor: 5, 征地拆迁: 3 });
    const model = modelOf(
      (t) => {
        t.sections[0]!.blocks = [
          {
            type: 'text',
            text: '{{requestsBySubject | top 2}}；{{requestsBySubject.constructor}}；{{requestsBySubject.hasOwnProperty}}',
          },
        ];
      },
      { ...stats, extras: { ...stats.extras, requestsBySubject: subjects } },
    );
    expect(texts(model)[0]).toBe(`constructor、征地拆迁；5；${MISSING_FIGURE}`);
  });

  it('the national templates: six sections, 总体情况 with its five sub-parts, no annex', () => {
    for (const year of [2019, 2024]) {
      const t = nationalTemplateFor(year);
      expect(t.id).toBe(year < 2021 ? 'national-2019' : 'national-2021');
      expect(t.sections.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
      const subheadings = t.sections[0]!.blocks.flatMap((b) => (b.type === 'subheading' ? [b.text] : []));
      expect(subheadings).toEqual([
        '（一）主动公开',
        '（二）依申请公开',
        '（三）政府信息管理',
        year < 2021 ? '（四）平台建设' : '（四）政府信息公开平台建设',
        '（五）监督保障',
      ]);
      expect(t.annex).toBeUndefined();
    }
  });
});
