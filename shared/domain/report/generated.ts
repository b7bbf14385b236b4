/**
 * The generated sentences: what a report says of its figures, each figure read from `stats.tables` or
 * `stats.extras` with its source kept (sentences.ts). A template places them by set (template.ts
 * GENERATED_SETS); a set with nothing to state yields no sentence. Pure.
 */
import {
  type ColumnId,
  type FormatVersion,
  getTable,
  type RowId,
  type TableId,
  valueRows,
} from '../formats/index.ts';
import type { AgencyYearStatistics } from '../statistics/types.ts';
import { CHANNELS, INTERPRETATION_FORMS, PUBLICATION_CHANNELS, REVIEW_KINDS } from '../vocabulary.ts';
import {
  CHANNEL_LABELS,
  INTERPRETATION_FORM_LABELS,
  PUBLICATION_CHANNEL_LABELS,
  REVIEW_KIND_LABELS,
} from './labels.ts';
import { type Figure, FigureReader, figure, inputFigure, type Sentence, sentence } from './sentences.ts';
import type { GeneratedSet } from './template.ts';

/** Timeliness of replies, when the caller has it (not part of the statistics yet). */
export interface Timeliness {
  /** Share of the requests decided this year that were answered within the legal period, 0..1. */
  readonly shareOnTime: number;
  readonly medianWorkingDays: number | null;
}

export interface GeneratedContext {
  readonly stats: AgencyYearStatistics;
  readonly previous: AgencyYearStatistics | undefined;
  readonly timeliness: Timeliness | undefined;
}

/** The rows of the requests table under a group of outcomes (or the row itself when it carries data). */
function outcomeGroupRows(version: FormatVersion, group: string): string[] {
  return valueRows(getTable(version, 'requests'))
    .filter((r) => r.id === group || r.parent === group)
    .map((r) => r.id);
}

export const OUTCOME_GROUPS = [
  ['disclosed', '予以公开'],
  ['partially_disclosed', '部分公开'],
  ['withheld', '不予公开'],
  ['unavailable', '无法提供'],
  ['not_processed', '不予处理'],
  ['other', '其他处理'],
] as const;

/** The requests decided this year with an outcome of the group, summed over its rows. */
export function outcomeFigure(
  read: FigureReader,
  version: FormatVersion,
  group: string,
  column = 'total',
): Figure {
  return read.sumCells(outcomeGroupRows(version, group).map((row) => ['requests', row, column] as const));
}

const ORG_COLUMNS = ['commercial', 'research', 'public_interest', 'legal_service', 'other_org'] as const;
const REVIEW_COLUMNS = [
  ['upheld', '结果维持'],
  ['corrected', '结果纠正'],
  ['other', '其他结果'],
  ['pending', '尚未审结'],
] as const;

/** The sentences of one set. */
export function generatedSentences(set: GeneratedSet, context: GeneratedContext): Sentence[] {
  const { stats, previous, timeliness } = context;
  const read = new FigureReader(stats);
  switch (set) {
    case 'platform':
      return platformSentences(read, stats);
    case 'metrics':
      return metricSentences(read, stats);
    case 'disclosures':
      return disclosureSentences(read, stats);
    case 'interpretations':
      return interpretationSentences(read, stats);
    case 'responses':
      return responseSentences(read, stats);
    case 'trainings':
      return trainingSentences(read, stats);
    case 'proactive':
      return proactiveSentences(read, stats.format);
    case 'requests':
      return [requestSentence(read, stats.format)];
    case 'applicants':
      return [applicantSentence(read)];
    case 'channels':
      return [channelSentence(read)];
    case 'subjects':
      return subjectSentences(read, stats);
    case 'timeliness':
      return timeliness ? [timelinessSentence(timeliness)] : [];
    case 'reviews':
      return reviewSentences(read);
    case 'review_reasons':
      return reviewReasonSentences(read, stats);
    case 'fees':
      return [feeSentence(read, stats)];
    case 'comparison_proactive':
      return comparison(read, stats, previous, 'proactive');
    case 'comparison_requests':
      return comparison(read, stats, previous, 'requests');
    case 'comparison_reviews':
      return comparison(read, stats, previous, 'reviews');
  }
}

/** Entries of a count by name, largest first, then by name: the same order whatever order events came in. */
export function rankedEntries(counts: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

function comparison(
  read: FigureReader,
  stats: AgencyYearStatistics,
  previous: AgencyYearStatistics | undefined,
  table: TableId,
): Sentence[] {
  if (!previous || !recordedYear(previous, table)) return [];
  return comparisonSentences(read, new FigureReader(previous), stats, previous, table);
}

function metricSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  const keys = Object.keys(stats.extras.metrics).sort();
  if (keys.length === 0) return [];
  const parts: (string | Figure)[] = ['本年度'];
  keys.forEach((key, i) => {
    const metric = stats.extras.metrics[key]!;
    parts.push(
      i === 0 ? '' : '，',
      metric.label,
      read.extra(['metrics', key, 'value'], 'number'),
      metric.unit,
    );
  });
  parts.push('。');
  return [sentence(...parts)];
}

function interpretationSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  if (stats.extras.interpretations.total === 0) return [];
  const byForm = breakdown(
    read,
    ['interpretations', 'byForm'],
    INTERPRETATION_FORMS,
    (k) => INTERPRETATION_FORM_LABELS[k],
    '篇',
  );
  return [
    sentence(
      ...totalAndBreakdown(read, '本年度发布政策解读', ['interpretations', 'total'], '篇', byForm),
      '。',
    ),
  ];
}

function responseSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  const { pressConferences, concernResponses } = stats.extras;
  if (pressConferences === 0 && concernResponses === 0) return [];
  const parts: (string | Figure)[] = ['本年度'];
  if (pressConferences > 0) parts.push('召开新闻发布会', read.extra(['pressConferences']), '场');
  if (concernResponses > 0) {
    parts.push(pressConferences > 0 ? '，' : '', '回应公众关注热点', read.extra(['concernResponses']), '次');
  }
  parts.push('。');
  return [sentence(...parts)];
}

function trainingSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  if (stats.extras.trainings.count === 0) return [];
  return [
    sentence(
      '本年度组织政府信息公开培训',
      read.extra(['trainings', 'count']),
      '次，参训',
      read.extra(['trainings', 'attendees']),
      '人次。',
    ),
  ];
}

function subjectSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  const top = rankedEntries(stats.extras.requestsBySubject).slice(0, 5);
  if (top.length === 0) return [];
  const parts: (string | Figure)[] = ['申请内容主要涉及'];
  top.forEach(([subject], i) => {
    parts.push(i === 0 ? '' : '、', `${subject}（`, read.extra(['requestsBySubject', subject]), '件）');
  });
  parts.push('等方面。');
  return [sentence(...parts)];
}

function reviewReasonSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  const out: Sentence[] = [];
  for (const kind of REVIEW_KINDS) {
    const top = rankedEntries(stats.extras.reviewsByReason[kind] ?? {}).slice(0, 3);
    if (top.length === 0) continue;
    const parts: (string | Figure)[] = [`${REVIEW_KIND_LABELS[kind]}的主要事由是`];
    top.forEach(([reason], i) => {
      parts.push(i === 0 ? '' : '；', `${reason}（`, read.extra(['reviewsByReason', kind, reason]), '件）');
    });
    parts.push('。');
    out.push(sentence(...parts));
  }
  return out;
}

function proactiveSentences(read: FigureReader, version: FormatVersion): Sentence[] {
  return version === '2021' ? proactiveSentences2021(read) : proactiveSentences2019(read);
}

/** A cell of the proactive table, by its typed ids. */
const proactiveCell =
  (read: FigureReader) =>
  (row: RowId<'proactive'>, column: ColumnId<'proactive'>, display: 'count' | 'money' = 'count') =>
    read.cell('proactive', row, column, display);

function proactiveSentences2021(read: FigureReader): Sentence[] {
  const p = proactiveCell(read);
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

function proactiveSentences2019(read: FigureReader): Sentence[] {
  const p = proactiveCell(read);
  const items = (row: RowId<'proactive'>, name: string) => [
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
function breakdown<K extends string>(
  read: FigureReader,
  base: readonly string[],
  keys: readonly K[],
  name: (key: K) => string,
  unit: string,
): (string | Figure)[] {
  const parts: (string | Figure)[] = [];
  for (const key of keys) {
    const f = read.extra([...base, key]);
    if (f.value === 0) continue;
    parts.push(parts.length === 0 ? '' : '、', name(key), f, unit);
  }
  return parts;
}

/** `{intro}{total}{unit}，其中{breakdown}`: a total and, when it has any, its breakdown. */
function totalAndBreakdown(
  read: FigureReader,
  intro: string,
  total: readonly string[],
  unit: string,
  byKey: readonly (string | Figure)[],
): (string | Figure)[] {
  const parts: (string | Figure)[] = [intro, read.extra(total), unit];
  if (byKey.length) parts.push('，其中', ...byKey);
  return parts;
}

function disclosureSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  // Largest first, then by name: the same order whatever order the events arrived in.
  const categories = rankedEntries(stats.extras.disclosures.byCategory).map(([name]) => name);
  const byCategory = breakdown(read, ['disclosures', 'byCategory'], categories, (k) => k, '条');
  const byChannel = breakdown(
    read,
    ['disclosures', 'byChannel'],
    PUBLICATION_CHANNELS,
    (k) => `通过${PUBLICATION_CHANNEL_LABELS[k]}公开`,
    '条',
  );
  const parts = totalAndBreakdown(read, '本年度主动公开政府信息', ['disclosures', 'total'], '条', byCategory);
  if (byChannel.length) parts.push('；按公开渠道（同一信息在多个渠道公开的分别计算），', ...byChannel);
  parts.push('。');
  return [sentence(...parts)];
}

function platformSentences(read: FigureReader, stats: AgencyYearStatistics): Sentence[] {
  if (stats.extras.posts.total === 0) return [];
  const byChannel = breakdown(
    read,
    ['posts', 'byChannel'],
    PUBLICATION_CHANNELS,
    (k) => PUBLICATION_CHANNEL_LABELS[k],
    '条',
  );
  const intro = '本年度通过政府信息公开平台发布信息';
  return [sentence(...totalAndBreakdown(read, intro, ['posts', 'total'], '条', byChannel), '。')];
}

function requestSentence(read: FigureReader, version: FormatVersion): Sentence {
  const r = (row: string, column = 'total') => read.cell('requests', row, column);
  const outcome = (group: string) => outcomeFigure(read, version, group);
  return sentence(
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
  );
}

function applicantSentence(read: FigureReader): Sentence {
  const r = (column: string) => read.cell('requests', 'received', column);
  return sentence(
    '本年新收申请中，自然人提出',
    r('natural_person'),
    '件，法人或其他组织提出',
    read.sumCells(ORG_COLUMNS.map((c) => ['requests', 'received', c] as const)),
    '件（商业企业',
    r('commercial'),
    '件、科研机构',
    r('research'),
    '件、社会公益组织',
    r('public_interest'),
    '件、法律服务机构',
    r('legal_service'),
    '件、其他',
    r('other_org'),
    '件）。',
  );
}

function channelSentence(read: FigureReader): Sentence {
  const parts: (string | Figure)[] = ['从申请渠道看，'];
  CHANNELS.forEach((c, i) => {
    parts.push(i === 0 ? '' : '、', CHANNEL_LABELS[c], read.extra(['requestsByChannel', c]), '件');
  });
  parts.push('。');
  return sentence(...parts);
}

function timelinessSentence(timeliness: Timeliness): Sentence {
  const share = inputFigure('timeliness.shareOnTime', timeliness.shareOnTime, 'percent');
  const parts: (string | Figure)[] = ['本年度办结的申请中，在法定期限内答复的占', share, '%'];
  if (timeliness.medianWorkingDays !== null) {
    const median = inputFigure('timeliness.medianWorkingDays', timeliness.medianWorkingDays, 'money');
    parts.push('，答复用时的中位数为', median, '个工作日');
  }
  parts.push('。');
  return sentence(...parts);
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
    read.extra(['fees', 'count']),
    '件、',
    read.extra(['fees', 'totalYuan'], 'money'),
    '元。',
  );
}

/**
 * Whether the log records the previous year's work of this table, so that comparing with it states a fact.
 * An agency's log usually starts with the first year it reports from Gongkai: the year before then holds
 * at most the requests carried over into it (received, not yet decided), and its other figures are zeros
 * that were never counted. So a year counts as recorded for requests when it decided at least one, and
 * for proactive disclosure and reviews when any of its figures is not zero.
 */
export function recordedYear(previous: AgencyYearStatistics, table: TableId): boolean {
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
    const a = read.total(cur).value;
    const last = prev.total(before, display);
    const b = last.value;
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

const COMPARED_TABLES: readonly TableId[] = ['proactive', 'requests', 'reviews'];

/** The tables compared with the year before in a report of these statistics. */
export function comparedTables(previous: AgencyYearStatistics | undefined): TableId[] {
  return previous ? COMPARED_TABLES.filter((table) => recordedYear(previous, table)) : [];
}
