/**
 * Anomalies in the event stream. They never reject an event (validation looks at one event alone); the
 * fold notes them and they become warnings, one finding per kind and year, naming the entities involved.
 */
import type { Finding } from '../statistics/types.ts';
import type { RuleId } from './catalogue.ts';

export type StreamAnomalyKind =
  | 'decision-without-receipt'
  | 'receipt-applicant-types-differ'
  | 'several-plain-decisions'
  | 'decision-before-receipt'
  | 'conclusion-without-filing'
  | 'case-kinds-differ'
  | 'case-concluded-twice'
  | 'event-conflict'
  | 'metric-units-differ';

export interface StreamAnomaly {
  readonly kind: StreamAnomalyKind;
  /** The request, case or event concerned. */
  readonly id: string;
  /** A row the anomaly touches, where one is known. */
  readonly row?: string;
  readonly detail?: string;
}

interface StreamRule {
  readonly id: RuleId;
  /** The table whose rows the anomalies name, if any. */
  readonly table: 'requests' | 'reviews' | undefined;
  readonly describe: (count: number) => string;
}

/** At most this many ids are named in one finding's message. */
const MAX_NAMED = 10;

export const STREAM_RULES: Record<StreamAnomalyKind, StreamRule> = {
  'decision-without-receipt': {
    id: 'stream.decision-without-receipt',
    table: 'requests',
    describe: (n) =>
      `${n} decision(s) for requests never received; they are not counted until the receipt arrives`,
  },
  'receipt-applicant-types-differ': {
    id: 'stream.receipt-applicant-types-differ',
    table: 'requests',
    describe: (n) =>
      `${n} request(s) received twice with different applicant types; the earliest receipt is counted`,
  },
  'several-plain-decisions': {
    id: 'stream.several-plain-decisions',
    table: 'requests',
    describe: (n) =>
      `${n} request(s) with more than one plain decision; the latest is counted (send a correction to replace one)`,
  },
  'decision-before-receipt': {
    id: 'stream.decision-before-receipt',
    table: 'requests',
    describe: (n) => `${n} request(s) decided before they were received; counted in the year of receipt`,
  },
  'conclusion-without-filing': {
    id: 'stream.conclusion-without-filing',
    table: 'reviews',
    describe: (n) => `${n} review case(s) concluded but never filed; they are not counted`,
  },
  'case-kinds-differ': {
    id: 'stream.case-kinds-differ',
    table: 'reviews',
    describe: (n) => `${n} review case(s) filed twice with different kinds; the earliest filing is counted`,
  },
  'case-concluded-twice': {
    id: 'stream.case-concluded-twice',
    table: 'reviews',
    describe: (n) => `${n} review case(s) concluded more than once; the latest conclusion is counted`,
  },
  'event-conflict': {
    id: 'stream.event-conflict',
    table: 'requests',
    describe: (n) => `${n} eventId(s) used for different event bodies; one body is kept, the others ignored`,
  },
  'metric-units-differ': {
    id: 'stream.metric-units-differ',
    table: undefined,
    describe: (n) => `同一年度以不同计量单位申报的数据 ${n} 项，采用最后一次申报的数值和单位`,
  },
};

/** One warning per anomaly kind, listing the first ids (sorted, so the message is order-independent). */
export function streamFinding(anomalies: readonly StreamAnomaly[]): Finding[] {
  const byKind = new Map<StreamAnomalyKind, StreamAnomaly[]>();
  for (const a of anomalies) {
    const list = byKind.get(a.kind) ?? [];
    list.push(a);
    byKind.set(a.kind, list);
  }
  const findings: Finding[] = [];
  for (const [kind, list] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    const rule = STREAM_RULES[kind];
    const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const named = sorted
      .slice(0, MAX_NAMED)
      .map((a) => (a.detail ? `${a.id} (${a.detail})` : a.id))
      .join(', ');
    const more = sorted.length > MAX_NAMED ? ` and ${sorted.length - MAX_NAMED} more` : '';
    const rows = [...new Set(sorted.map((a) => a.row).filter((r): r is string => r !== undefined))].sort();
    findings.push({
      ruleId: rule.id,
      severity: 'warning',
      message: `${rule.describe(sorted.length)}: ${named}${more}`,
      cells: rule.table
        ? rows.map((row) => ({ table: rule.table as 'requests' | 'reviews', row, column: 'total' }))
        : [],
    });
  }
  return findings;
}
