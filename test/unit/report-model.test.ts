import { describe, expect, it } from 'vitest';
import {
  byRuntimeIds,
  type FormatVersion,
  getFormat,
  TABLE_IDS,
  type TableId,
} from '../../shared/domain/formats/index.ts';
import {
  buildReportModel as buildWithTemplate,
  type Figure,
  type FigureSource,
  nationalTemplateFor,
  type ReportInput,
  type ReportModel,
  reportCharts,
  reportParagraphs,
  type Sentence,
  type TableGrid,
  tableGrid,
} from '../../shared/domain/report/index.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import {
  HUAIAN_2024_AGENCY_NAME,
  hangzhou2019Statistics,
  huaian2023Statistics,
  huaian2024Statistics,
  SAMPLE_ERROR,
  SAMPLE_WARNING,
  withFindings,
} from '../support/render-fixtures.ts';

/** The report with the national template of its year, generated on a fixed day. */
const buildReportModel = (input: Omit<ReportInput, 'template' | 'today'> & Partial<ReportInput>) =>
  buildWithTemplate({ template: nationalTemplateFor(input.stats.year), today: '2025-01-20', ...input });

/** The generated sentences of a section. */
const sentencesOf = (model: ReportModel, id: string): Sentence[] =>
  model.sections
    .find((s) => s.id === id)!
    .blocks.flatMap((b) => (b.kind === 'paragraph' && b.origin === 'generated' ? [b.sentence] : []));

/** Reads a figure's source straight from the statistics, independently of the model's reader. */
function readSource(
  source: FigureSource,
  stats: AgencyYearStatistics,
  previous?: AgencyYearStatistics,
): number {
  if (source.kind === 'input') return source.value;
  const of = source.year === stats.year ? stats : source.year === previous?.year ? previous : undefined;
  if (!of) throw new Error(`no statistics for ${source.year}`);
  if (source.kind === 'cell') {
    const value = byRuntimeIds(of.tables[source.table])[source.row]?.[source.column];
    if (value === undefined) throw new Error(`no cell ${source.table}.${source.row}.${source.column}`);
    return value;
  }
  let node: unknown = of.extras;
  for (const key of source.keys) node = (node as Record<string, unknown>)[key];
  if (typeof node !== 'number') throw new Error(`no extra ${source.path}`);
  return node;
}

function expectedValue(f: Figure, stats: AgencyYearStatistics, previous?: AgencyYearStatistics): number {
  const values = f.sources.map((s) => readSource(s, stats, previous));
  if (f.op === 'value') return values[0]!;
  if (f.op === 'sum') return values.reduce((a, b, i) => a + (f.signs?.[i] ?? 1) * b, 0);
  const sumOf = (year: number) =>
    f.sources.reduce((n, s, i) => n + (s.kind !== 'input' && s.year === year ? values[i]! : 0), 0);
  return Math.abs(sumOf(stats.year) - sumOf(stats.year - 1));
}

function allSentences(model: ReportModel): Sentence[] {
  return reportParagraphs(model)
    .filter((p) => p.origin === 'generated')
    .map((p) => p.sentence);
}

/** Every number printed in a sentence is one of its figures, in order, and equals its source cells. */
function expectSentencesMatchCells(
  model: ReportModel,
  stats: AgencyYearStatistics,
  previous?: AgencyYearStatistics,
) {
  const sentences = allSentences(model);
  expect(sentences.length).toBeGreaterThan(5);
  for (const s of sentences) {
    const printed = s.text.match(/-?\d+(?:\.\d+)?/gu) ?? [];
    expect(printed, s.text).toEqual(s.figures.map((f) => f.text));
    for (const f of s.figures) {
      expect(f.sources.length, s.text).toBeGreaterThan(0);
      const expected = expectedValue(f, stats, previous);
      const shown = f.display === 'percent' ? expected * 100 : expected;
      const decimals = f.display === 'count' ? 0 : f.display === 'percent' ? 1 : 2;
      expect(Number(f.text), `${f.text} in ${s.text}`).toBeCloseTo(shown, decimals);
      if (f.display === 'count') expect(Number(f.text)).toBe(expected);
    }
  }
}

describe('report model: sentences state the table cells', () => {
  it('every figure of the 淮安 2024 report equals the cells it is read from', () => {
    // Prepare
    const stats = huaian2024Statistics();
    const previous = huaian2023Statistics();
    // Act
    const model = buildReportModel({
      stats,
      agencyName: HUAIAN_2024_AGENCY_NAME,
      previous,
      timeliness: { shareOnTime: 0.973, medianWorkingDays: 12 },
    });
    // Assess
    expectSentencesMatchCells(model, stats, previous);
  });

  it('every figure of a 2019-format report equals its cells', () => {
    const stats = hangzhou2019Statistics();
    const model = buildReportModel({ stats, agencyName: '杭州市公安局' });
    expectSentencesMatchCells(model, stats);
  });

  it('states the requests as the published 淮安 report does', () => {
    const model = buildReportModel({ stats: huaian2024Statistics(), agencyName: HUAIAN_2024_AGENCY_NAME });
    expect(sentencesOf(model, 's3')[0]!.text).toBe(
      '本年度共收到政府信息公开申请3119件，上年结转34件；本年度办结3050件，其中予以公开1362件，部分公开454件，' +
        '不予公开178件，无法提供781件，不予处理88件，其他处理187件；结转下年度继续办理103件。',
    );
    expect(
      sentencesOf(model, 's4')
        .slice(0, 2)
        .map((s) => s.text),
    ).toEqual([
      '本年度因政府信息公开申请引发行政复议351件，其中结果维持72件、结果纠正64件、其他结果178件、尚未审结37件。',
      '本年度引发行政诉讼46件（未经复议直接起诉26件、复议后起诉20件），其中结果维持25件、结果纠正5件、其他结果9件、尚未审结7件。',
    ]);
  });

  it('reports 信息处理费 in section 六: charged or not, in either format', () => {
    const charged = buildReportModel({ stats: huaian2024Statistics(), agencyName: 'x' });
    expect(sentencesOf(charged, 's6').map((s) => s.text)).toEqual(['全年收取信息处理费11件、3940元。']);
    const stats = huaian2024Statistics();
    const none = buildReportModel({
      stats: { ...stats, extras: { ...stats.extras, fees: { count: 0, totalYuan: 0 } } },
      agencyName: 'x',
    });
    expect(sentencesOf(none, 's6').map((s) => s.text)).toEqual(['本年度未收取信息处理费。']);
    const old = buildReportModel({ stats: hangzhou2019Statistics(), agencyName: 'x' });
    expect(sentencesOf(old, 's6').map((s) => s.text)).toEqual(['本年度未收取信息处理费。']);
  });

  it('compares with the previous year in words that match the direction', () => {
    const model = buildReportModel({
      stats: huaian2024Statistics(),
      agencyName: 'x',
      previous: huaian2023Statistics(),
    });
    const texts = allSentences(model).map((s) => s.text);
    expect(texts).toContain(
      '与上年相比，新收政府信息公开申请增加200件（上年2919件），办结申请减少70件（上年3120件），' +
        '予以公开持平（上年1362件），结转下年度继续办理增加69件（上年34件）。',
    );
    expect(texts).toContain('与上年相比，行政复议增加51件（上年300件），行政诉讼减少9件（上年55件）。');
    expect(model.hasComparison).toBe(true);
  });

  it('compares only with what the log records of the year before (not the zeros of a year it never counted)', () => {
    // A log that starts with 2021: of 2020 it holds only the requests carried over into 2021.
    let n = 0;
    const event = (type: string, occurredAt: string, data: Record<string, unknown>) => ({
      eventId: `e-${++n}`,
      agencyId: 'a',
      type,
      occurredAt,
      data,
    });
    const received = (id: string, day: string) =>
      event('request.received', day, { requestId: id, channel: 'online', applicantType: 'natural_person' });
    const decided = (id: string, day: string) =>
      event('request.decided', day, { requestId: id, outcome: 'disclosed' });
    const log = [
      received('R-2020-1', '2020-12-20'),
      received('R-2020-2', '2020-12-28'),
      decided('R-2020-1', '2021-01-10'),
      decided('R-2020-2', '2021-01-12'),
      received('R-2021-1', '2021-03-01'),
      decided('R-2021-1', '2021-03-15'),
      event('decisions.recorded', '2021-06-30', { kind: 'penalty', count: 120 }),
      event('review.filed', '2021-05-06', { caseId: 'FY-1', kind: 'reconsideration' }),
    ];
    const model = (events: readonly unknown[]) => {
      const fold = new StatisticsFold();
      for (const e of events) fold.add(e as never);
      const [stats] = fold.statistics({ agencyId: 'a', year: 2021 });
      const [previous] = fold.statistics({ agencyId: 'a', year: 2020 });
      return buildReportModel({ stats: stats!, agencyName: 'x', previous: previous! });
    };
    const comparisons = (m: ReportModel) =>
      allSentences(m)
        .map((s) => s.text)
        .filter((t) => t.startsWith('与上年相比'));

    const first = model(log);
    expect(
      sentencesOf(first, 's3')
        .map((s) => s.text)
        .join(''),
    ).toContain('上年结转2件');
    expect(comparisons(first)).toEqual([]);
    expect(first.hasComparison).toBe(false);

    // A log that did record 2020: one request decided, one review filed; still no proactive figure.
    const second = model([
      ...log,
      received('R-2020-0', '2020-06-01'),
      decided('R-2020-0', '2020-06-20'),
      event('review.filed', '2020-08-01', { caseId: 'FY-0', kind: 'litigation_direct' }),
    ]);
    expect(comparisons(second)).toEqual([
      '与上年相比，新收政府信息公开申请减少2件（上年3件），办结申请增加2件（上年1件），' +
        '予以公开增加2件（上年1件），结转下年度继续办理减少2件（上年2件）。',
      '与上年相比，行政复议增加1件（上年0件），行政诉讼减少1件（上年1件）。',
    ]);
    expect(second.hasComparison).toBe(true);
  });

  it('refuses previous statistics of another year or agency', () => {
    expect(() =>
      buildReportModel({ stats: huaian2024Statistics(), agencyName: 'x', previous: huaian2024Statistics() }),
    ).toThrow(RangeError);
  });
});

describe('report model: structure', () => {
  it('has the title and the six official headings of the format', () => {
    for (const stats of [huaian2024Statistics(), hangzhou2019Statistics()]) {
      const model = buildReportModel({ stats, agencyName: '某某局' });
      expect(model.title).toBe(`某某局${stats.year}年政府信息公开工作年度报告`);
      expect(model.sections.map((s) => s.heading)).toEqual(
        getFormat(stats.format).body_sections.map((b) => b.heading),
      );
      expect(model.sections.map((s) => s.blocks.find((b) => b.kind === 'table')?.grid.table ?? null)).toEqual(
        [null, 'proactive', 'requests', 'reviews', null, null],
      );
    }
  });

  it("carries the agency's own text by slot; an empty slot prints nothing and is a warning", () => {
    const model = buildReportModel({
      stats: huaian2024Statistics(),
      agencyName: 'x',
      slots: { s1: '第一段。\n\n第二段。', s5: '一是问题。' },
    });
    const slotTexts = (m: ReportModel, id: string) =>
      m.sections
        .find((s) => s.id === id)!
        .blocks.flatMap((b) => (b.kind === 'paragraph' && b.origin === 'slot' ? [b.sentence.text] : []));
    expect(slotTexts(model, 's1')).toEqual(['第一段。', '第二段。']);
    expect(slotTexts(model, 's5')).toEqual(['一是问题。']);
    const bare = buildReportModel({ stats: huaian2024Statistics(), agencyName: 'x' });
    expect(slotTexts(bare, 's5')).toEqual([]);
    const empty = bare.findings.filter((f) => f.ruleId === 'template.slot-empty').map((f) => f.message);
    expect(empty).toContain('“存在的主要问题及改进情况”尚未填写，报告中该处不出现文字。');
    expect(bare.draft).toBe(false);
  });

  it('is a draft when a finding is an error, or when asked; warnings alone do not make one', () => {
    const stats = huaian2024Statistics();
    const withError = buildReportModel({
      stats: withFindings(stats, [SAMPLE_WARNING, SAMPLE_ERROR]),
      agencyName: 'x',
    });
    expect(withError.draft).toBe(true);
    expect(withError.draftReason).toBe('errors');
    expect(
      withError.findings
        .filter((f) => !f.ruleId.startsWith('template.'))
        .map((f) => [f.ruleId, f.severityLabel]),
    ).toEqual([
      ['extras.listed-parts-explain-total', '警告'],
      ['requests.balance', '错误'],
    ]);
    expect(withError.findings[1]!.cellLabels).toEqual([
      '依申请公开 / 一、本年新收政府信息公开申请数量 / 总计',
      '依申请公开 / 三、本年度办理结果 / （七）总计 / 总计',
    ]);
    const warningOnly = buildReportModel({ stats: withFindings(stats, [SAMPLE_WARNING]), agencyName: 'x' });
    expect(warningOnly.draft).toBe(false);
    expect(buildReportModel({ stats, agencyName: 'x', draft: true }).draftReason).toBe('requested');
  });

  it('chart data are the outcome groups and channels', () => {
    const model = buildReportModel({ stats: huaian2024Statistics(), agencyName: 'x' });
    const [outcomes, channels] = reportCharts(model);
    expect(outcomes!.data.map((d) => d.value)).toEqual([1362, 454, 178, 781, 88, 187]);
    expect(outcomes!.data.reduce((n, d) => n + d.value, 0)).toBe(3050);
    expect(channels!.data.reduce((n, d) => n + d.value, 0)).toBe(3119);
  });
});

/** Every position of the grid is covered by exactly one cell. */
function expectTiled(grid: TableGrid): void {
  const seen = Array.from({ length: grid.height }, () => Array.from({ length: grid.width }, () => 0));
  for (const c of grid.cells) {
    for (let r = c.row; r < c.row + c.rowSpan; r++) {
      for (let k = c.col; k < c.col + c.colSpan; k++) seen[r]![k]! += 1;
    }
  }
  expect(
    seen.flat().every((n) => n === 1),
    `${grid.format} ${grid.table}`,
  ).toBe(true);
}

const span = (grid: TableGrid, text: string) => {
  const cell = grid.cells.find((c) => c.text === text);
  if (!cell) throw new Error(`no cell ${text}`);
  return [cell.row, cell.col, cell.rowSpan, cell.colSpan];
};

describe('table grids follow the format merges', () => {
  const empty = (v: FormatVersion, t: TableId) => tableGrid(v, t, {});

  it('tiles every grid exactly, with every value row and column present', () => {
    for (const v of ['2019', '2021'] as const) {
      for (const t of TABLE_IDS) {
        const grid = empty(v, t);
        expectTiled(grid);
        expect(grid.width).toBe(getFormat(v).tables.find((x) => x.id === t)!.grid.width);
        const values = grid.cells.filter((c) => c.kind === 'value');
        expect(values.every((c) => c.text === (c.format === 'count' ? '0' : '0.00'))).toBe(true);
      }
    }
  });

  it('依申请公开: 3×3 corner, 申请人情况 over 7, 三、本年度办理结果 over 22 (2021) / 20 (2019)', () => {
    const g21 = empty('2021', 'requests');
    expect(span(g21, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）')).toEqual([
      0, 0, 3, 3,
    ]);
    expect(span(g21, '申请人情况')).toEqual([0, 3, 1, 7]);
    expect(span(g21, '自然人')).toEqual([1, 3, 2, 1]);
    expect(span(g21, '法人或其他组织')).toEqual([1, 4, 1, 5]);
    expect(span(g21, '总计')).toEqual([1, 9, 2, 1]);
    expect(span(g21, '一、本年新收政府信息公开申请数量')).toEqual([3, 0, 1, 3]);
    expect(span(g21, '三、本年度办理结果')).toEqual([5, 0, 22, 1]);
    expect(span(g21, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toEqual([6, 1, 1, 2]);
    expect(span(g21, '（三）不予公开')).toEqual([7, 1, 8, 1]);
    expect(span(g21, '3.危及“三安全一稳定”')).toEqual([9, 2, 1, 1]);
    expect(span(g21, '（六）其他处理')).toEqual([23, 1, 3, 1]);
    expect(span(g21, '四、结转下年度继续办理')).toEqual([27, 0, 1, 3]);
    expect(g21.height).toBe(28);
    const g19 = empty('2019', 'requests');
    expect(span(g19, '三、本年度办理结果')).toEqual([5, 0, 20, 1]);
    expect(span(g19, '（六）其他处理')).toEqual([23, 1, 1, 2]);
  });

  it('复议诉讼: 15 columns, 3 header rows, one data row', () => {
    const g = empty('2021', 'reviews');
    expect(span(g, '行政复议')).toEqual([0, 0, 1, 5]);
    expect(span(g, '行政诉讼')).toEqual([0, 5, 1, 10]);
    expect(span(g, '未经复议直接起诉')).toEqual([1, 5, 1, 5]);
    expect(span(g, '复议后起诉')).toEqual([1, 10, 1, 5]);
    const sub = g.cells.filter((c) => c.text === '结果维持').map((c) => [c.row, c.col, c.rowSpan]);
    expect(sub).toEqual([
      [1, 0, 2],
      [2, 5, 1],
      [2, 10, 1],
    ]);
    const values = g.cells.filter((c) => c.kind === 'value');
    expect(values.length).toBe(15);
    expect(values.every((c) => c.row === 3)).toBe(true);
  });

  it('主动公开: block titles over 4 columns; (五)(六)(八) values over 3; 2019 (八)(九) last value over 2', () => {
    const g21 = empty('2021', 'proactive');
    expect(span(g21, '第二十条第（一）项')).toEqual([0, 0, 1, 4]);
    expect(span(g21, '本年收费金额（单位：万元）').slice(2)).toEqual([1, 3]);
    const license = g21.cells.find((c) => c.ref?.row === 'license')!;
    expect([license.col, license.colSpan]).toEqual([1, 3]);
    const g19 = empty('2019', 'proactive');
    expect(span(g19, '采购总金额').slice(2)).toEqual([1, 2]);
    const change = g19.cells.find((c) => c.ref?.row === 'charges' && c.ref.column === 'change')!;
    expect([change.col, change.colSpan]).toEqual([2, 2]);
  });

  it('prints money with two decimals and counts as integers', () => {
    const g = tableGrid('2021', 'proactive', huaian2024Statistics().tables.proactive);
    expect(g.cells.find((c) => c.ref?.row === 'charges')!.text).toBe('96171.60');
    expect(g.cells.find((c) => c.ref?.row === 'penalty')!.text).toBe('3985758');
  });
});
