/**
 * What the two national formats (国办公开办函〔2019〕60号 and 〔2021〕30号) share, written once: the body
 * section headings, table 三 but for its （六）其他处理 rows, and table 四, which the 2021 revision kept
 * unchanged. Each format file states its own: requirements, table 二, the rows of 其他处理 and its notes.
 *
 * The builders keep every id a literal type (`const` type parameters), so the row, column and section id
 * types derived from the format data in `index.ts` still refuse a typo.
 */
import { APPLICANT_TYPES } from '../vocabulary.ts';
import type { FormatRow } from './types.ts';

/** A row that only labels (a 第二十条第（x）项 block header, or a group such as （三）不予公开). */
interface LabelRow<Id extends string, Parent extends string | null, Kind extends 'section' | 'group'> {
  readonly id: Id;
  readonly label: string;
  readonly parent: Parent;
  readonly kind: Kind;
  readonly columns: readonly [];
}

interface ValueRow<
  Id extends string,
  Parent extends string | null,
  Kind extends 'data' | 'total',
  Columns extends readonly string[],
> {
  readonly id: Id;
  readonly label: string;
  readonly parent: Parent;
  readonly kind: Kind;
  readonly columns: Columns;
}

// ---- 二、主动公开政府信息情况: blocks of 第二十条 ----

/** Table 二's columns of a block: id and printed label. */
type ProactiveColumns = readonly (readonly [id: string, label: string])[];

/**
 * One block of table 二: its 第二十条第（x）项 header row (信息内容 and the column labels), then its data
 * rows (id and label), each carrying the block's columns.
 */
export function proactiveBlock<
  const Id extends string,
  const Columns extends ProactiveColumns,
  const Rows extends readonly (readonly [id: string, label: string])[],
>(
  id: Id,
  label: string,
  columns: Columns,
  rows: Rows,
): readonly [
  LabelRow<Id, null, 'section'> & { readonly header_cells: readonly string[] },
  ...{
    [K in keyof Rows]: ValueRow<Rows[K][0], Id, 'data', { [C in keyof Columns]: Columns[C][0] }> & {
      readonly column_labels: readonly string[];
    };
  },
] {
  const columnIds = columns.map(([columnId]) => columnId);
  const columnLabels = columns.map(([, columnLabel]) => columnLabel);
  const header = {
    id,
    label,
    parent: null,
    kind: 'section',
    header_cells: ['信息内容', ...columnLabels],
    columns: [],
  };
  const values = rows.map(([rowId, rowLabel]) => ({
    id: rowId,
    label: rowLabel,
    parent: id,
    kind: 'data',
    columns: columnIds,
    column_labels: columnLabels,
  }));
  return [header, ...values] as never;
}

/** Rows of table 二 both formats print alike (id and label). */
export const RULE = ['rule', '规章'] as const;
export const LICENSE = ['license', '行政许可'] as const;
export const PENALTY = ['penalty', '行政处罚'] as const;
export const ENFORCEMENT = ['enforcement', '行政强制'] as const;
export const CHARGES = ['charges', '行政事业性收费'] as const;

// ---- 三、收到和处理政府信息公开申请情况 ----

/** The value columns of table 三: the applicant kinds and their 总计. */
export const APPLICANT_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;

type ApplicantColumns = typeof APPLICANT_COLUMNS;

/** A value row of table 三: one count per applicant column. */
export function requestRow<const Id extends string, const Parent extends string | null>(
  id: Id,
  label: string,
  parent: Parent,
): ValueRow<Id, Parent, 'data', ApplicantColumns> {
  return { id, label, parent, kind: 'data', columns: APPLICANT_COLUMNS };
}

/** A row of table 三 that groups the rows under it, e.g. （三）不予公开. */
export function groupRow<const Id extends string, const Parent extends string | null>(
  id: Id,
  label: string,
  parent: Parent,
): LabelRow<Id, Parent, 'group'> {
  return { id, label, parent, kind: 'group', columns: [] };
}

const REQUEST_ROWS_BEFORE_OTHER = [
  requestRow('received', '一、本年新收政府信息公开申请数量', null),
  requestRow('carried_over', '二、上年结转政府信息公开申请数量', null),
  groupRow('decided', '三、本年度办理结果', null),
  requestRow('disclosed', '（一）予以公开', 'decided'),
  requestRow('partially_disclosed', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'decided'),
  groupRow('withheld', '（三）不予公开', 'decided'),
  requestRow('withheld.state_secret', '1.属于国家秘密', 'withheld'),
  requestRow('withheld.law_prohibited', '2.其他法律行政法规禁止公开', 'withheld'),
  requestRow('withheld.security_stability', '3.危及“三安全一稳定”', 'withheld'),
  requestRow('withheld.third_party_rights', '4.保护第三方合法权益', 'withheld'),
  requestRow('withheld.internal_affairs', '5.属于三类内部事务信息', 'withheld'),
  requestRow('withheld.process_information', '6.属于四类过程性信息', 'withheld'),
  requestRow('withheld.enforcement_file', '7.属于行政执法案卷', 'withheld'),
  requestRow('withheld.inquiry_matter', '8.属于行政查询事项', 'withheld'),
  groupRow('unavailable', '（四）无法提供', 'decided'),
  requestRow('unavailable.not_held', '1.本机关不掌握相关政府信息', 'unavailable'),
  requestRow('unavailable.needs_creation', '2.没有现成信息需要另行制作', 'unavailable'),
  requestRow('unavailable.unclear', '3.补正后申请内容仍不明确', 'unavailable'),
  groupRow('not_processed', '（五）不予处理', 'decided'),
  requestRow('not_processed.complaint', '1.信访举报投诉类申请', 'not_processed'),
  requestRow('not_processed.duplicate', '2.重复申请', 'not_processed'),
  requestRow('not_processed.publication', '3.要求提供公开出版物', 'not_processed'),
  requestRow('not_processed.excessive', '4.无正当理由大量反复申请', 'not_processed'),
  requestRow('not_processed.confirmation', '5.要求行政机关确认或重新出具已获取信息', 'not_processed'),
] as const;

const REQUEST_ROWS_AFTER_OTHER = [
  {
    id: 'decided_total',
    label: '（七）总计',
    parent: 'decided',
    kind: 'total',
    columns: APPLICANT_COLUMNS,
  },
  requestRow('carried_forward', '四、结转下年度继续办理', null),
] as const;

/**
 * Table 三 of a format, given what differs: the rows of （六）其他处理 and the merge notes from
 * 三、本年度办理结果 on (its rowspan counts those rows).
 */
export function requestsTable<const OtherRows extends readonly FormatRow[]>(
  otherRows: OtherRows,
  decidedMerges: readonly string[],
) {
  return {
    id: 'requests',
    heading: '三、收到和处理政府信息公开申请情况',
    corner_cell: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    columns: [
      { id: 'applicant', label: '申请人情况', parent: null, header_only: true },
      { id: 'natural_person', label: '自然人', parent: 'applicant' },
      { id: 'legal_or_org', label: '法人或其他组织', parent: 'applicant', header_only: true },
      { id: 'commercial', label: '商业企业', parent: 'legal_or_org' },
      { id: 'research', label: '科研机构', parent: 'legal_or_org' },
      { id: 'public_interest', label: '社会公益组织', parent: 'legal_or_org' },
      { id: 'legal_service', label: '法律服务机构', parent: 'legal_or_org' },
      { id: 'other_org', label: '其他', parent: 'legal_or_org' },
      { id: 'total', label: '总计', parent: 'applicant' },
    ],
    leaf_columns: APPLICANT_COLUMNS,
    rows: [...REQUEST_ROWS_BEFORE_OTHER, ...otherRows, ...REQUEST_ROWS_AFTER_OTHER],
    grid: {
      width: 10,
      label_columns: 3,
      value_columns: 7,
      merges: [
        'corner cell: colspan 3, rowspan 3 (header rows 1-3)',
        '申请人情况: colspan 7 (header row 1)',
        '自然人: rowspan 2 (header rows 2-3)',
        '法人或其他组织: colspan 5 (header row 2); its 5 children on header row 3',
        '总计: rowspan 2 (header rows 2-3)',
        '一、本年新收… / 二、上年结转… / 四、结转下年度继续办理: label colspan 3',
        ...decidedMerges,
      ],
    },
    identities: [
      'for every leaf column c: received[c] + carried_over[c] == decided_total[c] + carried_forward[c]',
      'for every data row r: r.total == r.natural_person + r.commercial + r.research + r.public_interest + r.legal_service + r.other_org (implied by the 总计 column)',
      'decided_total[c] == sum of all data rows under decided (implied by （七）总计)',
    ],
  } as const;
}

// ---- 四、政府信息公开行政复议、行政诉讼情况: the same in both formats ----

const REVIEW_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;

function reviewRow<const Id extends string, const Parent extends string | null>(
  id: Id,
  label: string,
  parent: Parent,
): ValueRow<Id, Parent, 'data', typeof REVIEW_COLUMNS> {
  return { id, label, parent, kind: 'data', columns: REVIEW_COLUMNS };
}

export const REVIEWS_TABLE = {
  id: 'reviews',
  heading: '四、政府信息公开行政复议、行政诉讼情况',
  column_groups: [
    { id: 'reconsideration', label: '行政复议', parent: null },
    { id: 'litigation', label: '行政诉讼', parent: null },
    { id: 'litigation_direct', label: '未经复议直接起诉', parent: 'litigation' },
    { id: 'litigation_after_reconsideration', label: '复议后起诉', parent: 'litigation' },
  ],
  columns: [
    { id: 'upheld', label: '结果维持', parent: null },
    { id: 'corrected', label: '结果纠正', parent: null },
    { id: 'other', label: '其他结果', parent: null },
    { id: 'pending', label: '尚未审结', parent: null },
    { id: 'total', label: '总计', parent: null },
  ],
  leaf_columns: REVIEW_COLUMNS,
  rows: [
    reviewRow('reconsideration', '行政复议', null),
    groupRow('litigation', '行政诉讼', null),
    reviewRow('litigation_direct', '未经复议直接起诉', 'litigation'),
    reviewRow('litigation_after_reconsideration', '复议后起诉', 'litigation'),
  ],
  layout_note:
    'Printed as ONE data row of 15 cells: 行政复议 {结果维持, 结果纠正, 其他结果, 尚未审结, 总计} | 未经复议直接起诉 {same five} | 复议后起诉 {same five}. The JSON splits it into 3 logical rows.',
  grid: {
    width: 15,
    merges: [
      '行政复议: colspan 5 (header row 1)',
      '行政诉讼: colspan 10 (header row 1)',
      'the five 行政复议 sub-headers (结果维持…总计): rowspan 2 (header rows 2-3)',
      '未经复议直接起诉: colspan 5 (header row 2); 复议后起诉: colspan 5 (header row 2)',
      'the ten litigation sub-headers on header row 3',
      'one data row (row 4), 15 cells',
    ],
  },
  identities: [
    'for each of reconsideration, litigation_direct, litigation_after_reconsideration: total == upheld + corrected + other + pending',
  ],
  counting_note:
    '行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。',
} as const;

// ---- the body: six sections, the same headings in both formats ----

type SectionKey = 's1' | 's2' | 's3' | 's4' | 's5' | 's6';

/**
 * The six body sections with a format's requirements; 二、三、四 are its tables, the others written text
 * (`template_text`, 六 may say more in a format).
 */
export function bodySections(
  requirements: Readonly<Record<SectionKey, string>>,
  s6TemplateText = '（文字描述）',
) {
  const text = (id: SectionKey, heading: string, template_text = '（文字描述）') =>
    ({ id, heading, requirement: requirements[id], template_text }) as const;
  const table = <const Id extends SectionKey, const T extends string>(id: Id, heading: string, table: T) =>
    ({ id, heading, requirement: requirements[id], table }) as const;
  return [
    text('s1', '一、总体情况'),
    table('s2', '二、主动公开政府信息情况', 'proactive'),
    table('s3', '三、收到和处理政府信息公开申请情况', 'requests'),
    table('s4', '四、政府信息公开行政复议、行政诉讼情况', 'reviews'),
    text('s5', '五、存在的主要问题及改进情况'),
    text('s6', '六、其他需要报告的事项', s6TemplateText),
  ] as const;
}

/** The value conventions both formats state alike; each adds its own `money`. */
export const VALUE_CONVENTIONS = {
  counts: 'non-negative integers (件)',
  blank_vs_zero:
    'the template has no rule; published reports use both 0 and blank. A generator should print 0 explicitly (see summary.md).',
} as const;
