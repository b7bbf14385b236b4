/**
 * The report model: everything a renderer prints, decided here once. Title, the six sections with the
 * format's headings, the tables as grids, generated sentences whose every figure is read from
 * `stats.tables` / `stats.extras`, the agency's own text, a comparison with the previous year, and the
 * draft flag with the rule findings. Pure: no I/O, no clock.
 */

import { type FormatVersion, getFormat, getTable, type TableId, valueRows } from '../formats/index.ts';
import type { AgencyYearStatistics, CellRef, Finding, Severity } from '../statistics/types.ts';
import { CHANNELS, PUBLICATION_CHANNELS } from '../vocabulary.ts';
import { CHANNEL_LABELS, PUBLICATION_CHANNEL_LABELS, SEVERITY_LABELS, TABLE_SHORT_NAMES } from './labels.ts';
import {
  type Figure,
  FigureReader,
  type FigureSource,
  figure,
  type Sentence,
  sentence,
} from './sentences.ts';
import { type TableGrid, tableGrid } from './table-grid.ts';

export type SectionId = 's1' | 's2' | 's3' | 's4' | 's5' | 's6';
export const SECTION_IDS: readonly SectionId[] = ['s1', 's2', 's3', 's4', 's5', 's6'];

/** Timeliness of replies, when the caller has it (not part of the statistics yet). */
export interface Timeliness {
  /** Share of the requests decided this year that were answered within the legal period, 0..1. */
  readonly shareOnTime: number;
  readonly medianWorkingDays: number | null;
}

export interface ReportInput {
  readonly stats: AgencyYearStatistics;
  readonly agencyName: string;
  /** The agency's own text per section; paragraphs separated by blank lines or line breaks. */
  readonly narrative?: Partial<Record<SectionId, string>>;
  /** The statistics of the year before, for the year-over-year comparison. */
  readonly previous?: AgencyYearStatistics;
  readonly timeliness?: Timeliness;
  /** Mark the report as a draft even without error findings. */
  readonly draft?: boolean;
}

export interface ReportSection {
  readonly id: SectionId;
  readonly heading: string;
  /** The agency's own paragraphs (empty when it gave none). */
  readonly paragraphs: readonly string[];
  /** Printed when the section has neither the agency's text nor generated sentences. */
  readonly placeholder: string | null;
  /** Generated statements of the figures. */
  readonly sentences: readonly Sentence[];
  readonly table: TableGrid | null;
}

export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly severityLabel: string;
  readonly message: string;
  readonly cells: readonly CellRef[];
  /** The cells in words: `依申请公开 / 一、本年新收政府信息公开申请数量 / 总计`. */
  readonly cellLabels: readonly string[];
}

export interface ChartDatum {
  readonly label: string;
  readonly value: number;
}

export interface ReportModel {
  readonly title: string;
  readonly agencyName: string;
  readonly year: number;
  readonly format: FormatVersion;
  readonly formatTitle: string;
  readonly documentNumber: string;
  readonly preamble: string;
  readonly sections: readonly ReportSection[];
  /** True when asked for, or when any finding is an error: such a report must not be published. */
  readonly draft: boolean;
  readonly draftReason: 'requested' | 'errors' | null;
  readonly findings: readonly ReportFinding[];
  readonly charts: { readonly outcomes: readonly ChartDatum[]; readonly channels: readonly ChartDatum[] };
  readonly timeliness: Timeliness | null;
  readonly hasComparison: boolean;
}

export function reportTitle(agencyName: string, year: number): string {
  return `${agencyName}${year}年政府信息公开工作年度报告`;
}

/** The rows of the requests table under a group of outcomes (or the row itself when it carries data). */
function outcomeGroupRows(version: FormatVersion, group: string): string[] {
  return valueRows(getTable(version, 'requests'))
    .filter((r) => r.id === group || r.parent === group)
    .map((r) => r.id);
}

const OUTCOME_GROUPS = [
  ['disclosed', '予以公开'],
  ['partially_disclosed', '部分公开'],
  ['withheld', '不予公开'],
  ['unavailable', '无法提供'],
  ['not_processed', '不予处理'],
  ['other', '其他处理'],
] as const;

const ORG_COLUMNS = ['commercial', 'research', 'public_interest', 'legal_service', 'other_org'] as const;
const REVIEW_COLUMNS = [
  ['upheld', '结果维持'],
  ['corrected', '结果纠正'],
  ['other', '其他结果'],
  ['pending', '尚未审结'],
] as const;

/** Builds the report model from one agency-year's statistics. */
export function buildReportModel(input: ReportInput): ReportModel {
  const { stats, agencyName, narrative = {}, previous, timeliness } = input;
  if (previous && (previous.year !== stats.year - 1 || previous.agencyId !== stats.agencyId)) {
    throw new RangeError(
      `previous statistics must be of ${stats.agencyId} ${stats.year - 1}, got ${previous.agencyId} ${previous.year}`,
    );
  }
  const format = getFormat(stats.format);
  const read = new FigureReader(stats);
  const prev = previous ? new FigureReader(previous) : null;
  const outcomeFigure = (group: string, column = 'total'): Figure =>
    read.sumCells(outcomeGroupRows(stats.format, group).map((row) => ['requests', row, column] as const));

  const generated: Record<SectionId, Sentence[]> = {
    s1: platformSentences(read, stats),
    s2: [...proactiveSentences(read, stats.format), ...disclosureSentences(read, stats)],
    s3: requestSentences(read, outcomeFigure, timeliness),
    s4: reviewSentences(read),
    s5: [],
    s6: stats.format === '2021' ? [feeSentence(read, stats)] : [],
  };
  const compared = previous ? COMPARED_TABLES.filter((table) => recordedYear(previous, table)) : [];
  if (prev && previous) {
    for (const table of compared) {
      generated[COMPARISON_SECTION[table]].push(...comparisonSentences(read, prev, stats, previous, table));
    }
  }

  const sections = format.body_sections.map((body): ReportSection => {
    const id = body.id as SectionId;
    const paragraphs = splitParagraphs(narrative[id]);
    const sentences = generated[id] ?? [];
    const table = body.table
      ? tableGrid(stats.format, body.table as TableId, stats.tables[body.table as TableId])
      : null;
    return {
      id,
      heading: body.heading,
      paragraphs,
      placeholder:
        paragraphs.length === 0 && sentences.length === 0 && !table ? (body.template_text ?? null) : null,
      sentences,
      table,
    };
  });

  const findings = stats.findings.map((f) => reportFinding(f, stats.format));
  const hasErrors = stats.findings.some((f) => f.severity === 'error');
  return {
    title: reportTitle(agencyName, stats.year),
    agencyName,
    year: stats.year,
    format: stats.format,
    formatTitle: format.title,
    documentNumber: format.document_number,
    preamble:
      `本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《${format.title}》（${format.document_number}）编制。` +
      `本报告所列数据的统计期限自${stats.year}年1月1日起至${stats.year}年12月31日止。`,
    sections,
    draft: input.draft === true || hasErrors,
    draftReason: hasErrors ? 'errors' : input.draft ? 'requested' : null,
    findings,
    charts: {
      outcomes: OUTCOME_GROUPS.map(([group, label]) => ({ label, value: outcomeFigure(group).value })),
      channels: CHANNELS.map((c) => ({
        label: CHANNEL_LABELS[c],
        value: stats.extras.requestsByChannel[c] ?? 0,
      })),
    },
    timeliness: timeliness ?? null,
    hasComparison: compared.length > 0,
  };
}

function splitParagraphs(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The words of a cell: `依申请公开 / （三）不予公开 / 1.属于国家秘密 / 总计`. */
export function cellLabel(version: FormatVersion, cell: CellRef): string {
  const table = getTable(version, cell.table);
  const path: string[] = [];
  let row = table.rows.find((r) => r.id === cell.row);
  const dataRow = row;
  while (row) {
    path.unshift(row.label);
    const parent = row.parent;
    row = parent ? table.rows.find((r) => r.id === parent) : undefined;
  }
  let column: string = cell.column;
  if (cell.table === 'proactive' && dataRow?.column_labels) {
    column = dataRow.column_labels[dataRow.columns.indexOf(cell.column)] ?? cell.column;
  } else {
    column = table.columns?.find((c) => c.id === cell.column)?.label ?? cell.column;
  }
  const year = cell.year === undefined ? '' : `（${cell.year}年）`;
  return [TABLE_SHORT_NAMES[cell.table], ...(path.length ? path : [cell.row]), column].join(' / ') + year;
}

function reportFinding(f: Finding, version: FormatVersion): ReportFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    severityLabel: SEVERITY_LABELS[f.severity],
    message: f.message,
    cells: f.cells,
    cellLabels: f.cells.map((c) => cellLabel(version, c)),
  };
}

function proactiveSentences(read: FigureReader, version: FormatVersion): Sentence[] {
  const p = (row: string, column: string, display: 'count' | 'money' = 'count') =>
    read.cell('proactive', row, column, display);
  if (version === '2021') {
    return [
      sentence(
        '本年制发规章',
        p('rule', 'issued'),
        '件、废止',
        p('rule', 'repealed'),
        '件，现行有效规章',
        p('rule', 'in_force'),
        '件；制发行政规范性文件',
        p('normative_document', 'issued'),
        '件、废止',
        p('normative_document', 'repealed'),
        '件，现行有效行政规范性文件',
        p('normative_document', 'in_force'),
        '件。',
      ),
      sentence(
        '本年作出行政许可处理决定',
        p('license', 'decisions'),
        '件、行政处罚处理决定',
        p('penalty', 'decisions'),
        '件、行政强制处理决定',
        p('enforcement', 'decisions'),
        '件。',
      ),
      sentence('本年行政事业性收费金额', p('charges', 'amount_wan_yuan', 'money'), '万元。'),
    ];
  }
  const items = (row: string, name: string) => [
    `${name}上一年项目数量`,
    p(row, 'prev_year_items'),
    '项、本年增减',
    p(row, 'change'),
    '项',
  ];
  return [
    sentence(
      '本年新制作规章',
      p('rule', 'new_made'),
      '件、新公开',
      p('rule', 'new_published'),
      '件，对外公开规章总数',
      p('rule', 'total_published'),
      '件；新制作规范性文件',
      p('normative_document', 'new_made'),
      '件、新公开',
      p('normative_document', 'new_published'),
      '件，对外公开规范性文件总数',
      p('normative_document', 'total_published'),
      '件。',
    ),
    sentence(
      ...items('license', '行政许可'),
      '，处理决定',
      p('license', 'decisions'),
      '件；',
      ...items('other_service', '其他对外管理服务事项'),
      '，处理决定',
      p('other_service', 'decisions'),
      '件。',
    ),
    sentence(
      ...items('penalty', '行政处罚'),
      '，处理决定',
      p('penalty', 'decisions'),
      '件；',
      ...items('enforcement', '行政强制'),
      '，处理决定',
      p('enforcement', 'decisions'),
      '件。',
    ),
    sentence(...items('charges', '行政事业性收费'), '。'),
    sentence(
      '政府集中采购项目',
      p('procurement', 'items'),
      '个，采购总金额',
      p('procurement', 'amount_yuan', 'money'),
      '元。',
    ),
  ];
}

/** "其中A X条、B X条" over the non-zero entries of a record; empty when all are zero. */
function breakdown(
  read: FigureReader,
  base: string,
  keys: readonly string[],
  name: (key: string) => string,
  unit: string,
): (string | Figure)[] {
  const parts: (string | Figure)[] = [];
  for (const key of keys) {
    const f = read.extra(`${base}.${key}`);
    if (f.value === 0) continue;
    parts.push(parts.length === 0 ? '' : '、', name(key), f, unit);
  }
  return parts;
}

function disclosureSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  // Largest first, then by name: the same order whatever order the events arrived in.
  const categories = Object.entries(stats.extras.disclosures.byCategory)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name]) => name);
  const byCategory = breakdown(read, 'disclosures.byCategory', categories, (k) => k, '条');
  const byChannel = breakdown(
    read,
    'disclosures.byChannel',
    PUBLICATION_CHANNELS,
    (k) => `通过${PUBLICATION_CHANNEL_LABELS[k as keyof typeof PUBLICATION_CHANNEL_LABELS]}公开`,
    '条',
  );
  const parts: (string | Figure)[] = ['本年度主动公开政府信息', read.extra('disclosures.total'), '条'];
  if (byCategory.length) parts.push('，其中', ...byCategory);
  if (byChannel.length) parts.push('；按公开渠道（同一信息在多个渠道公开的分别计算），', ...byChannel);
  parts.push('。');
  return [sentence(...parts)];
}

function platformSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  if (stats.extras.posts.total === 0) return [];
  const byChannel = breakdown(
    read,
    'posts.byChannel',
    PUBLICATION_CHANNELS,
    (k) => PUBLICATION_CHANNEL_LABELS[k as keyof typeof PUBLICATION_CHANNEL_LABELS],
    '条',
  );
  const parts: (string | Figure)[] = ['本年度通过政府信息公开平台发布信息', read.extra('posts.total'), '条'];
  if (byChannel.length) parts.push('，其中', ...byChannel);
  parts.push('。');
  return [sentence(...parts)];
}

function requestSentences(
  read: FigureReader,
  outcome: (group: string, column?: string) => Figure,
  timeliness: Timeliness | undefined,
): Sentence[] {
  const r = (row: string, column = 'total') => read.cell('requests', row, column);
  const out: Sentence[] = [
    sentence(
      '本年度共收到政府信息公开申请',
      r('received'),
      '件，上年结转',
      r('carried_over'),
      '件；本年度办结',
      r('decided_total'),
      '件，其中予以公开',
      outcome('disclosed'),
      '件，部分公开',
      outcome('partially_disclosed'),
      '件，不予公开',
      outcome('withheld'),
      '件，无法提供',
      outcome('unavailable'),
      '件，不予处理',
      outcome('not_processed'),
      '件，其他处理',
      outcome('other'),
      '件；结转下年度继续办理',
      r('carried_forward'),
      '件。',
    ),
    sentence(
      '本年新收申请中，自然人提出',
      r('received', 'natural_person'),
      '件，法人或其他组织提出',
      read.sumCells(ORG_COLUMNS.map((c) => ['requests', 'received', c] as const)),
      '件（商业企业',
      r('received', 'commercial'),
      '件、科研机构',
      r('received', 'research'),
      '件、社会公益组织',
      r('received', 'public_interest'),
      '件、法律服务机构',
      r('received', 'legal_service'),
      '件、其他',
      r('received', 'other_org'),
      '件）。',
    ),
  ];
  const channels: (string | Figure)[] = ['从申请渠道看，'];
  CHANNELS.forEach((c, i) => {
    channels.push(i === 0 ? '' : '、', CHANNEL_LABELS[c], read.extra(`requestsByChannel.${c}`), '件');
  });
  channels.push('。');
  out.push(sentence(...channels));
  if (timeliness) {
    const share = figure(
      timeliness.shareOnTime,
      'value',
      [{ kind: 'input', path: 'timeliness.shareOnTime', value: timeliness.shareOnTime }],
      'percent',
    );
    const parts: (string | Figure)[] = ['本年度办结的申请中，在法定期限内答复的占', share, '%'];
    if (timeliness.medianWorkingDays !== null) {
      const median = figure(
        timeliness.medianWorkingDays,
        'value',
        [{ kind: 'input', path: 'timeliness.medianWorkingDays', value: timeliness.medianWorkingDays }],
        'money',
      );
      parts.push('，答复用时的中位数为', median, '个工作日');
    }
    parts.push('。');
    out.push(sentence(...parts));
  }
  return out;
}

function reviewSentences(read: FigureReader): Sentence[] {
  const v = (row: string, column: string) => read.cell('reviews', row, column);
  const litigation = (column: string) =>
    read.sumCells([
      ['reviews', 'litigation_direct', column],
      ['reviews', 'litigation_after_reconsideration', column],
    ]);
  const list = (get: (column: string) => Figure): (string | Figure)[] =>
    REVIEW_COLUMNS.flatMap(([column, name], i) => [i === 0 ? name : `、${name}`, get(column), '件']);
  return [
    sentence(
      '本年度因政府信息公开申请引发行政复议',
      v('reconsideration', 'total'),
      '件，其中',
      ...list((c) => v('reconsideration', c)),
      '。',
    ),
    sentence(
      '本年度引发行政诉讼',
      litigation('total'),
      '件（未经复议直接起诉',
      v('litigation_direct', 'total'),
      '件、复议后起诉',
      v('litigation_after_reconsideration', 'total'),
      '件），其中',
      ...list(litigation),
      '。',
    ),
  ];
}

function feeSentence(read: FigureReader, stats: AgencyYearStatistics): Sentence {
  const { count, totalYuan } = stats.extras.fees;
  if (count === 0 && totalYuan === 0) return sentence('本年度未收取信息处理费。');
  return sentence(
    '全年收取信息处理费',
    read.extra('fees.count'),
    '件、',
    read.extra('fees.totalYuan', 'money'),
    '元。',
  );
}

const COMPARED_TABLES: readonly TableId[] = ['proactive', 'requests', 'reviews'];
const COMPARISON_SECTION: Readonly<Record<TableId, SectionId>> = {
  proactive: 's2',
  requests: 's3',
  reviews: 's4',
};

/**
 * Whether the log records the previous year's work of this table, so that comparing with it states a fact.
 * An agency's log usually starts with the first year it reports from Gongkai: the year before then holds
 * at most the requests carried over into it (received, not yet decided), and its other figures are zeros
 * that were never counted. So a year counts as recorded for requests when it decided at least one, and
 * for proactive disclosure and reviews when any of its figures is not zero.
 */
function recordedYear(previous: AgencyYearStatistics, table: TableId): boolean {
  if (table === 'requests') return (previous.tables.requests?.decided_total?.total ?? 0) > 0;
  const rows = previous.tables[table] ?? {};
  return Object.values(rows).some((row) => Object.values(row ?? {}).some((value) => value !== 0));
}

interface Compared {
  readonly name: string;
  readonly unit: string;
  readonly cells: readonly (readonly [string, string])[];
}

function comparedFigures(table: TableId, current: FormatVersion, previous: FormatVersion): Compared[] {
  if (table === 'requests') {
    const total = (row: string) => [[row, 'total']] as const;
    return [
      { name: '新收政府信息公开申请', unit: '件', cells: total('received') },
      { name: '办结申请', unit: '件', cells: total('decided_total') },
      { name: '予以公开', unit: '件', cells: total('disclosed') },
      { name: '结转下年度继续办理', unit: '件', cells: total('carried_forward') },
    ];
  }
  if (table === 'reviews') {
    return [
      { name: '行政复议', unit: '件', cells: [['reconsideration', 'total']] },
      {
        name: '行政诉讼',
        unit: '件',
        cells: [
          ['litigation_direct', 'total'],
          ['litigation_after_reconsideration', 'total'],
        ],
      },
    ];
  }
  const out: Compared[] = [
    { name: '行政许可处理决定', unit: '件', cells: [['license', 'decisions']] },
    { name: '行政处罚处理决定', unit: '件', cells: [['penalty', 'decisions']] },
    { name: '行政强制处理决定', unit: '件', cells: [['enforcement', 'decisions']] },
  ];
  if (current === '2021' && previous === '2021') {
    // 2019 counted 收费 items, 2021 amounts in 万元: compare only within the 2021 format.
    out.push({ name: '行政事业性收费金额', unit: '万元', cells: [['charges', 'amount_wan_yuan']] });
  }
  return out;
}

function comparisonSentences(
  read: FigureReader,
  prev: FigureReader,
  stats: AgencyYearStatistics,
  previous: AgencyYearStatistics,
  table: TableId,
): Sentence[] {
  const parts: (string | Figure)[] = ['与上年相比，'];
  comparedFigures(table, stats.format, previous.format).forEach((item, i) => {
    const money = item.unit === '万元';
    const display = money ? 'money' : 'count';
    const cur = item.cells.map(([row, column]) => read.cellSource(table, row, column));
    const before = item.cells.map(([row, column]) => prev.cellSource(table, row, column));
    const sum = (reader: FigureReader, sources: FigureSource[]) =>
      sources.reduce((n, s) => n + reader.read(s), 0);
    const a = sum(read, cur);
    const b = sum(prev, before);
    const last = figure(b, before.length === 1 ? 'value' : 'sum', before, display);
    parts.push(i === 0 ? '' : '，', item.name);
    if (a === b) parts.push('持平（上年', last, `${item.unit}）`);
    else {
      const change = figure(Math.abs(a - b), 'change', [...cur, ...before], display);
      parts.push(a > b ? '增加' : '减少', change, `${item.unit}（上年`, last, `${item.unit}）`);
    }
  });
  parts.push('。');
  return [sentence(...parts)];
}
