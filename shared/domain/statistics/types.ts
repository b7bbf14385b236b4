import type { Channel, InterpretationForm, PublicationChannel, ReviewKind } from '../contract.ts';
import type { FormatVersion, TableId, Tables } from '../formats/index.ts';
import type { RuleId } from '../rules/catalogue.ts';

export type Severity = 'error' | 'warning';
export type { RuleId } from '../rules/catalogue.ts';

/** A cell a finding points at: `tables[table][row][column]` of the given year (the entry's year if absent). */
export interface CellRef {
  readonly table: TableId;
  readonly row: string;
  readonly column: string;
  readonly year?: number;
}

/** The outcome of one consistency rule on one agency-year. */
export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly message: string;
  readonly cells: readonly CellRef[];
}

/**
 * Figures the report body states besides the national tables. Every map keyed by outside text (a category,
 * a column, a subject, a metric key …) is a null-prototype object in computed statistics, so a text such as
 * `toString` or `__proto__` is a key like any other; statistics read back from JSON hold them as own
 * properties: read them with Object.entries / Object.hasOwn, never by a plain lookup of an absent key.
 */
export interface Extras {
  /** Requests received this year, by channel of receipt. */
  readonly requestsByChannel: Record<Channel, number>;
  /** Proactive disclosures first published this year and not withdrawn. */
  readonly disclosures: {
    readonly total: number;
    readonly byCategory: Record<string, number>;
    /** An item published on two channels counts once in each. */
    readonly byChannel: Record<PublicationChannel, number>;
  };
  /** Platform posts published this year. */
  readonly posts: {
    readonly total: number;
    readonly byChannel: Record<PublicationChannel, number>;
    /** channel → column → posts; posts sent without a column are only in byChannel. */
    readonly byColumn: Record<string, Record<string, number>>;
  };
  /** 信息处理费 charged this year (request.fee_charged). */
  readonly fees: { readonly count: number; readonly totalYuan: number };
  /** Calendar days from receipt to decision, for the requests decided this year. */
  readonly processingDays: {
    readonly decided: number;
    readonly median: number | null;
    readonly max: number | null;
    /** [days, requests] pairs, ascending: lets a consolidation compute the median of several agencies. */
    readonly distribution: readonly (readonly [number, number])[];
  };
  /** Figures the office declared for this year (metric.declared), latest declaration per key. Null-prototype. */
  readonly metrics: Readonly<
    Record<string, { readonly label: string; readonly unit: string; readonly value: number }>
  >;
  /** Requests received this year that carry a subject, by subject. Null-prototype. */
  readonly requestsBySubject: Readonly<Record<string, number>>;
  /** Review cases filed this year that carry a reason, by kind then reason. Inner maps null-prototype. */
  readonly reviewsByReason: Readonly<Record<ReviewKind, Readonly<Record<string, number>>>>;
  readonly interpretations: {
    readonly total: number;
    readonly byForm: Readonly<Record<InterpretationForm, number>>;
  };
  readonly pressConferences: number;
  readonly concernResponses: number;
  readonly trainings: { readonly count: number; readonly attendees: number };
}

/** The statistics of one agency for one report year. */
export interface AgencyYearStatistics {
  readonly agencyId: string;
  readonly year: number;
  readonly format: FormatVersion;
  readonly tables: Tables;
  readonly extras: Extras;
  readonly findings: readonly Finding[];
}
