/**
 * The report model: everything a renderer prints, decided here once, by the agency's template (template.ts):
 * the header lines, the title, the sections with their blocks (the office's text, its sentences with the
 * figures filled in, generated sentences, the national tables, charts), the signature and the 附件 with
 * 表一–表三. Every printed figure is read from `stats.tables` / `stats.extras` with its source kept.
 * The findings (the rules' and the template's: a figure missing for the year, a required slot left empty)
 * are part of the model but never of the report's text; renderers print them in a separate page.
 * Pure: no I/O, no clock (the day of generation comes in as `today`).
 */
import { byRuntimeIds, type FormatVersion, getFormat, getTable, type TableId } from '../formats/index.ts';
import type { AgencyYearStatistics, CellRef, Finding } from '../statistics/types.ts';
import { CHANNELS } from '../vocabulary.ts';
import {
  comparedTables,
  generatedSentences,
  OUTCOME_GROUPS,
  outcomeFigure,
  rankedEntries,
  type Timeliness,
} from './generated.ts';
import { CHANNEL_LABELS, SEVERITY_LABELS, TABLE_SHORT_NAMES } from './labels.ts';
import {
  dataRowsOf,
  type NumberRef,
  type Placeholder,
  parsePlaceholders,
  type TextVariable,
} from './placeholders.ts';
import {
  extraAt,
  type Figure,
  FigureReader,
  type FigureSource,
  figure,
  type Sentence,
  sentence,
} from './sentences.ts';
import { type TableGrid, tableGrid } from './table-grid.ts';
import type { Block, ChartId, ReportTemplate, TemplateSlot } from './template.ts';

export type { Timeliness };

/** The tables of the 附件 are numbered in the order the template lists them. */
const ANNEX_NUMBERS = ['表一', '表二', '表三'];

export interface ReportInput {
  readonly stats: AgencyYearStatistics;
  readonly agencyName: string;
  readonly template: ReportTemplate;
  /** What the office wrote, by slot id (paragraphs separated by line breaks). */
  readonly slots?: Readonly<Record<string, string>>;
  /** The statistics of the year before, for the year-over-year comparison. */
  readonly previous?: AgencyYearStatistics;
  readonly timeliness?: Timeliness;
  /** Mark the report as a draft even without error findings. */
  readonly draft?: boolean;
  /** The day of generation (YYYY-MM-DD, Asia/Shanghai): the 成文日期 when the office gave none. */
  readonly today: string;
}

export interface ChartDatum {
  readonly label: string;
  readonly value: number;
}

export interface ReportChart {
  readonly id: ChartId;
  readonly title: string;
  readonly data: readonly ChartDatum[];
  readonly unit: string;
}

export type ParagraphOrigin = 'slot' | 'office' | 'generated';

export type ReportBlock =
  /** A second-level heading（一）…, printed in 楷体. */
  | { readonly kind: 'subheading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly origin: ParagraphOrigin; readonly sentence: Sentence }
  | { readonly kind: 'table'; readonly grid: TableGrid }
  | { readonly kind: 'chart'; readonly chart: ReportChart };

export interface ReportSection {
  readonly id: string;
  readonly heading: string;
  readonly blocks: readonly ReportBlock[];
}

export interface ReportHeaderLine {
  readonly label: string;
  readonly value: string;
}

export interface ReportAnnex {
  readonly heading: string;
  /** 表一：主动公开政府信息相关情况 … with the grid of each. */
  readonly tables: readonly { readonly caption: string; readonly grid: TableGrid }[];
}

/** A finding of the rules, with what a person reads of it: its severity and its cells in words. */
export interface ReportFinding extends Finding {
  readonly severityLabel: string;
  /** The cells in words: `依申请公开 / 一、本年新收政府信息公开申请数量 / 总计`. */
  readonly cellLabels: readonly string[];
}

export interface ReportModel {
  readonly title: string;
  readonly agencyName: string;
  readonly year: number;
  readonly format: FormatVersion;
  readonly formatTitle: string;
  readonly documentNumber: string;
  readonly template: { readonly id: string; readonly name: string };
  /** 发布机构, 成文日期, 索引号, 文号…: lines above the title (a line the office left empty is not there). */
  readonly header: readonly ReportHeaderLine[];
  readonly preamble: readonly ReportBlock[];
  readonly sections: readonly ReportSection[];
  /** The agency's name and the date in Chinese (2020年1月2日), after the last section. */
  readonly signature: { readonly agencyName: string; readonly date: string } | null;
  readonly annex: ReportAnnex | null;
  /** The three national tables, whatever the template prints: the official workbook (xlsx) holds them all. */
  readonly tables: Readonly<Record<TableId, TableGrid>>;
  /** True when asked for, or when any finding is an error: such a report must not be published. */
  readonly draft: boolean;
  readonly draftReason: 'requested' | 'errors' | null;
  /** The rules' findings and the template's; never printed in the report's text. */
  readonly findings: readonly ReportFinding[];
  readonly timeliness: Timeliness | null;
  readonly hasComparison: boolean;
}

export function reportTitle(agencyName: string, year: number): string {
  return `${agencyName}${year}年政府信息公开工作年度报告`;
}

/** `2020-01-02` → `2020年1月2日`. */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The charts a report can place, read from its statistics. */
function reportChart(id: ChartId, stats: AgencyYearStatistics): ReportChart {
  const read = new FigureReader(stats);
  if (id === 'outcomes') {
    return {
      id,
      title: '本年度政府信息公开申请办理结果',
      unit: '件',
      data: OUTCOME_GROUPS.map(([group, label]) => ({
        label,
        value: outcomeFigure(read, stats.format, group).value,
      })),
    };
  }
  return {
    id,
    title: '本年新收政府信息公开申请（按申请渠道）',
    unit: '件',
    data: CHANNELS.map((c) => ({ label: CHANNEL_LABELS[c], value: stats.extras.requestsByChannel[c] ?? 0 })),
  };
}

/** Builds the report model of one agency-year with its template. */
export function buildReportModel(input: ReportInput): ReportModel {
  const { stats, agencyName, template, previous, timeliness } = input;
  if (previous && (previous.year !== stats.year - 1 || previous.agencyId !== stats.agencyId)) {
    throw new RangeError(
      `previous statistics must be of ${stats.agencyId} ${stats.year - 1}, got ${previous.agencyId} ${previous.year}`,
    );
  }
  const format = getFormat(stats.format);
  const slots = input.slots ?? {};
  const templateFindings: Finding[] = [];
  const filler = new PlaceholderFiller(stats, agencyName, templateFindings);
  const slotOf = new Map(template.slots.map((s) => [s.id, s]));
  const slotText = (id: string) => (Object.hasOwn(slots, id) ? (slots[id] ?? '').trim() : '');
  const writtenOn = template.signature ? slotText(template.signature.dateSlot) || input.today : input.today;

  const context: BlockContext = { stats, previous, timeliness, filler, slotText };
  const blocksOf = (blocks: readonly Block[], where: string): ReportBlock[] =>
    withoutBareSubheadings(blocks.flatMap((block) => blockOf(block, where, context)));

  const preamble = blocksOf(template.preamble, '引言');
  const sections = template.sections.map((section): ReportSection => {
    const heading = filler.text(section.heading, section.id);
    return { id: section.id, heading, blocks: blocksOf(section.blocks, heading) };
  });
  const header = template.header.flatMap((line): ReportHeaderLine[] => {
    if ('text' in line) return [{ label: line.label, value: filler.text(line.text, '文头') }];
    const value = slotText(line.slot);
    if (slotOf.get(line.slot)?.kind === 'date')
      return [{ label: line.label, value: chineseDate(value || writtenOn) }];
    return value ? [{ label: line.label, value }] : [];
  });

  for (const slot of template.slots) templateFindings.push(...slotFindings(slot, slotText(slot.id)));

  const findings = [...stats.findings, ...templateFindings].map((f) => reportFinding(f, stats.format));
  const hasErrors = findings.some((f) => f.severity === 'error');
  return {
    title: filler.text(template.title, '标题'),
    agencyName,
    year: stats.year,
    format: stats.format,
    formatTitle: format.title,
    documentNumber: format.document_number,
    template: { id: template.id, name: template.name },
    header,
    preamble,
    sections,
    signature: template.signature ? { agencyName, date: chineseDate(writtenOn) } : null,
    annex: template.annex
      ? {
          heading: filler.text(template.annex.heading, '附件'),
          tables: template.annex.tables.map(({ table, caption }, i) => ({
            caption:
              caption ??
              `${ANNEX_NUMBERS[i]}：${getTable(stats.format, table).heading.replace(/^[一二三四五六七八九十]+、/u, '')}`,
            grid: tableGrid(stats.format, table, stats.tables[table]),
          })),
        }
      : null,
    tables: {
      proactive: tableGrid(stats.format, 'proactive', stats.tables.proactive),
      requests: tableGrid(stats.format, 'requests', stats.tables.requests),
      reviews: tableGrid(stats.format, 'reviews', stats.tables.reviews),
    },
    draft: input.draft === true || hasErrors,
    draftReason: hasErrors ? 'errors' : input.draft ? 'requested' : null,
    findings,
    timeliness: timeliness ?? null,
    hasComparison: comparedTables(previous).length > 0,
  };
}

interface BlockContext {
  readonly stats: AgencyYearStatistics;
  readonly previous: AgencyYearStatistics | undefined;
  readonly timeliness: Timeliness | undefined;
  readonly filler: PlaceholderFiller;
  readonly slotText: (id: string) => string;
}

/** What one block of the template prints (`where` names its section in findings). */
function blockOf(block: Block, where: string, context: BlockContext): ReportBlock[] {
  const { stats, previous, timeliness, filler, slotText } = context;
  switch (block.type) {
    case 'subheading':
      return [{ kind: 'subheading', text: filler.text(block.text, where) }];
    case 'text':
      return [{ kind: 'paragraph', origin: 'office', sentence: filler.sentence(block.text, where) }];
    case 'slot':
      return splitParagraphs(slotText(block.slot)).map((text) => ({
        kind: 'paragraph',
        origin: 'slot',
        sentence: sentence(text),
      }));
    case 'generated':
      return generatedSentences(block.sentences, { stats, previous, timeliness }).map((s) => ({
        kind: 'paragraph',
        origin: 'generated',
        sentence: s,
      }));
    case 'table':
      return [{ kind: 'table', grid: tableGrid(stats.format, block.table, stats.tables[block.table]) }];
    case 'chart':
      return [{ kind: 'chart', chart: reportChart(block.chart, stats) }];
  }
}

/** A subheading with nothing under it (its slot empty, its sentences with nothing to state) is not printed. */
function withoutBareSubheadings(blocks: readonly ReportBlock[]): ReportBlock[] {
  return blocks.filter((block, i) => {
    if (block.kind !== 'subheading') return true;
    const next = blocks[i + 1];
    return next !== undefined && next.kind !== 'subheading';
  });
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/u;

/**
 * An empty slot: an error when the template requires it, a warning when it recommends it, else nothing (an
 * optional line such as 文号 is simply left out); a 成文日期 that is not a day.
 */
function slotFindings(slot: TemplateSlot, text: string): Finding[] {
  if (text === '') {
    if (!slot.required && !slot.recommended) return [];
    return [
      {
        ruleId: slot.required ? 'template.slot-required' : 'template.slot-empty',
        severity: slot.required ? 'error' : 'warning',
        message: slot.required
          ? `模板要求填写的“${slot.label}”尚未填写，填写后才能发布。`
          : `“${slot.label}”尚未填写，报告中该处不出现文字。`,
        cells: [],
      },
    ];
  }
  if (slot.kind === 'date' && !DAY.test(text)) {
    return [
      {
        ruleId: 'template.slot-date',
        severity: 'error',
        message: `“${slot.label}”应为日期（如2020-01-02），现为“${text}”。`,
        cells: [],
      },
    ];
  }
  return [];
}

/** Fills the placeholders of the office's text from one agency-year's statistics. */
class PlaceholderFiller {
  private readonly read: FigureReader;
  constructor(
    private readonly stats: AgencyYearStatistics,
    private readonly agencyName: string,
    private readonly findings: Finding[],
  ) {
    this.read = new FigureReader(stats);
  }

  text(text: string, where: string): string {
    return this.sentence(text, where).text;
  }

  sentence(text: string, where: string): Sentence {
    const { parts } = parsePlaceholders(text);
    return sentence(
      ...parts.map((part) =>
        typeof part === 'string' ? part : this.fill(part.placeholder, part.source, where),
      ),
    );
  }

  private fill(placeholder: Placeholder, source: string, where: string): string | Figure {
    if (placeholder.kind === 'text') return this.word(placeholder.name);
    if (placeholder.kind === 'top') {
      const counts = this.map(placeholder.path);
      if (!counts) return this.missing(source, where);
      const names = rankedEntries(counts)
        .slice(0, placeholder.count)
        .map(([name]) => name);
      return names.length > 0 ? names.join('、') : this.missing(source, where);
    }
    const terms = placeholder.terms.flatMap((t) =>
      this.sources(t.ref).map((s) => ({ sign: t.sign, source: s })),
    );
    const sources = terms.map((t) => t.source);
    if (sources.length === 0 || sources.some((s) => !this.read.has(s))) return this.missing(source, where);
    const values = terms.map((t) => t.sign * this.read.read(t.source));
    const displays = placeholder.terms.map((t) =>
      t.ref.kind === 'extra' ? t.ref.display : /amount/u.test(t.ref.column) ? 'money' : 'count',
    );
    const display = displays.includes('money') ? 'money' : displays.includes('number') ? 'number' : 'count';
    const total = Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
    if (sources.length === 1) return figure(total, 'value', sources, display);
    const signs = terms.map((t) => t.sign);
    return { ...figure(total, 'sum', sources, display), ...(signs.includes(-1) ? { signs } : {}) };
  }

  /** The sources of a reference: a group row stands for the rows under it (none: not in this year's format). */
  private sources(ref: NumberRef): FigureSource[] {
    if (ref.kind === 'extra') return [this.read.extraSource(ref.path)];
    return dataRowsOf(this.stats.format, ref.table, ref.row)
      .filter((row) => byRuntimeIds(this.stats.tables[ref.table])[row]?.[ref.column] !== undefined)
      .map((row) => this.read.cellSource(ref.table, row, ref.column));
  }

  private map(path: readonly string[]): Readonly<Record<string, number>> | undefined {
    const node = extraAt(this.stats, path);
    return typeof node === 'object' && node !== null ? (node as Record<string, number>) : undefined;
  }

  private word(name: TextVariable): string {
    const year = this.stats.year;
    const format = getFormat(this.stats.format);
    switch (name) {
      case 'agency':
        return this.agencyName;
      case 'year':
        return String(year);
      case 'previous_year':
        return String(year - 1);
      case 'next_year':
        return String(year + 1);
      case 'format_title':
        return format.title;
      case 'format_document_number':
        return format.document_number;
    }
  }

  /** A figure the year does not have: printed as 【缺少数据】 and an error finding (blocks publication). */
  private missing(source: string, where: string): string {
    this.findings.push({
      ruleId: 'template.missing-figure',
      severity: 'error',
      message: `“${where}”中的${source}在${this.stats.year}年没有数据（未申报或没有对应事件），补充数据或修改模板后才能发布。`,
      cells: [],
    });
    return MISSING_FIGURE;
  }
}

/** Printed where a placeholder's figure is missing: such a report is a draft (an error finding). */
export const MISSING_FIGURE = '【缺少数据】';

function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/u)
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

/** Every paragraph of the report (preamble and sections), in order. */
export function reportParagraphs(model: ReportModel): { origin: ParagraphOrigin; sentence: Sentence }[] {
  return [...model.preamble, ...model.sections.flatMap((s) => s.blocks)].flatMap((b) =>
    b.kind === 'paragraph' ? [{ origin: b.origin, sentence: b.sentence }] : [],
  );
}

/** Every chart the report places, in order. */
export function reportCharts(model: ReportModel): ReportChart[] {
  return model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])));
}
