/** The shape of a national report format (国办公开办函〔2019〕60号 / 〔2021〕30号) kept as data. */
export type RowKind = 'section' | 'group' | 'data' | 'total';

export interface FormatRow {
  readonly id: string;
  readonly label: string;
  readonly parent: string | null;
  readonly kind: RowKind;
  /** Leaf column ids carried by the row (empty for section and group rows). */
  readonly columns: readonly string[];
  /** Section rows of `proactive`: the header line printed under the block title. */
  readonly header_cells?: readonly string[];
  readonly column_labels?: readonly string[];
}

export interface FormatColumn {
  readonly id: string;
  readonly label: string;
  readonly parent: string | null;
  readonly header_only?: boolean;
}

export interface FormatTable {
  readonly id: 'proactive' | 'requests' | 'reviews';
  readonly heading: string;
  readonly rows: readonly FormatRow[];
  readonly columns?: readonly FormatColumn[];
  readonly leaf_columns?: readonly string[];
  readonly column_groups?: readonly FormatColumn[];
  readonly corner_cell?: string;
  readonly grid: {
    readonly width: number;
    readonly label_columns?: number;
    readonly value_columns?: number;
    readonly merges: readonly string[];
  };
  readonly identities?: readonly string[];
  readonly units_note?: string;
  readonly layout_note?: string;
  readonly counting_note?: string;
}

export interface BodySection {
  readonly id: string;
  readonly heading: string;
  readonly requirement: string;
  readonly table?: string;
  readonly template_text?: string;
}

export interface NationalFormat {
  readonly format_version: '2019' | '2021';
  readonly title: string;
  readonly issued_by: string;
  readonly document_number: string;
  readonly signed: string;
  readonly applies_to_report_years: string;
  readonly sources: readonly { readonly what: string; readonly address: string }[];
  readonly body_sections: readonly BodySection[];
  readonly tables: readonly FormatTable[];
  readonly value_conventions: Readonly<Record<string, string>>;
}
