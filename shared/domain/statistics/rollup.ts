/**
 * Roll-up: a parent agency's consolidated statistics are its own plus all its descendants', cell by cell.
 * Tables and extras add up; the median of processing days comes from the merged distributions; the
 * consistency rules run again on the consolidated tables, and each part's stream findings are kept,
 * named after the agency they come from.
 */
import { runRules } from '../rules/index.ts';
import { processingDaysOf } from './fold.ts';
import type { AgencyYearStatistics, Extras, Finding } from './types.ts';

function addNumbers<T extends Record<string, number>>(into: T, from: Readonly<Record<string, number>>): void {
  for (const [key, value] of Object.entries(from)) {
    (into as Record<string, number>)[key] = ((into as Record<string, number>)[key] ?? 0) + value;
  }
}

/** Money kept to the fen: sums of yuan amounts in floating point would drift. */
const fen = (yuan: number) => Math.round(yuan * 100);

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
  const extras = structuredClone(first.extras);
  let feesFen = fen(first.extras.fees.totalYuan);
  let feesCount = first.extras.fees.count;
  let disclosuresTotal = first.extras.disclosures.total;
  let postsTotal = first.extras.posts.total;
  const distribution = new Map<number, number>(
    first.extras.processingDays.distribution.map(([d, n]) => [d, n]),
  );
  for (const part of parts.slice(1)) {
    for (const table of ['proactive', 'requests', 'reviews'] as const) {
      for (const [row, cells] of Object.entries(part.tables[table])) {
        const into = tables[table][row];
        if (into) addNumbers(into, cells);
      }
    }
    addNumbers(extras.requestsByChannel, part.extras.requestsByChannel);
    disclosuresTotal += part.extras.disclosures.total;
    addNumbers(extras.disclosures.byCategory, part.extras.disclosures.byCategory);
    addNumbers(extras.disclosures.byChannel, part.extras.disclosures.byChannel);
    postsTotal += part.extras.posts.total;
    addNumbers(extras.posts.byChannel, part.extras.posts.byChannel);
    for (const [channel, columns] of Object.entries(part.extras.posts.byColumn)) {
      const into = extras.posts.byColumn[channel] ?? {};
      addNumbers(into, columns);
      extras.posts.byColumn[channel] = into;
    }
    feesFen += fen(part.extras.fees.totalYuan);
    feesCount += part.extras.fees.count;
    for (const [days, n] of part.extras.processingDays.distribution) {
      distribution.set(days, (distribution.get(days) ?? 0) + n);
    }
  }
  const consolidatedExtras: Extras = {
    ...extras,
    disclosures: { ...extras.disclosures, total: disclosuresTotal },
    posts: { ...extras.posts, total: postsTotal },
    fees: { count: feesCount, totalYuan: feesFen / 100 },
    processingDays: processingDaysOf([...distribution].sort(([a], [b]) => a - b)),
  };
  // 万元 sums: keep them to the fen (6 decimals of 万元).
  const charges = tables.proactive.charges;
  if (charges && 'amount_wan_yuan' in charges) {
    charges.amount_wan_yuan = Math.round((charges.amount_wan_yuan as number) * 1_000_000) / 1_000_000;
  }
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
      extras: consolidatedExtras,
      previous: previous && previous.year === year - 1 ? previous : undefined,
    }),
    ...streamFindings,
  ];
  return { agencyId, year, format, tables, extras: consolidatedExtras, findings };
}
