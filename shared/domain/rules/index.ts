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
import { PUBLICATION_CHANNEL_LABELS } from '../report/labels.ts';
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

/** The names people read in a finding: columns, tables, document kinds, channels. */
const COLUMN_NAMES: Readonly<Record<string, string>> = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_service: '法律服务机构',
  other_org: '其他',
  total: '总计',
};
const columnName = (column: string) => COLUMN_NAMES[column] ?? column;
const TABLE_NAMES: Readonly<Record<string, string>> = {
  proactive: '主动公开',
  requests: '依申请公开',
  reviews: '复议诉讼',
};
const KIND_NAMES: Readonly<Record<string, string>> = { rule: '规章', normative_document: '行政规范性文件' };
const CHANNEL_NAMES = PUBLICATION_CHANNEL_LABELS;

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
          `“${columnName(c)}”列：本年新收${received} + 上年结转${carriedOver} = ${received + carriedOver}，而办理结果总计${decided} + 结转下年度${forward} = ${decided + forward}，两者应当相等`,
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
          `“${row.label}”行：总计${total}，而各类申请人之和为${parts}`,
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
          `“${columnName(c)}”列：（七）总计${total}，而各项办理结果之和为${parts}`,
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
          `${row.label}：总计${total}，而结果维持、结果纠正、其他结果、尚未审结之和为${parts}`,
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
                `${TABLE_NAMES[table]}表${row}行${column}列：${v}${money ? '不是不小于0的金额' : '不是不小于0的整数'}`,
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
          `“${columnName(c)}”列：${year}年上年结转${now}件，而${previous.year}年结转下年度${before}件，两者应当相等`,
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
        `其他处理${other}件，占办理结果${decided}件的${share}%，超过${threshold * 100}%：原则上所有申请都应当按照法定的处理方式作出处理`,
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
            `${KIND_NAMES[kind]}：现行有效件数${inForce}小于0（废止件数多于申报和制发件数）`,
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
            `${KIND_NAMES[kind]}：现行有效件数${inForce}，而${previous.year}年的${value(previous.tables, 'proactive', kind, 'in_force')}件加本年制发、减本年废止为${expected}件（是否重新申报了现行有效件数？）`,
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
            `${CHANNEL_NAMES[channel as keyof typeof CHANNEL_NAMES] ?? channel}发布信息${total}条，列明的栏目只有${listed}条，另有${total - listed}条未注明栏目`,
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
