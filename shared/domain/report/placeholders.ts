/**
 * Placeholders in the sentences an office writes into its template: `{{requests.received.total}}`,
 * `{{posts.byColumn.website.警方要闻}}`, `{{metrics.wechat_followers}}`, sums and differences
 * (`{{reviews.litigation_direct.total + reviews.litigation_after_reconsideration.total}}`), the names of the
 * largest entries of a count (`{{requestsBySubject | top 3}}`) and words (`{{agency}}`, `{{year}}`).
 *
 * Two steps, both pure: `parsePlaceholders` checks a text against the vocabulary of figures once, when the
 * template is validated (an unknown name is refused with its reason); `resolve` reads the figures of one
 * agency-year, and reports a figure the year does not have (a metric never declared, a column with no posts)
 * as missing rather than printing a 0 nobody stated.
 */
import { type FormatVersion, getTable, type TableId } from '../formats/index.ts';
import { CHANNELS, INTERPRETATION_FORMS, PUBLICATION_CHANNELS, REVIEW_KINDS } from '../vocabulary.ts';

/** Words a template may print: the agency's name, the report year and the national format's names. */
export const TEXT_VARIABLES = [
  'agency',
  'year',
  'previous_year',
  'next_year',
  'format_title',
  'format_document_number',
] as const;
export type TextVariable = (typeof TEXT_VARIABLES)[number];

/** A number the statistics hold: a table cell, or a path into `extras`. */
export type NumberRef =
  | { readonly kind: 'cell'; readonly table: TableId; readonly row: string; readonly column: string }
  | {
      readonly kind: 'extra';
      readonly path: readonly string[];
      readonly display: 'count' | 'money' | 'number';
    };

export type Placeholder =
  | { readonly kind: 'text'; readonly name: TextVariable }
  /** Σ sign × term. */
  | { readonly kind: 'number'; readonly terms: readonly { readonly sign: 1 | -1; readonly ref: NumberRef }[] }
  /** The names of the `count` largest entries of a count by name (largest first, then by name). */
  | { readonly kind: 'top'; readonly path: readonly string[]; readonly count: number };

export type TextPart = string | { readonly placeholder: Placeholder; readonly source: string };

const ANY = '*';
/**
 * The figures of `extras` a template may name, as path patterns: a fixed key, a list of allowed keys, or ANY
 * (a name the office chose: a category, a column, a subject, a metric key). `map` marks a count by name that
 * `top N` can list.
 */
interface ExtraPattern {
  readonly path: readonly (string | readonly string[])[];
  readonly display?: 'money';
  readonly map?: boolean;
}
const EXTRA_PATTERNS: readonly ExtraPattern[] = [
  { path: ['requestsByChannel', CHANNELS] },
  { path: ['disclosures', 'total'] },
  { path: ['disclosures', 'byCategory', ANY] },
  { path: ['disclosures', 'byChannel', PUBLICATION_CHANNELS] },
  { path: ['posts', 'total'] },
  { path: ['posts', 'byChannel', PUBLICATION_CHANNELS] },
  { path: ['posts', 'byColumn', PUBLICATION_CHANNELS, ANY] },
  { path: ['fees', 'count'] },
  { path: ['fees', 'totalYuan'], display: 'money' },
  { path: ['processingDays', ['decided', 'median', 'max']] },
  { path: ['metrics', ANY] },
  { path: ['requestsBySubject', ANY] },
  { path: ['reviewsByReason', REVIEW_KINDS, ANY] },
  { path: ['interpretations', 'total'] },
  { path: ['interpretations', 'byForm', INTERPRETATION_FORMS] },
  { path: ['pressConferences'] },
  { path: ['concernResponses'] },
  { path: ['trainings', ['count', 'attendees']] },
];

/** Paths ending in a count by name, for `top N`. */
const MAP_PATTERNS: readonly (readonly (string | readonly string[])[])[] = [
  ['disclosures', 'byCategory'],
  ['posts', 'byColumn', PUBLICATION_CHANNELS],
  ['requestsBySubject'],
  ['reviewsByReason', REVIEW_KINDS],
];

const TABLES: readonly TableId[] = ['proactive', 'requests', 'reviews'];

const matches = (segments: readonly string[], pattern: readonly (string | readonly string[])[]) =>
  segments.length === pattern.length &&
  pattern.every((p, i) => {
    const s = segments[i]!;
    if (p === ANY) return s.length > 0;
    return typeof p === 'string' ? s === p : p.includes(s);
  });

/**
 * The data rows a row id stands for in a format: itself when it carries data, else the data rows under it
 * (a group such as `withheld` is the sum of its reasons, as the national tables add them up).
 */
export function dataRowsOf(version: FormatVersion, table: TableId, row: string): string[] {
  const rows = getTable(version, table).rows;
  const found = rows.find((r) => r.id === row);
  if (!found) return [];
  if (found.columns.length > 0) return [row];
  return rows.filter((r) => r.parent === row).flatMap((r) => dataRowsOf(version, table, r.id));
}

/** Whether a row (or the rows under it) carries the column in either national format: a template serves both. */
function cellExists(table: TableId, row: string, column: string): boolean {
  return (['2019', '2021'] as const).some((version) => {
    const rows = dataRowsOf(version, table, row);
    const columns = getTable(version, table).rows.filter((r) => rows.includes(r.id));
    return columns.length > 0 && columns.every((r) => r.columns.includes(column));
  });
}

function numberRef(segments: readonly string[]): NumberRef | string {
  const [head] = segments;
  if (TABLES.includes(head as TableId)) {
    // Row ids may hold dots (withheld.state_secret): the column is the last part, the row what is between.
    if (segments.length < 3) return `a table cell is named table.row.column, e.g. requests.received.total`;
    const row = segments.slice(1, -1).join('.');
    const column = segments.at(-1)!;
    if (!cellExists(head as TableId, row, column)) return `no cell ${row} / ${column} in the ${head} table`;
    return { kind: 'cell', table: head as TableId, row, column };
  }
  const pattern = EXTRA_PATTERNS.find((p) => matches(segments, p.path));
  if (!pattern) return 'not a figure of the statistics (see docs/templates.md for the names)';
  // A declared metric is {label, unit, value}: the placeholder names its value.
  if (head === 'metrics') return { kind: 'extra', path: [...segments, 'value'], display: 'number' };
  return { kind: 'extra', path: segments, display: pattern.display ?? 'count' };
}

/** `a.b.c` → segments; a segment may hold any character but `.`, `{`, `}`, `|`, `+`. */
function pathOf(text: string): readonly string[] | string {
  const segments = text.split('.').map((s) => s.trim());
  if (segments.some((s) => s.length === 0)) return 'a name has an empty part';
  return segments;
}

/** One placeholder's inside, or the reason it is not one. */
export function parsePlaceholder(inside: string): Placeholder | string {
  const [expression = '', filter, ...rest] = inside.split('|').map((s) => s.trim());
  if (rest.length > 0) return 'at most one filter (| top N)';
  if (filter !== undefined) {
    const top = /^top\s+([1-9]|10)$/u.exec(filter);
    if (!top) return `unknown filter "${filter}" (the one filter is "top N", N from 1 to 10)`;
    const path = pathOf(expression);
    if (typeof path === 'string') return path;
    if (!MAP_PATTERNS.some((p) => matches(path, p))) {
      return `"top N" lists a count by name: disclosures.byCategory, posts.byColumn.<channel>, requestsBySubject, reviewsByReason.<kind>`;
    }
    return { kind: 'top', path, count: Number(top[1]) };
  }
  if ((TEXT_VARIABLES as readonly string[]).includes(expression)) {
    return { kind: 'text', name: expression as TextVariable };
  }
  const terms: { sign: 1 | -1; ref: NumberRef }[] = [];
  // Split on + and − that stand between terms (a name never holds them).
  const pieces = expression.split(/\s*([+-])\s*/u);
  for (let i = 0; i < pieces.length; i += 2) {
    const sign = i === 0 ? 1 : pieces[i - 1] === '-' ? -1 : 1;
    const term = pieces[i]!;
    if ((TEXT_VARIABLES as readonly string[]).includes(term)) return `${term} is a word and cannot be added`;
    const path = pathOf(term);
    if (typeof path === 'string') return path;
    const ref = numberRef(path);
    if (typeof ref === 'string') return `${term}: ${ref}`;
    terms.push({ sign, ref });
  }
  return { kind: 'number', terms };
}

export interface PlaceholderIssue {
  readonly placeholder: string;
  readonly reason: string;
}

/** A text split into literal parts and placeholders; every placeholder that is not one is listed. */
export function parsePlaceholders(text: string): { parts: TextPart[]; issues: PlaceholderIssue[] } {
  const parts: TextPart[] = [];
  const issues: PlaceholderIssue[] = [];
  let at = 0;
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/gu)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    const parsed = parsePlaceholder(match[1]!.trim());
    if (typeof parsed === 'string') issues.push({ placeholder: match[0], reason: parsed });
    else parts.push({ placeholder: parsed, source: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  const stray = text.replace(/\{\{[^{}]*\}\}/gu, '');
  if (stray.includes('{{') || stray.includes('}}')) {
    issues.push({ placeholder: text, reason: 'unbalanced {{ or }}' });
  }
  return { parts, issues };
}
