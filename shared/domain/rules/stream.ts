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
    describe: (n) => `${n}件申请有办理决定但从未收到受理事件，收到前不计入统计`,
  },
  'receipt-applicant-types-differ': {
    id: 'stream.receipt-applicant-types-differ',
    table: 'requests',
    describe: (n) => `${n}件申请两次受理的申请人类型不同，按最早的受理计算`,
  },
  'several-plain-decisions': {
    id: 'stream.several-plain-decisions',
    table: 'requests',
    describe: (n) => `${n}件申请有多个普通办理决定，按最晚的计算（如需替换，请发送更正决定）`,
  },
  'decision-before-receipt': {
    id: 'stream.decision-before-receipt',
    table: 'requests',
    describe: (n) => `${n}件申请的办理决定早于受理，按受理年度计算`,
  },
  'conclusion-without-filing': {
    id: 'stream.conclusion-without-filing',
    table: 'reviews',
    describe: (n) => `${n}件复议诉讼案件有审结但没有立案，不计入统计`,
  },
  'case-kinds-differ': {
    id: 'stream.case-kinds-differ',
    table: 'reviews',
    describe: (n) => `${n}件复议诉讼案件两次立案的类别不同，按最早的立案计算`,
  },
  'case-concluded-twice': {
    id: 'stream.case-concluded-twice',
    table: 'reviews',
    describe: (n) => `${n}件复议诉讼案件多次审结，按最晚的审结计算`,
  },
  'event-conflict': {
    id: 'stream.event-conflict',
    table: 'requests',
    describe: (n) => `${n}个事件编号（eventId）对应不同的事件内容，只保留其中一个，其余不计`,
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
      .map((a) => (a.detail ? `${a.id}（${a.detail}）` : a.id))
      .join('、');
    const more = sorted.length > MAX_NAMED ? `等${sorted.length}项` : '';
    const rows = [...new Set(sorted.map((a) => a.row).filter((r): r is string => r !== undefined))].sort();
    findings.push({
      ruleId: rule.id,
      severity: 'warning',
      message: `${rule.describe(sorted.length)}：${named}${more}`,
      cells: rule.table
        ? rows.map((row) => ({ table: rule.table as 'requests' | 'reviews', row, column: 'total' }))
        : [],
    });
  }
  return findings;
}
