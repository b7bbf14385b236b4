/**
 * Table row and column ids, section ids and finding ids are typed from the format data and the rule
 * catalogue: a typo is a compile error (`npm run typecheck` checks the `@ts-expect-error` lines below), and
 * the runtime checks here keep the types honest against the data they are derived from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import {
  FINDING_CATALOGUE,
  isRuleId,
  RULE_IDS,
  ruleCatalogue,
  TABLE_RULES,
} from '../../shared/domain/rules/index.ts';
import { STREAM_RULES } from '../../shared/domain/rules/stream.ts';
import type { Finding } from '../../shared/domain/statistics/types.ts';

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

describe('the finding catalogue', () => {
  /** Production sources: every place a finding id can be written. */
  const sources = ['shared', 'functions', 'bin', 'infra']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
  /** `ruleId: 'x'`, `catalogued('x')`, and a rule's `id: 'x'` in shared/domain/rules (not the catalogue). */
  const created = sources.flatMap(({ file, text }) => {
    // Every quoted id on a `ruleId:` line (a ternary can choose between two).
    const ids = [...text.matchAll(/ruleId:([^\n]*)/g)].flatMap((m) =>
      [...(m[1] as string).matchAll(/'([^']+)'/g)].map((q) => q[1] as string),
    );
    ids.push(...[...text.matchAll(/catalogued\('([^']+)'/g)].map((m) => m[1] as string));
    if (file.includes(join('domain', 'rules')) && !file.endsWith('catalogue.ts')) {
      ids.push(...[...text.matchAll(/\bid:\s*'([^']+)'/g)].map((m) => m[1] as string));
    }
    return ids.map((id) => ({ file, id }));
  });

  it('lists every finding id created in the code', () => {
    expect(created.length).toBeGreaterThan(20);
    expect(created.filter(({ id }) => !isRuleId(id))).toEqual([]);
    for (const rule of TABLE_RULES) expect(isRuleId(rule.id)).toBe(true);
    for (const rule of Object.values(STREAM_RULES)) expect(isRuleId(rule.id)).toBe(true);
  });

  it('lists only ids the code creates, each with a severity and a Chinese description', () => {
    const createdIds = new Set(created.map(({ id }) => id));
    expect(RULE_IDS.filter((id) => !createdIds.has(id))).toEqual([]);
    for (const entry of ruleCatalogue()) {
      expect(['error', 'warning']).toContain(entry.severity);
      expect(entry.description, entry.id).toMatch(/\p{Script=Han}/u);
    }
    expect(ruleCatalogue().map((e) => e.id)).toEqual(RULE_IDS);
  });

  it('lists the findings of a report that are created outside the rules', () => {
    for (const id of [
      'report.year-in-progress',
      'publication.amendments',
      'publication.amendment',
      'template.missing-figure',
      'template.slot-required',
      'template.slot-empty',
      'template.slot-date',
      'rollup.metric-units-differ',
    ]) {
      expect(FINDING_CATALOGUE, id).toHaveProperty([id]);
    }
  });

  it('rejects an id not in the catalogue at compile time', () => {
    // @ts-expect-error not a catalogued id
    const finding: Finding = { ruleId: 'requests.balanse', severity: 'error', message: '', cells: [] };
    expect(isRuleId(finding.ruleId)).toBe(false);
  });
});
