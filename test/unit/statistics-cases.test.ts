import { describe, expect, it } from 'vitest';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { validateEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { loadCase, printedCells } from '../support/cases.ts';
import { synthesize } from '../support/synthesize.ts';

function fold(events: readonly GongkaiEvent[]) {
  const f = new StatisticsFold();
  for (const e of events) f.add(e);
  return f;
}

describe('淮安市 2024 (a real 2021-format report) reproduced from a synthesized stream', () => {
  const target = loadCase('huaian-city-2024', 'huaian', { fees: { totalYuan: 3940, count: 12 } });

  for (const traps of [false, true]) {
    it(`matches every printed cell ${traps ? 'with retries, shuffling, corrections and year edges' : 'from a plain stream'}`, () => {
      // Prepare
      const events = synthesize(target, { seed: 2024, traps });
      for (const e of events) expect(validateEvent(JSON.parse(JSON.stringify(e))).ok).toBe(true);
      // Act
      const [stats] = fold(events).statistics({ agencyId: 'huaian', year: 2024 });
      // Assess
      expect(stats?.format).toBe('2021');
      const cells = printedCells(target.tables);
      expect(cells.length).toBeGreaterThan(190);
      for (const { table, row, column, value } of cells) {
        const tables = stats?.tables as unknown as Record<string, Record<string, Record<string, number>>>;
        const actual = tables[table]?.[row]?.[column];
        expect({ table, row, column, value: actual }).toEqual({ table, row, column, value });
      }
      expect(stats?.extras.fees).toEqual({ count: 12, totalYuan: 3940 });
      expect(stats?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
  }

  it('counts the year-edge requests (31 Dec 16:30Z) in the next year, not in 2024', () => {
    const statistics = fold(synthesize(target, { seed: 7, traps: true })).statistics({ agencyId: 'huaian' });
    const next = statistics.find((s) => s.year === 2025);
    expect(next?.tables.requests.received?.total).toBe(3);
    // 2025 starts with 2024's carried-forward requests.
    expect(next?.tables.requests.carried_over?.total).toBe(103);
    expect(next?.findings.filter((f) => f.ruleId === 'requests.carry-over')).toEqual([]);
  });
});
