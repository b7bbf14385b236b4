import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPLICANT_TYPES, type GongkaiEvent, validateEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { deliveredStream, eventStream } from '../support/arbitraries.ts';

const statisticsOf = (events: readonly GongkaiEvent[]) => {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e);
  return fold.statistics();
};

describe('the fold, on any stream', () => {
  it('every generated event is valid under the contract', () => {
    fc.assert(
      fc.property(eventStream, (events) => events.every((e) => validateEvent(e).ok)),
      { numRuns: 50 },
    );
  });

  it('gives identical statistics for any permutation and any duplication of a stream', () => {
    fc.assert(
      fc.property(deliveredStream(20), ({ events, delivered }) => {
        expect(statisticsOf(delivered)).toEqual(statisticsOf(events));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps 新收 + 上年结转 = 办理结果总计 + 结转下年度 in every column, and carry-over across years', () => {
    fc.assert(
      fc.property(eventStream, (events) => {
        for (const s of statisticsOf(events)) {
          const r = s.tables.requests;
          for (const c of [...APPLICANT_TYPES, 'total' as const]) {
            expect((r.received?.[c] ?? 0) + (r.carried_over?.[c] ?? 0)).toBe(
              (r.decided_total?.[c] ?? 0) + (r.carried_forward?.[c] ?? 0),
            );
          }
          expect(s.findings.filter((f) => f.severity === 'error')).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts an event at 2021-12-31T16:30:00Z in 2022 (Asia/Shanghai)', () => {
    const stats = statisticsOf([
      {
        eventId: 'e1',
        agencyId: 'a',
        type: 'request.received',
        occurredAt: '2021-12-31T16:30:00Z',
        data: { requestId: 'R', channel: 'online', applicantType: 'research' },
      },
      {
        eventId: 'e2',
        agencyId: 'a',
        type: 'request.received',
        occurredAt: '2021-12-31T15:59:59Z',
        data: { requestId: 'S', channel: 'online', applicantType: 'research' },
      },
    ]);
    expect(stats.map((s) => [s.year, s.tables.requests.received?.research])).toEqual([
      [2021, 1],
      [2022, 1],
    ]);
    expect(stats[1]?.tables.requests.carried_over?.research).toBe(1);
  });
});
