/**
 * Table row and column ids, section ids and finding ids are typed from the format data and the rule
 * catalogue: a typo is a compile error (`npm run typecheck` checks the `@ts-expect-error` lines below), and
 * the runtime checks here keep the types honest against the data they are derived from.
 */
import { describe, expect, it } from 'vitest';
import {
  type ColumnId,
  emptyTables,
  getFormat,
  getTable,
  type RowId,
  type SectionId,
  TABLE_IDS,
  type Tables,
  valueRows,
} from '../../shared/domain/formats/index.ts';

describe('typed table ids', () => {
  it('reject a misspelt row, column or section id at compile time', () => {
    const tables: Tables = emptyTables('2021');
    // @ts-expect-error a typo of 'received'
    expect(tables.requests.recieved).toBeUndefined();
    // @ts-expect-error a typo of 'natural_person'
    expect(tables.requests.received?.natural_persons).toBeUndefined();
    // @ts-expect-error a row of another table
    expect(tables.reviews.received).toBeUndefined();
    const row: RowId<'requests'> = 'carried_forward';
    const column: ColumnId<'requests'> = 'total';
    expect(tables.requests[row]?.[column]).toBe(0);
    // @ts-expect-error no section s7
    const section: SectionId = 's7';
    expect(section).toBe('s7');
  });

  it('cover every value row and column of both formats', () => {
    for (const version of ['2019', '2021'] as const) {
      const tables = emptyTables(version);
      for (const id of TABLE_IDS) {
        const rows = valueRows(getTable(version, id));
        expect(Object.keys(tables[id]).sort()).toEqual(rows.map((r) => r.id).sort());
      }
      expect(getFormat(version).body_sections.map((s) => s.id)).toContain('s1');
    }
  });
});
