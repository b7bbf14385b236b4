/**
 * Reports to render in tests: the real 淮安 2024 tables (2021 format) and a 2019-format agency-year, the
 * office's text for the national template's slots, and the fixed day of generation.
 */

import { byRuntimeIds, emptyTables, type Tables } from '../../shared/domain/formats/index.ts';
import {
  buildReportModel,
  nationalTemplateFor,
  type ReportInput,
  type ReportModel,
  type ReportTemplate,
  templateSchema,
} from '../../shared/domain/report/index.ts';
import type { AgencyYearStatistics, Extras, Finding } from '../../shared/domain/statistics/types.ts';
import { renderXlsx } from '../../shared/render/xlsx.ts';
import {
  HUAIAN_2024_AGENCY_NAME,
  HUAIAN_2024_EXTRAS,
  HUAIAN_2024_TABLES,
} from '../fixtures/huaian-2024-statistics.ts';

export { HUAIAN_2024_AGENCY_NAME };

const clone = <T>(value: T): T => structuredClone(value) as T;

export function huaian2024Statistics(overrides: Partial<AgencyYearStatistics> = {}): AgencyYearStatistics {
  return {
    agencyId: 'huaian-city',
    year: 2024,
    format: '2021',
    tables: clone(HUAIAN_2024_TABLES),
    extras: clone(HUAIAN_2024_EXTRAS) as Extras,
    findings: [],
    ...overrides,
  };
}

/** An invented 2023 for 淮安 (for the year-over-year comparison): some figures up, some down, one equal. */
export function huaian2023Statistics(): AgencyYearStatistics {
  const tables = clone(HUAIAN_2024_TABLES);
  tables.requests.received!.natural_person = 2801;
  tables.requests.received!.total = 2919;
  tables.requests.disclosed!.total = 1362;
  tables.requests.decided_total!.total = 3120;
  tables.requests.carried_forward!.total = 34;
  tables.reviews.reconsideration!.total = 300;
  tables.reviews.litigation_direct!.total = 30;
  tables.reviews.litigation_after_reconsideration!.total = 25;
  tables.proactive.license!.decisions = 400000;
  tables.proactive.penalty!.decisions = 4000000;
  tables.proactive.charges!.amount_wan_yuan = 90000.25;
  return huaian2024Statistics({ year: 2023, tables });
}

/** Sets cells of a Tables value: `set(tables, 'requests', 'received', 'total', 5)`. */
export function setCell(
  tables: Tables,
  table: keyof Tables,
  row: string,
  column: string,
  value: number,
): void {
  const values = byRuntimeIds(tables[table])[row];
  if (!values) throw new Error(`no row ${table}.${row}`);
  values[column] = value;
}

/**
 * A 2019-format agency-year after 杭州市公安局 2019 (shared/seed/hangzhou-psb-2019-figures.json): the
 * request totals, channels, outcomes and reviews are the published ones; the applicant split (all 自然人),
 * the withheld reason, the 第二十条 items and the fees are invented.
 */
export function hangzhou2019Statistics(): AgencyYearStatistics {
  const tables = emptyTables('2019');
  const requests: Record<string, number> = {
    received: 91,
    carried_over: 3,
    disclosed: 14,
    partially_disclosed: 11,
    'withheld.process_information': 1,
    'unavailable.not_held': 45,
    'unavailable.needs_creation': 2,
    other: 13,
    decided_total: 86,
    carried_forward: 8,
  };
  for (const [row, value] of Object.entries(requests)) {
    setCell(tables, 'requests', row, 'natural_person', value);
    setCell(tables, 'requests', row, 'total', value);
  }
  const reviews = {
    reconsideration: [1, 5, 3, 8, 17],
    litigation_direct: [1, 0, 0, 0, 1],
    litigation_after_reconsideration: [0, 0, 0, 1, 1],
  };
  for (const [row, values] of Object.entries(reviews)) {
    ['upheld', 'corrected', 'other', 'pending', 'total'].forEach((c, i) => {
      setCell(tables, 'reviews', row, c, values[i]!);
    });
  }
  const proactive: [string, string, number][] = [
    ['rule', 'new_made', 0],
    ['rule', 'new_published', 0],
    ['rule', 'total_published', 0],
    ['normative_document', 'new_made', 4],
    ['normative_document', 'new_published', 4],
    ['normative_document', 'total_published', 37],
    ['license', 'prev_year_items', 41],
    ['license', 'change', -3],
    ['license', 'decisions', 182604],
    ['other_service', 'prev_year_items', 12],
    ['other_service', 'change', 2],
    ['other_service', 'decisions', 5120],
    ['penalty', 'prev_year_items', 1650],
    ['penalty', 'change', 0],
    ['penalty', 'decisions', 392144],
    ['enforcement', 'prev_year_items', 22],
    ['enforcement', 'change', 1],
    ['enforcement', 'decisions', 8710],
    ['charges', 'prev_year_items', 3],
    ['charges', 'change', 0],
    ['procurement', 'items', 26],
    ['procurement', 'amount_yuan', 75394432.52],
  ];
  for (const [row, column, value] of proactive) setCell(tables, 'proactive', row, column, value);
  const zeroChannels = {
    website: 0,
    wechat: 0,
    weibo: 0,
    app: 0,
    newspaper: 0,
    broadcast: 0,
    press_conference: 0,
    reading_room: 0,
    bulletin_board: 0,
    other: 0,
  };
  return {
    agencyId: 'hz-psb',
    year: 2019,
    format: '2019',
    tables,
    extras: {
      requestsByChannel: { online: 47, letter: 34, in_person: 10, fax: 0, email: 0, other: 0 },
      disclosures: {
        total: 188,
        byCategory: {
          法规文件: 11,
          规划计划: 6,
          统计分析: 24,
          财政信息: 6,
          人事信息: 10,
          公告公示: 106,
          建议提案: 16,
          重点领域信息公开: 9,
        },
        byChannel: { ...zeroChannels, website: 188 },
      },
      posts: {
        total: 24781,
        byChannel: { ...zeroChannels, website: 18178, wechat: 1387, weibo: 5216 },
        byColumn: {
          website: {
            警方要闻: 209,
            警方公告: 489,
            安全防范信息: 1201,
            最新警讯: 5263,
            公安视频: 5,
            新闻发布会: 260,
          },
        },
      },
      fees: { count: 0, totalYuan: 0 },
      processingDays: {
        decided: 86,
        median: 12,
        max: 40,
        distribution: [
          [5, 20],
          [12, 30],
          [20, 26],
          [40, 10],
        ],
      },
      // The real report's figures beyond the tables (metric.declared, press conferences); subjects invented.
      metrics: {
        wechat_verified_users: { label: '微信公众号实人认证注册人数', unit: '人', value: 80301 },
        app_uses: { label: 'APP查询和办理事项', unit: '万余次', value: 515 },
      },
      requestsBySubject: { 案件办理情况: 38, 接处警记录: 27, 交通管理类: 16 },
      reviewsByReason: {
        reconsideration: { 对接处警信息公开答复不满: 11, 对行政管理信息公开答复不满: 6 },
        litigation_direct: {},
        litigation_after_reconsideration: {},
      },
      interpretations: {
        total: 0,
        byForm: { text: 0, graphic: 0, video: 0, audio: 0, briefing: 0, other: 0 },
      },
      pressConferences: 6,
      concernResponses: 0,
      trainings: { count: 0, attendees: 0 },
    },
    findings: [],
  };
}

export const SAMPLE_ERROR: Finding = {
  ruleId: 'requests.balance',
  severity: 'error',
  message: '一、本年新收加二、上年结转（3153件）不等于（七）总计加四、结转下年度继续办理（3152件）',
  cells: [
    { table: 'requests', row: 'received', column: 'total' },
    { table: 'requests', row: 'decided_total', column: 'total' },
  ],
};

export const SAMPLE_WARNING: Finding = {
  ruleId: 'extras.listed-parts-explain-total',
  severity: 'warning',
  message: '政府网站各栏目发布数之和小于发布总数',
  cells: [],
};

export function withFindings(
  stats: AgencyYearStatistics,
  findings: readonly Finding[],
): AgencyYearStatistics {
  return { ...stats, findings };
}

/** The day of generation every rendered report in the tests is made on. */
export const RENDER_TODAY = '2025-01-20';

/**
 * What an office writes into the national template's slots (after the 淮安 2024 report's own wording, shortened).
 * Every slot is filled, so the report has no template finding.
 */
export const HUAIAN_2024_SLOTS: Readonly<Record<string, string>> = {
  written_on: '2025-01-16',
  index_number: '014000001/2025-00012',
  document_number: '淮政办发〔2025〕3号',
  s1:
    '2024年，市政府坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，' +
    '以公开为常态、不公开为例外，持续提升政务公开质量和实效。',
  s1_proactive: '围绕重大决策、重点领域和民生事项，及时准确公开政府信息，做好政策解读和回应关切。',
  s1_requests: '规范依申请公开受理、办理、答复各环节，严格落实法定时限，全年未发生超期答复。',
  s1_management: '严格公开属性源头认定和保密审查，动态更新政策文件库，完成规范性文件清理。',
  s1_platform: '优化政府门户网站政府信息公开专栏，加强政务新媒体内容管理。',
  s1_oversight: '将政务公开纳入年度综合考核，组织业务培训，开展第三方评估。',
  s2: '',
  s3: '',
  s4: '',
  s5:
    '2024年，我市政府信息公开工作取得一定成效，但仍存在政策解读形式不够丰富、基层公开标准化规范化水平有待提高等问题。' +
    '下一步，我市将丰富解读形式，加强基层业务指导。',
  s6: '本年度按照《政府信息公开信息处理费管理办法》收取信息处理费。',
};

/** The national template's input for 淮安 2024, the office's text filled in. */
export function huaianReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const stats = overrides.stats ?? huaian2024Statistics();
  return {
    stats,
    agencyName: HUAIAN_2024_AGENCY_NAME,
    template: nationalTemplateFor(stats.year),
    slots: HUAIAN_2024_SLOTS,
    today: RENDER_TODAY,
    ...overrides,
  };
}

/** A report model with the national template of its year and no office text (the slots left empty). */
export function nationalModel(
  stats: AgencyYearStatistics,
  agencyName: string,
  extra: Partial<ReportInput> = {},
): ReportModel {
  return buildReportModel({
    stats,
    agencyName,
    template: nationalTemplateFor(stats.year),
    today: RENDER_TODAY,
    ...extra,
  });
}

/** The official workbook of an agency-year, from its model with the national template. */
export function workbookOf(
  stats: AgencyYearStatistics,
  agencyName: string,
  extra: Partial<ReportInput> = {},
): Promise<Buffer> {
  return renderXlsx(nationalModel(stats, agencyName, extra), stats);
}

/**
 * A small template with what the national one has not: a subheading with a placeholder, a chart in the
 * body, the signature, and the 附件 with 表一–表三 (the 15-column 表三 included).
 */
export const ANNEX_TEMPLATE: ReportTemplate = templateSchema.parse({
  id: 'test-annex',
  name: '附件式年报（测试）',
  header: [
    { label: '发布机构', text: '{{agency}}' },
    { label: '成文日期', slot: 'written_on' },
  ],
  slots: [
    { id: 'written_on', label: '成文日期', guidance: '成文日期', kind: 'date' },
    { id: 'summary', label: '总体情况', guidance: '总体情况' },
  ],
  preamble: [{ type: 'text', text: '现将{{agency}}{{year}}年政府信息公开工作情况报告如下。' }],
  sections: [
    {
      id: 'overall',
      heading: '一、总体情况',
      blocks: [
        { type: 'slot', slot: 'summary' },
        { type: 'subheading', text: '（一）依申请公开' },
        { type: 'text', text: '全年新收政府信息公开申请{{requests.received.total}}件。' },
        { type: 'chart', chart: 'outcomes' },
      ],
    },
    { id: 'other', heading: '二、其他需要报告的事项', blocks: [{ type: 'generated', sentences: 'fees' }] },
  ],
  signature: { dateSlot: 'written_on' },
  annex: {
    heading: '{{agency}}{{year}}年政府信息公开情况统计表',
    tables: [{ table: 'proactive' }, { table: 'requests' }, { table: 'reviews' }],
  },
});
