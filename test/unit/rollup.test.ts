import { describe, expect, it } from 'vitest';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { consolidate } from '../../shared/domain/statistics/rollup.ts';
import { loadCase } from '../support/cases.ts';
import { synthesize } from '../support/synthesize.ts';

const statsOf = (events: readonly GongkaiEvent[], agencyId: string, year: number) => {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e);
  return fold.statistics({ agencyId, year })[0]!;
};

describe('roll-up', () => {
  const target = loadCase('huaian-city-2024', 'x');
  const city = statsOf(synthesize({ ...target, agencyId: 'city' }, { seed: 1 }), 'city', 2024);
  const district = statsOf(synthesize({ ...target, agencyId: 'district' }, { seed: 2 }), 'district', 2024);
  const county = statsOf(
    synthesize({ ...target, agencyId: 'county' }, { seed: 3, traps: true }),
    'county',
    2024,
  );

  it('adds every cell of the parts, and the result still balances', () => {
    const all = consolidate('city', [city, district, county]);
    expect(all.agencyId).toBe('city');
    expect(all.tables.requests.received?.total).toBe(3 * 3119);
    expect(all.tables.requests.carried_forward?.natural_person).toBe(3 * 103);
    expect(all.tables.reviews.reconsideration).toEqual({
      upheld: 216,
      corrected: 192,
      other: 534,
      pending: 111,
      total: 1053,
    });
    expect(all.tables.proactive.charges?.amount_wan_yuan).toBe(288514.8);
    expect(all.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(all.extras.processingDays.decided).toBe(3 * 3050);
    // Own-only statistics are untouched.
    expect(city.tables.requests.received?.total).toBe(3119);
  });

  it('computes the median over the merged distributions, not from the medians', () => {
    const ev = (agencyId: string, id: string, received: string, decided: string) =>
      [
        {
          eventId: `${id}r`,
          agencyId,
          type: 'request.received',
          occurredAt: received,
          data: { requestId: id, channel: 'online', applicantType: 'natural_person' },
        },
        {
          eventId: `${id}d`,
          agencyId,
          type: 'request.decided',
          occurredAt: decided,
          data: { requestId: id, outcome: 'disclosed' },
        },
      ] as GongkaiEvent[];
    const a = statsOf(
      [...ev('a', 'R1', '2024-03-01', '2024-03-02'), ...ev('a', 'R2', '2024-03-01', '2024-03-03')],
      'a',
      2024,
    );
    const b = statsOf(ev('b', 'R1', '2024-03-01', '2024-03-31'), 'b', 2024);
    const both = consolidate('a', [a, b]);
    expect(both.extras.processingDays).toMatchObject({ decided: 3, median: 2, max: 30 });
  });
});
