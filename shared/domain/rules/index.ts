/**
 * Consistency rules on the national tables. They run on any table: computed by the fold, or read from a
 * hand-made xlsx. Each rule has a stable id, a severity and a message naming the cells involved; the set
 * is versioned so a published report records which rules it passed.
 */
import { APPLICANT_TYPES } from '../contract.ts';
import {
  byRuntimeIds,
  type FormatVersion,
  getTable,
  outcomeRows,
  type Tables,
  valueRows,
} from '../formats/index.ts';
import type { CellRef, Extras, Finding, Severity } from '../statistics/types.ts';
import { catalogued, FINDING_CATALOGUE, RULE_IDS, type RuleId } from './catalogue.ts';

/** Bump when a rule is added, removed or changes meaning. */
export const RULES_VERSION = '2026.12.1';

/** Default share of 其他处理 among all outcomes above which the 主管部门 would look into it. */
export const DEFAULT_OTHER_SHARE_THRESHOLD = 0.1;

export interface RuleInput {
  readonly year: number;
  readonly format: FormatVersion;
  readonly tables: Tables;
  /** Present for computed statistics; a table read from a spreadsheet has none. */
  readonly extras?: Extras | undefined;
  /** The previous year's tables, for the rules across years. */
  readonly previous?:
    | { readonly year: number; readonly format: FormatVersion; readonly tables: Tables }
    | undefined;
  readonly otherShareThreshold?: number | undefined;
}

export interface Rule {
  readonly id: RuleId;
  readonly severity: Severity;
  readonly description: string;
  readonly check: (input: RuleInput) => Finding[];
}

const LEAF_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;

const value = (tables: Tables, table: keyof Tables, row: string, column: string): number =>
  byRuntimeIds(tables[table])[row]?.[column] ?? 0;

const cell = (table: keyof Tables, row: string, column: string, year?: number): CellRef =>
  year === undefined ? { table, row, column } : { table, row, column, year };

/** Up to 6 decimals, so money in 万元 compares without float noise. */
const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;

function finding(rule: Pick<Rule, 'id' | 'severity'>, message: string, cells: CellRef[]): Finding {
  return { ruleId: rule.id, severity: rule.severity, message, cells };
}

const requestsBalance: Rule = {
  ...catalogued('requests.balance'),
  check: ({ tables }) =>
    LEAF_COLUMNS.flatMap((c) => {
      const received = value(tables, 'requests', 'received', c);
      const carriedOver = value(tables, 'requests', 'carried_over', c);
      const decided = value(tables, 'requests', 'decided_total', c);
      const forward = value(tables, 'requests', 'carried_forward', c);
      if (same(received + carriedOver, decided + forward)) return [];
      return [
        finding(
          requestsBalance,
          `column ${c}: 新收 ${received} + 上年结转 ${carriedOver} = ${received + carriedOver}, but 办理结果总计 ${decided} + 结转下年度 ${forward} = ${decided + forward}`,
          ['received', 'carried_over', 'decided_total', 'carried_forward'].map((r) => cell('requests', r, c)),
        ),
      ];
    }),
};

const requestsRowTotal: Rule = {
  ...catalogued('requests.row-total'),
  check: ({ tables, format }) =>
    valueRows(getTable(format, 'requests')).flatMap((row) => {
      const parts = APPLICANT_TYPES.reduce((sum, c) => sum + value(tables, 'requests', row.id, c), 0);
      const total = value(tables, 'requests', row.id, 'total');
      if (same(parts, total)) return [];
      return [
        finding(
          requestsRowTotal,
          `row ${row.id} (${row.label}): 总计 ${total}, but its applicant columns add up to ${parts}`,
          LEAF_COLUMNS.map((c) => cell('requests', row.id, c)),
        ),
      ];
    }),
};

const requestsDecidedTotal: Rule = {
  ...catalogued('requests.decided-total'),
  check: ({ tables, format }) => {
    const rows = outcomeRows(format);
    return LEAF_COLUMNS.flatMap((c) => {
      const parts = rows.reduce((sum, r) => sum + value(tables, 'requests', r.id, c), 0);
      const total = value(tables, 'requests', 'decided_total', c);
      if (same(parts, total)) return [];
      return [
        finding(
          requestsDecidedTotal,
          `column ${c}: （七）总计 ${total}, but the outcome rows add up to ${parts}`,
          [...rows.map((r) => cell('requests', r.id, c)), cell('requests', 'decided_total', c)],
        ),
      ];
    });
  },
};

const reviewsTotal: Rule = {
  ...catalogued('reviews.total'),
  check: ({ tables, format }) =>
    valueRows(getTable(format, 'reviews')).flatMap((row) => {
      const parts = ['upheld', 'corrected', 'other', 'pending'].reduce(
        (sum, c) => sum + value(tables, 'reviews', row.id, c),
        0,
      );
      const total = value(tables, 'reviews', row.id, 'total');
      if (same(parts, total)) return [];
      return [
        finding(
          reviewsTotal,
          `${row.label}: 总计 ${total}, but 维持 + 纠正 + 其他 + 尚未审结 = ${parts}`,
          ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => cell('reviews', row.id, c)),
        ),
      ];
    }),
};

const cellsWellFormed: Rule = {
  ...catalogued('cells.well-formed'),
  check: ({ tables }) => {
    const out: Finding[] = [];
    for (const table of ['proactive', 'requests', 'reviews'] as const) {
      for (const [row, cells] of Object.entries(byRuntimeIds(tables[table]))) {
        for (const [column, v] of Object.entries(cells)) {
          const money = column === 'amount_wan_yuan' || column === 'amount_yuan';
          const signed = column === 'change';
          if (!Number.isFinite(v) || (!signed && v < 0) || (!money && !Number.isInteger(v))) {
            out.push(
              finding(
                cellsWellFormed,
                `${table} ${row} ${column}: ${v} is not a ${money ? 'sum ≥ 0' : 'count ≥ 0'}`,
                [cell(table, row, column)],
              ),
            );
          }
        }
      }
    }
    return out;
  },
};

const carryOver: Rule = {
  ...catalogued('requests.carry-over'),
  check: ({ tables, previous, year }) => {
    if (!previous || previous.year !== year - 1) return [];
    return LEAF_COLUMNS.flatMap((c) => {
      const now = value(tables, 'requests', 'carried_over', c);
      const before = value(previous.tables, 'requests', 'carried_forward', c);
      if (same(now, before)) return [];
      return [
        finding(
          carryOver,
          `column ${c}: 上年结转 ${now} in ${year}, but 结转下年度 ${before} in ${previous.year}`,
          [cell('requests', 'carried_over', c), cell('requests', 'carried_forward', c, previous.year)],
        ),
      ];
    });
  },
};

const otherShare: Rule = {
  ...catalogued('requests.other-share'),
  check: ({ tables, format, otherShareThreshold }) => {
    const threshold = otherShareThreshold ?? DEFAULT_OTHER_SHARE_THRESHOLD;
    const decided = value(tables, 'requests', 'decided_total', 'total');
    const otherRows = outcomeRows(format).filter((r) => r.id === 'other' || r.id.startsWith('other.'));
    const other = otherRows.reduce((sum, r) => sum + value(tables, 'requests', r.id, 'total'), 0);
    if (decided === 0 || other / decided <= threshold) return [];
    const share = Math.round((other / decided) * 1000) / 10;
    return [
      finding(
        otherShare,
        `其他处理 ${other} of ${decided} outcomes (${share}%), above ${threshold * 100}%: every application should in principle get a statutory outcome`,
        [
          ...otherRows.map((r) => cell('requests', r.id, 'total')),
          cell('requests', 'decided_total', 'total'),
        ],
      ),
    ];
  },
};

const inForceContinuity: Rule = {
  ...catalogued('proactive.in-force-continuity'),
  check: ({ tables, format, previous, year }) => {
    if (format !== '2021') return [];
    const out: Finding[] = [];
    for (const kind of ['rule', 'normative_document']) {
      const inForce = value(tables, 'proactive', kind, 'in_force');
      if (inForce < 0) {
        out.push(
          finding(
            { id: inForceContinuity.id, severity: 'error' },
            `${kind}: 现行有效件数 ${inForce} is below zero (more repealed than ever declared or issued)`,
            [cell('proactive', kind, 'in_force')],
          ),
        );
      }
      if (!previous || previous.year !== year - 1 || previous.format !== '2021') continue;
      const expected =
        value(previous.tables, 'proactive', kind, 'in_force') +
        value(tables, 'proactive', kind, 'issued') -
        value(tables, 'proactive', kind, 'repealed');
      if (!same(expected, inForce)) {
        out.push(
          finding(
            inForceContinuity,
            `${kind}: 现行有效件数 ${inForce}, but ${previous.year}'s ${value(previous.tables, 'proactive', kind, 'in_force')} + 制发 − 废止 gives ${expected} (a new stock declaration?)`,
            [
              cell('proactive', kind, 'in_force'),
              cell('proactive', kind, 'in_force', previous.year),
              cell('proactive', kind, 'issued'),
              cell('proactive', kind, 'repealed'),
            ],
          ),
        );
      }
    }
    return out;
  },
};

const listedPartsExplainTotal: Rule = {
  ...catalogued('extras.listed-parts-explain-total'),
  check: ({ extras }) => {
    if (!extras) return [];
    const out: Finding[] = [];
    for (const [channel, columns] of Object.entries(extras.posts.byColumn)) {
      const listed = Object.values(columns).reduce((sum, n) => sum + n, 0);
      const total = Object.hasOwn(extras.posts.byChannel, channel)
        ? extras.posts.byChannel[channel as keyof typeof extras.posts.byChannel]
        : 0;
      if (listed < total) {
        out.push(
          finding(
            listedPartsExplainTotal,
            `${channel}: ${total} posts, but the named columns list only ${listed}; ${total - listed} are in no column`,
            [],
          ),
        );
      }
    }
    return out;
  },
};

/** Every table rule, in the order findings are reported. */
export const TABLE_RULES: readonly Rule[] = [
  requestsBalance,
  requestsRowTotal,
  requestsDecidedTotal,
  reviewsTotal,
  cellsWellFormed,
  carryOver,
  otherShare,
  inForceContinuity,
  listedPartsExplainTotal,
];

/** The roll-up's own rule (shared/domain/statistics/rollup.ts): the parts state a metric in different units. */
export const METRIC_UNITS_DIFFER_RULE = {
  ...catalogued('rollup.metric-units-differ'),
} as const satisfies Pick<Rule, 'id' | 'severity' | 'description'>;

/** Every finding id with its severity and Chinese description, for findings.html, docs and manifests. */
export function ruleCatalogue(): { id: RuleId; severity: Severity; description: string }[] {
  return RULE_IDS.map((id) => ({ id, ...FINDING_CATALOGUE[id] }));
}

/** Runs every table rule. */
export function runRules(input: RuleInput): Finding[] {
  return TABLE_RULES.flatMap((rule) => rule.check(input));
}

export { FINDING_CATALOGUE, isRuleId, RULE_IDS, type RuleId } from './catalogue.ts';
export { type StreamAnomaly, streamFinding } from './stream.ts';
