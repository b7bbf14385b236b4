/**
 * Generated sentences: text assembled from literal parts and figures, each figure keeping the cells
 * (or extras) it was read from, so that a test can hold every printed number against its source.
 */
import { byRuntimeIds, type TableId } from '../formats/index.ts';
import type { AgencyYearStatistics } from '../statistics/types.ts';

export type FigureSource =
  | {
      readonly kind: 'cell';
      readonly year: number;
      readonly table: TableId;
      readonly row: string;
      readonly column: string;
    }
  /**
   * A path into `stats.extras`: `keys` (a key may hold any character, a `.` too), and `path` the keys joined
   * by dots for people (e.g. `fees.totalYuan`, `posts.byColumn.website.警方要闻`).
   */
  | { readonly kind: 'extra'; readonly year: number; readonly path: string; readonly keys: readonly string[] }
  /** A value passed to the report besides the statistics (e.g. `timeliness.shareOnTime`). */
  | { readonly kind: 'input'; readonly path: string; readonly value: number };

/**
 * `value`: the one source; `sum`: the sum of the sources; `change`: |Σ sources of the later year −
 * Σ sources of the earlier year| (the direction is in the words).
 */
export type FigureOp = 'value' | 'sum' | 'change';
/**
 * `count`: integer; `money`: 2 decimals unless whole; `percent`: value × 100 with 1 decimal; `number`: as
 * declared, at most 2 decimals (a metric: 1860.5万人次).
 */
export type FigureDisplay = 'count' | 'money' | 'percent' | 'number';

export interface Figure {
  readonly value: number;
  readonly text: string;
  readonly op: FigureOp;
  readonly display: FigureDisplay;
  readonly sources: readonly FigureSource[];
  /** With `sum`: the sign of each source (a difference such as 收到 − 结转); all + when absent. */
  readonly signs?: readonly (1 | -1)[];
}

export interface Sentence {
  readonly text: string;
  /** In the order they appear in `text`. */
  readonly figures: readonly Figure[];
}

export function displayNumber(value: number, display: FigureDisplay): string {
  if (display === 'percent') return (value * 100).toFixed(1);
  if (display === 'money') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (display === 'number') return String(Math.round(value * 100) / 100);
  return String(value);
}

export function figure(
  value: number,
  op: FigureOp,
  sources: readonly FigureSource[],
  display: FigureDisplay = 'count',
): Figure {
  return { value, text: displayNumber(value, display), op, display, sources };
}

/** A figure passed to the report besides the statistics (e.g. `timeliness.shareOnTime`). */
export function inputFigure(path: string, value: number, display: FigureDisplay): Figure {
  return figure(value, 'value', [{ kind: 'input', path, value }], display);
}

export function sentence(...parts: readonly (string | Figure)[]): Sentence {
  let text = '';
  const figures: Figure[] = [];
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else {
      text += part.text;
      figures.push(part);
    }
  }
  return { text, figures };
}

/** Reads figures from one agency-year's statistics. */
export class FigureReader {
  constructor(private readonly stats: AgencyYearStatistics) {}

  cellSource(table: TableId, row: string, column: string): FigureSource {
    return { kind: 'cell', year: this.stats.year, table, row, column };
  }

  read(source: FigureSource): number {
    if (source.kind === 'input') return source.value;
    if (source.kind === 'cell')
      return byRuntimeIds(this.stats.tables[source.table])[source.row]?.[source.column] ?? 0;
    return extraValue(this.stats, source.keys) ?? 0;
  }

  /** Whether the statistics hold the figure (a name the office chose may be absent in a year). */
  has(source: FigureSource): boolean {
    return source.kind !== 'extra' || extraValue(this.stats, source.keys) !== undefined;
  }

  /** One table cell. */
  cell(table: TableId, row: string, column: string, display: FigureDisplay = 'count'): Figure {
    const source = this.cellSource(table, row, column);
    return figure(this.read(source), 'value', [source], display);
  }

  /** The sum of several cells. */
  sumCells(cells: readonly (readonly [TableId, string, string])[]): Figure {
    return this.total(cells.map(([t, r, c]) => this.cellSource(t, r, c)));
  }

  /** The sources added up, as one figure (`value` when there is one source). */
  total(sources: readonly FigureSource[], display: FigureDisplay = 'count'): Figure {
    const value = sources.reduce((n, s) => n + this.read(s), 0);
    return figure(value, sources.length === 1 ? 'value' : 'sum', sources, display);
  }

  extraSource(keys: readonly string[]): FigureSource {
    return { kind: 'extra', year: this.stats.year, path: keys.join('.'), keys };
  }

  extra(keys: readonly string[], display: FigureDisplay = 'count'): Figure {
    const source = this.extraSource(keys);
    return figure(this.read(source), 'value', [source], display);
  }
}

/**
 * What stands at a path of `extras`, or undefined. Own properties only: a name from outside (a category called
 * `constructor`) must never reach a built-in of Object.prototype.
 */
export function extraAt(stats: AgencyYearStatistics, keys: readonly string[]): unknown {
  let node: unknown = stats.extras;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The number at a path of `extras`, or undefined. */
function extraValue(stats: AgencyYearStatistics, keys: readonly string[]): number | undefined {
  const node = extraAt(stats, keys);
  return typeof node === 'number' ? node : undefined;
}
