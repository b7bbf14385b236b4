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

  describe('the figures beyond the tables', () => {
    const ev = (agencyId: string, eventId: string, type: string, occurredAt: string, data: object) =>
      ({ eventId, agencyId, type, occurredAt, data }) as GongkaiEvent;
    const metric = (agencyId: string, key: string, value: number, unit: string, label = '注册人数') =>
      ev(agencyId, `${agencyId}-${key}`, 'metric.declared', '2025-01-05', {
        year: 2024,
        key,
        label,
        unit,
        value,
      });
    const activities = (agencyId: string, k: number) => [
      ev(agencyId, `${agencyId}-j`, 'interpretation.published', '2024-03-01', {
        interpretationId: 'J1',
        form: k === 1 ? 'text' : 'video',
      }),
      ev(agencyId, `${agencyId}-f`, 'press_conference.held', '2024-03-02', { conferenceId: 'F1' }),
      ev(agencyId, `${agencyId}-h`, 'concern.responded', '2024-03-03', { responseId: 'H1' }),
      ev(agencyId, `${agencyId}-t`, 'training.held', '2024-03-04', { trainingId: 'T1', attendees: 10 * k }),
      ev(agencyId, `${agencyId}-r`, 'request.received', '2024-03-05', {
        requestId: 'R1',
        channel: 'online',
        applicantType: 'natural_person',
        subject: '接处警记录',
      }),
      ev(agencyId, `${agencyId}-c`, 'review.filed', '2024-03-06', {
        caseId: 'C1',
        kind: 'reconsideration',
        reason: k === 1 ? '对答复内容不服' : '逾期未答复',
      }),
    ];
    const a = statsOf(
      [...activities('a', 1), metric('a', 'followers', 1000.25, '人'), metric('a', 'app_uses', 3, '万次')],
      'a',
      2024,
    );
    const b = statsOf(
      [
        ...activities('b', 2),
        metric('b', 'followers', 500.5, '人', '关注人数'),
        metric('b', 'app_uses', 2000, '次'),
      ],
      'b',
      2024,
    );

    it('add up: activities, subjects, reasons, and metrics declared in one unit', () => {
      // Read back from JSON, as the statistics store gives them.
      const both = consolidate('a', [a, JSON.parse(JSON.stringify(b))]);
      expect(both.extras).toMatchObject({
        interpretations: { total: 2, byForm: { text: 1, video: 1, graphic: 0 } },
        pressConferences: 2,
        concernResponses: 2,
        trainings: { count: 2, attendees: 30 },
        requestsBySubject: { 接处警记录: 2 },
        reviewsByReason: {
          reconsideration: { 对答复内容不服: 1, 逾期未答复: 1 },
          litigation_direct: {},
          litigation_after_reconsideration: {},
        },
      });
      // The parent's label, the sum kept to the hundredth.
      expect(both.extras.metrics.followers).toEqual({ label: '注册人数', unit: '人', value: 1500.75 });
    });

    it('keep no figure for a metric the parts declare in different units, and say so', () => {
      const both = consolidate('a', [a, b]);
      expect(Object.keys(both.extras.metrics)).toEqual(['followers']);
      const finding = both.findings.find((f) => f.ruleId === 'rollup.metric-units-differ');
      expect(finding).toMatchObject({ severity: 'warning' });
      expect(finding?.message).toContain('注册人数（app_uses）：万次、次');
      // The parts' own statistics are untouched.
      expect(a.extras.metrics.app_uses?.value).toBe(3);
    });

    it('count statistics stored before these figures existed as having none', () => {
      const { metrics: _m, interpretations: _i, trainings: _t, reviewsByReason: _r, ...older } = b.extras;
      const old = { ...b, extras: older } as unknown as typeof b;
      const both = consolidate('a', [a, old]);
      expect(both.extras.trainings).toEqual({ count: 1, attendees: 10 });
      expect(both.extras.interpretations.total).toBe(1);
      expect(both.extras.metrics.app_uses).toEqual({ label: '注册人数', unit: '万次', value: 3 });
    });
  });
});
