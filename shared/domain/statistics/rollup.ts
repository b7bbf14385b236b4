/**
 * Roll-up: a parent agency's consolidated statistics are its own plus all its descendants', cell by cell.
 * Tables and extras add up; the median of processing days comes from the merged distributions; the
 * consistency rules run again on the consolidated tables, and each part's stream findings are kept,
 * named after the agency they come from.
 *
 * Declared metrics add up per key only when every part declaring the key states it in the same unit (人 and
 * 万人 cannot be added): otherwise the consolidation has no figure for that key, and a warning names the key
 * and the units. The label is that of the first part declaring the key (the parent's own first).
 *
 * Parts may come from JSON (the statistics store) and from before a field existed: every map keyed by outside
 * text is rebuilt as a null-prototype object from the parts' own entries, and a missing field counts as empty.
 */
import { INTERPRETATION_FORMS, REVIEW_KINDS, type ReviewKind } from '../contract.ts';
import { byRuntimeIds } from '../formats/index.ts';
import { METRIC_UNITS_DIFFER_RULE, runRules } from '../rules/index.ts';
import { processingDaysOf } from './fold.ts';
import { addCount, textKeyed } from './text-keyed.ts';
import type { AgencyYearStatistics, Extras, Finding } from './types.ts';

function addNumbers(into: Record<string, number>, from: Readonly<Record<string, number>> | undefined): void {
  if (from) for (const [key, value] of Object.entries(from)) addCount(into, key, value);
}

/** Money kept to the fen: sums of yuan amounts in floating point would drift. */
const fen = (yuan: number) => Math.round(yuan * 100);

/** Sums of declared figures (two decimals) kept to the hundredth. */
const hundredths = (value: number) => Math.round(value * 100);

type Metric = Extras['metrics'][string];

/**
 * Consolidates the statistics of one year of several agencies (the parent's own first) under `agencyId`.
 * `previous` is the consolidated statistics of the year before, for the carry-over rule.
 */
export function consolidate(
  agencyId: string,
  parts: readonly AgencyYearStatistics[],
  previous?: AgencyYearStatistics,
): AgencyYearStatistics {
  const first = parts[0];
  if (!first) throw new Error('nothing to consolidate');
  const { year, format } = first;
  if (parts.some((p) => p.year !== year || p.format !== format)) {
    throw new Error('consolidation needs statistics of one year and format');
  }
  const tables = structuredClone(first.tables);
  for (const part of parts.slice(1)) {
    for (const table of ['proactive', 'requests', 'reviews'] as const) {
      const intoTable = byRuntimeIds(tables[table]);
      for (const [row, cells] of Object.entries(byRuntimeIds(part.tables[table]))) {
        if (!Object.hasOwn(intoTable, row)) continue;
        const into = intoTable[row] as Record<string, number>;
        for (const [column, value] of Object.entries(cells)) {
          if (Object.hasOwn(into, column)) into[column] = (into[column] as number) + value;
        }
      }
    }
  }
  // 万元 sums: keep them to the fen (6 decimals of 万元).
  const charges = tables.proactive.charges;
  if (charges && 'amount_wan_yuan' in charges) {
    charges.amount_wan_yuan = Math.round((charges.amount_wan_yuan as number) * 1_000_000) / 1_000_000;
  }
  const { extras, findings: metricFindings } = consolidateExtras(parts);
  const streamFindings: Finding[] = parts.flatMap((part) =>
    part.findings
      .filter((f) => f.ruleId.startsWith('stream.'))
      .map((f) => ({ ...f, message: `[${part.agencyId}] ${f.message}` })),
  );
  const findings = [
    ...runRules({
      year,
      format,
      tables,
      extras,
      previous: previous && previous.year === year - 1 ? previous : undefined,
    }),
    ...metricFindings,
    ...streamFindings,
  ];
  return { agencyId, year, format, tables, extras, findings };
}

function consolidateExtras(parts: readonly AgencyYearStatistics[]): { extras: Extras; findings: Finding[] } {
  const requestsByChannel = textKeyed<number>();
  const disclosuresByCategory = textKeyed<number>();
  const disclosuresByChannel = textKeyed<number>();
  const postsByChannel = textKeyed<number>();
  const postsByColumn = textKeyed<Record<string, number>>();
  const requestsBySubject = textKeyed<number>();
  const reviewsByReason = Object.fromEntries(REVIEW_KINDS.map((k) => [k, textKeyed<number>()])) as Record<
    ReviewKind,
    Record<string, number>
  >;
  const byForm = Object.fromEntries(INTERPRETATION_FORMS.map((f) => [f, 0])) as Record<
    (typeof INTERPRETATION_FORMS)[number],
    number
  >;
  let disclosuresTotal = 0;
  let postsTotal = 0;
  let feesFen = 0;
  let feesCount = 0;
  let interpretationsTotal = 0;
  let pressConferences = 0;
  let concernResponses = 0;
  let trainings = 0;
  let attendees = 0;
  for (const { extras } of parts) {
    addNumbers(requestsByChannel, extras.requestsByChannel);
    disclosuresTotal += extras.disclosures.total;
    addNumbers(disclosuresByCategory, extras.disclosures.byCategory);
    addNumbers(disclosuresByChannel, extras.disclosures.byChannel);
    postsTotal += extras.posts.total;
    addNumbers(postsByChannel, extras.posts.byChannel);
    for (const [channel, columns] of Object.entries(extras.posts.byColumn)) {
      if (!Object.hasOwn(postsByColumn, channel)) postsByColumn[channel] = textKeyed();
      addNumbers(postsByColumn[channel] as Record<string, number>, columns);
    }
    feesFen += fen(extras.fees.totalYuan);
    feesCount += extras.fees.count;
    addNumbers(requestsBySubject, extras.requestsBySubject);
    for (const kind of REVIEW_KINDS) addNumbers(reviewsByReason[kind], extras.reviewsByReason?.[kind]);
    interpretationsTotal += extras.interpretations?.total ?? 0;
    addNumbers(byForm, extras.interpretations?.byForm);
    pressConferences += extras.pressConferences ?? 0;
    concernResponses += extras.concernResponses ?? 0;
    trainings += extras.trainings?.count ?? 0;
    attendees += extras.trainings?.attendees ?? 0;
  }
  const { metrics, findings } = consolidateMetrics(parts);
  const extras: Extras = {
    requestsByChannel: requestsByChannel as Extras['requestsByChannel'],
    disclosures: {
      total: disclosuresTotal,
      byCategory: disclosuresByCategory,
      byChannel: disclosuresByChannel as Extras['disclosures']['byChannel'],
    },
    posts: {
      total: postsTotal,
      byChannel: postsByChannel as Extras['posts']['byChannel'],
      byColumn: postsByColumn,
    },
    fees: { count: feesCount, totalYuan: feesFen / 100 },
    processingDays: consolidateProcessingDays(parts),
    metrics,
    requestsBySubject,
    reviewsByReason,
    interpretations: { total: interpretationsTotal, byForm },
    pressConferences,
    concernResponses,
    trainings: { count: trainings, attendees },
  };
  return { extras, findings };
}

/** The processing days of the parts, as one distribution. */
function consolidateProcessingDays(parts: readonly AgencyYearStatistics[]): Extras['processingDays'] {
  const distribution = new Map<number, number>();
  for (const { extras } of parts) {
    for (const [days, n] of extras.processingDays.distribution) {
      distribution.set(days, (distribution.get(days) ?? 0) + n);
    }
  }
  return processingDaysOf([...distribution].sort(([a], [b]) => a - b));
}

/** Declared metrics added up by key; a key the parts declare in different units is not, and a finding says so. */
function consolidateMetrics(parts: readonly AgencyYearStatistics[]): {
  metrics: Record<string, Metric>;
  findings: Finding[];
} {
  const declared = new Map<string, { label: string; units: Set<string>; hundredths: number }>();
  for (const { extras } of parts) {
    for (const [key, metric] of Object.entries(extras.metrics ?? {}) as [string, Metric][]) {
      const sum = declared.get(key);
      if (sum) {
        sum.units.add(metric.unit);
        sum.hundredths += hundredths(metric.value);
      } else {
        declared.set(key, {
          label: metric.label,
          units: new Set([metric.unit]),
          hundredths: hundredths(metric.value),
        });
      }
    }
  }
  const metrics = textKeyed<Metric>();
  const mixed: string[] = [];
  for (const [key, sum] of [...declared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (sum.units.size === 1) {
      metrics[key] = { label: sum.label, unit: [...sum.units][0] as string, value: sum.hundredths / 100 };
    } else {
      mixed.push(`${sum.label}（${key}）：${[...sum.units].sort().join('、')}`);
    }
  }
  const findings: Finding[] =
    mixed.length === 0
      ? []
      : [
          {
            ruleId: METRIC_UNITS_DIFFER_RULE.id,
            severity: METRIC_UNITS_DIFFER_RULE.severity,
            message: `下级机关以不同计量单位申报的${mixed.length}项数据未予汇总：${mixed.join('；')}`,
            cells: [],
          },
        ];
  return { metrics, findings };
}
