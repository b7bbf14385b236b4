import { describe, expect, it } from 'vitest';
import { emptyTables } from '../../shared/domain/formats/index.ts';
import { RULES_VERSION, ruleCatalogue, runRules } from '../../shared/domain/rules/index.ts';
import { fillTotals } from '../../shared/domain/statistics/fold.ts';

/** A hand-made 2021 table that adds up: 10 received + 2 carried = 9 decided + 3 forward. */
function balancedTables() {
  const t = emptyTables('2021');
  Object.assign(t.requests.received!, { natural_person: 8, commercial: 2 });
  Object.assign(t.requests.carried_over!, { natural_person: 2 });
  Object.assign(t.requests.disclosed!, { natural_person: 5, commercial: 1 });
  Object.assign(t.requests['unavailable.not_held']!, { natural_person: 2, commercial: 1 });
  Object.assign(t.requests['other.other']!, { natural_person: 1 });
  Object.assign(t.requests.carried_forward!, { natural_person: 2 });
  Object.assign(t.reviews.reconsideration!, { upheld: 1, pending: 2 });
  fillTotals(t);
  return t;
}

describe('the consistency rules on any table', () => {
  it('pass a table that adds up (apart from the 其他处理 share warning below threshold)', () => {
    const findings = runRules({ year: 2023, format: '2021', tables: balancedTables() });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('flag a reviews total that does not add up, naming the cells', () => {
    const t = balancedTables();
    t.reviews.reconsideration!.total = 4;
    const [f] = runRules({ year: 2023, format: '2021', tables: t }).filter(
      (x) => x.ruleId === 'reviews.total',
    );
    expect(f).toMatchObject({ severity: 'error' });
    expect(f?.message).toMatch(/总计4.*之和为3/);
    expect(f?.cells).toContainEqual({ table: 'reviews', row: 'reconsideration', column: 'total' });
  });

  it('flag the balance identity, a row total and （七）总计 separately', () => {
    const t = balancedTables();
    t.requests.disclosed!.natural_person = 6; // outcome row now off from its total and from （七）总计
    const ids = runRules({ year: 2023, format: '2021', tables: t }).map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['requests.row-total', 'requests.decided-total']));
    const t2 = balancedTables();
    t2.requests.carried_forward!.natural_person = 3;
    t2.requests.carried_forward!.total = 3;
    expect(runRules({ year: 2023, format: '2021', tables: t2 }).map((f) => f.ruleId)).toContain(
      'requests.balance',
    );
  });

  it('flag 上年结转 that is not last year’s 结转下年度', () => {
    const previous = balancedTables();
    const now = balancedTables();
    const findings = runRules({
      year: 2024,
      format: '2021',
      tables: now,
      previous: { year: 2023, format: '2021', tables: previous },
    });
    const carry = findings.filter((f) => f.ruleId === 'requests.carry-over');
    // 2 carried forward in 2023 are 2 carried over in 2024: no finding.
    expect(carry).toEqual([]);
    now.requests.carried_over!.natural_person = 1;
    const bad = runRules({
      year: 2024,
      format: '2021',
      tables: now,
      previous: { year: 2023, format: '2021', tables: previous },
    });
    expect(bad.find((f) => f.ruleId === 'requests.carry-over')?.cells).toContainEqual({
      table: 'requests',
      row: 'carried_forward',
      column: 'natural_person',
      year: 2023,
    });
  });

  it('warn about a high share of 其他处理 and flag negative or fractional counts', () => {
    const t = balancedTables();
    const findings = runRules({ year: 2023, format: '2021', tables: t, otherShareThreshold: 0.05 });
    expect(findings.find((f) => f.ruleId === 'requests.other-share')).toMatchObject({ severity: 'warning' });
    t.requests.received!.research = -1;
    t.reviews.reconsideration!.upheld = 0.5;
    const bad = runRules({ year: 2023, format: '2021', tables: t }).filter(
      (f) => f.ruleId === 'cells.well-formed',
    );
    expect(bad).toHaveLength(2);
  });

  it('are catalogued with ids, severities and a version', () => {
    const catalogue = ruleCatalogue();
    expect(RULES_VERSION).toMatch(/^\d{4}\./);
    expect(new Set(catalogue.map((r) => r.id)).size).toBe(catalogue.length);
    expect(catalogue.every((r) => r.severity === 'error' || r.severity === 'warning')).toBe(true);
  });
});
