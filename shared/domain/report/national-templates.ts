/**
 * The built-in templates: the six sections of the national format, 2021 (reports from 2021) and 2019 (2019
 * and 2020), with the headings, the tables and the guidance of the format data. Section 一 总体情况 carries
 * the sub-parts the national guidance names (主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障).
 */
import {
  type BodySection,
  type FormatVersion,
  formatVersionForYear,
  getFormat,
  type SectionId,
  type TableId,
} from '../formats/index.ts';
import {
  type Block,
  type ChartId,
  type GeneratedSet,
  type ReportTemplate,
  type TemplateInput,
  templateSchema,
} from './template.ts';

const slot = (
  id: string,
  label: string,
  guidance: string,
  kind: 'paragraphs' | 'line' | 'date' = 'paragraphs',
  recommended = false,
) => ({ id, label, guidance, kind, recommended }) as const;

/** The header lines and slots every built-in template shares. */
const DOCUMENT_SLOTS = [
  slot('written_on', '成文日期', '报告的成文日期（YYYY-MM-DD），印在落款和文头；不填则取生成当日。', 'date'),
  slot(
    'index_number',
    '索引号',
    '政府信息公开目录中的索引号，如“00249100X/2020-00413”；没有则不填。',
    'line',
  ),
  slot('document_number', '文号', '报告的发文字号；没有则不填。', 'line'),
];

function nationalTemplate(version: FormatVersion): TemplateInput {
  const format = getFormat(version);
  const section = (id: SectionId) => {
    const found = format.body_sections.find((s) => s.id === id);
    if (!found) throw new Error(`format ${version} has no body section ${id}`);
    return found;
  };
  const s1Parts = overviewParts(version);
  return {
    id: `national-${version}`,
    name: `全国统一格式（${format.document_number}）`,
    header: [
      { label: '发布机构', text: '{{agency}}' },
      { label: '成文日期', slot: 'written_on' },
      { label: '索引号', slot: 'index_number' },
      { label: '文号', slot: 'document_number' },
    ],
    slots: nationalSlots(section, s1Parts),
    preamble: [
      {
        type: 'text',
        text:
          '本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《{{format_title}}》（{{format_document_number}}）编制。' +
          '本报告所列数据的统计期限自{{year}}年1月1日起至{{year}}年12月31日止。',
      },
    ],
    sections: nationalSections(section, s1Parts),
    signature: { dateSlot: 'written_on' },
  };
}

/** 二、三、四: the national table, the sentences that read it out, charts, then the office's remarks. */
function tableBlocks(
  id: 's2' | 's3' | 's4',
  table: TableId,
  sentences: readonly GeneratedSet[],
  charts: readonly ChartId[],
): Block[] {
  return [
    { type: 'table', table },
    ...generatedBlocks(sentences),
    ...charts.map((chart) => ({ type: 'chart', chart }) as const),
    { type: 'slot', slot: id },
  ];
}

/** One block a set of generated sentences. */
function generatedBlocks(sets: readonly GeneratedSet[]): Block[] {
  return sets.map((set) => ({ type: 'generated', sentences: set }));
}

/** The five parts of 一、总体情况: id, heading, guidance, and the generated sentences under each. */
type OverviewPart = [string, string, string, readonly GeneratedSet[]];

function overviewParts(version: FormatVersion): OverviewPart[] {
  const platform = version === '2021' ? '政府信息公开平台建设' : '平台建设';
  return [
    [
      's1_proactive',
      '主动公开',
      '本年度主动公开工作的主要做法和成效：重点领域信息公开、政策解读、回应关切等。',
      ['disclosures', 'interpretations', 'responses'],
    ],
    [
      's1_requests',
      '依申请公开',
      '依申请公开工作的主要做法：受理、办理、答复的规范化，申请集中的内容等。',
      ['subjects'],
    ],
    [
      's1_management',
      '政府信息管理',
      '政府信息管理工作：公开属性审查、保密审查、规范性文件清理、动态更新等。',
      [],
    ],
    [
      's1_platform',
      platform,
      '政府网站、政务新媒体、政府公报等公开平台的建设和运行情况。',
      ['platform', 'metrics'],
    ],
    [
      's1_oversight',
      '监督保障',
      '组织领导、制度建设、教育培训、考核评议；各级人民政府还应报告《条例》第五十条第四项规定的“工作考核、社会评议和责任追究结果情况”。',
      ['trainings'],
    ],
  ];
}

type SectionOf = (id: SectionId) => BodySection;

function nationalSlots(section: SectionOf, s1Parts: readonly OverviewPart[]): TemplateInput['slots'] {
  return [
    ...DOCUMENT_SLOTS,
    // 总体情况 and 存在的主要问题 are what every report must say: a reminder when they are empty.
    slot('s1', '总体情况', section('s1').requirement, 'paragraphs', true),
    ...s1Parts.map(([id, label, guidance]) => slot(id, label, guidance)),
    slot('s2', '主动公开政府信息情况（补充说明）', '对表中数据需要说明的情况（可不填）。'),
    slot('s3', '收到和处理政府信息公开申请情况（补充说明）', '对表中数据需要说明的情况（可不填）。'),
    slot('s4', '行政复议、行政诉讼情况（补充说明）', '对表中数据需要说明的情况（可不填）。'),
    slot('s5', '存在的主要问题及改进情况', section('s5').requirement, 'paragraphs', true),
    slot('s6', '其他需要报告的事项', section('s6').requirement),
  ];
}

function nationalSections(section: SectionOf, s1Parts: readonly OverviewPart[]): TemplateInput['sections'] {
  const ordinal = ['（一）', '（二）', '（三）', '（四）', '（五）'];
  const tableSection = (
    id: 's2' | 's3' | 's4',
    table: TableId,
    sentences: readonly GeneratedSet[],
    charts: readonly ChartId[] = [],
  ) => ({ id, heading: section(id).heading, blocks: tableBlocks(id, table, sentences, charts) });
  return [
    {
      id: 's1',
      heading: section('s1').heading,
      blocks: [
        { type: 'slot', slot: 's1' },
        ...s1Parts.flatMap(([id, label, , generated], i): Block[] => [
          { type: 'subheading', text: `${ordinal[i]}${label}` },
          { type: 'slot', slot: id },
          ...generatedBlocks(generated),
        ]),
      ],
    },
    tableSection('s2', 'proactive', ['proactive', 'comparison_proactive']),
    tableSection(
      's3',
      'requests',
      ['requests', 'applicants', 'channels', 'timeliness', 'comparison_requests'],
      ['outcomes', 'channels'],
    ),
    tableSection('s4', 'reviews', ['reviews', 'review_reasons', 'comparison_reviews']),
    { id: 's5', heading: section('s5').heading, blocks: [{ type: 'slot', slot: 's5' }] },
    {
      id: 's6',
      heading: section('s6').heading,
      blocks: [
        { type: 'generated', sentences: 'fees' },
        { type: 'slot', slot: 's6' },
      ],
    },
  ];
}

export const NATIONAL_TEMPLATES: Readonly<Record<FormatVersion, ReportTemplate>> = {
  '2019': templateSchema.parse(nationalTemplate('2019')),
  '2021': templateSchema.parse(nationalTemplate('2021')),
};

/** The built-in template for a report year: the 2019 national one for 2019–2020, the 2021 one after. */
export function nationalTemplateFor(year: number): ReportTemplate {
  return NATIONAL_TEMPLATES[formatVersionForYear(year)];
}

/** A built-in template by id (`national-2019`, `national-2021`), or undefined. */
export function builtInTemplate(id: string): ReportTemplate | undefined {
  return Object.values(NATIONAL_TEMPLATES).find((t) => t.id === id);
}
