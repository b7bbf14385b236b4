import { describe, expect, it } from 'vitest';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';

let n = 0;
const ev = (type: string, occurredAt: string, data: Record<string, unknown>, eventId = `e${++n}`) =>
  ({ eventId, agencyId: 'a', type, occurredAt, data }) as GongkaiEvent;
const receive = (requestId: string, at: string, applicantType = 'natural_person', channel = 'online') =>
  ev('request.received', at, { requestId, channel, applicantType });
const decide = (requestId: string, at: string, outcome: string, correction?: boolean, eventId?: string) =>
  ev(
    'request.decided',
    at,
    { requestId, outcome, ...(correction === undefined ? {} : { correction }) },
    eventId,
  );

function statistics(events: GongkaiEvent[], filter: { year?: number } = {}) {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e);
  return fold.statistics(filter);
}
const year = (events: GongkaiEvent[], y: number) => statistics(events, { year: y })[0]!;

describe('decisions: the contract’s precedence', () => {
  it('a correction beats a plain decision, even an earlier correction against a later plain one', () => {
    const s = year(
      [
        receive('R', '2022-01-05'),
        decide('R', '2022-03-01', 'disclosed', true),
        decide('R', '2022-04-01', 'other.other'),
      ],
      2022,
    );
    expect(s.tables.requests.disclosed?.total).toBe(1);
    expect(s.tables.requests['other.other']?.total).toBe(0);
  });

  it('between plain decisions the later wins, and a warning names the request', () => {
    const s = year(
      [
        receive('R', '2022-01-05'),
        decide('R', '2022-03-01', 'disclosed'),
        decide('R', '2022-04-01', 'unavailable.not_held'),
      ],
      2022,
    );
    expect(s.tables.requests['unavailable.not_held']?.total).toBe(1);
    expect(s.findings.find((f) => f.ruleId === 'stream.several-plain-decisions')?.message).toMatch(/\bR\b/);
  });

  it('on the same instant the greater eventId wins', () => {
    const events = [
      receive('R', '2022-01-05'),
      decide('R', '2022-03-01', 'disclosed', true, 'x-2'),
      decide('R', '2022-03-01', 'partially_disclosed', true, 'x-10'),
    ];
    // 'x-2' > 'x-10' as strings: the contract compares eventIds as text.
    expect(year(events, 2022).tables.requests.disclosed?.total).toBe(1);
  });

  it('a correction moves the decision to its own date, and so to its year', () => {
    const events = [
      receive('R', '2022-11-05'),
      decide('R', '2022-12-20', 'disclosed'),
      decide('R', '2023-01-10', 'partially_disclosed', true),
    ];
    expect(year(events, 2022).tables.requests.carried_forward?.total).toBe(1);
    expect(year(events, 2023).tables.requests.partially_disclosed?.total).toBe(1);
  });
});

describe('carry-over', () => {
  const events = [
    receive('R', '2020-12-28', 'commercial'),
    decide('R', '2022-02-01', 'disclosed'),
    receive('S', '2021-06-01'),
  ];
  it('a request pending across two year ends is carried over and forward in the year between', () => {
    const all = statistics(events);
    expect(all.map((s) => s.year)).toEqual([2020, 2021, 2022]);
    const [y2020, y2021, y2022] = all;
    expect(y2020!.tables.requests.carried_forward?.commercial).toBe(1);
    expect(y2021!.tables.requests.carried_over?.commercial).toBe(1);
    expect(y2021!.tables.requests.carried_forward?.total).toBe(2);
    expect(y2022!.tables.requests.carried_over?.total).toBe(2);
    expect(y2022!.tables.requests.disclosed?.commercial).toBe(1);
    expect(y2022!.tables.requests.carried_forward?.total).toBe(1);
    expect(all.flatMap((s) => s.findings).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the earliest receipt counts; differing applicant types are a warning', () => {
    const s = year([receive('R', '2022-03-02', 'research'), receive('R', '2022-03-01', 'commercial')], 2022);
    expect(s.tables.requests.received?.commercial).toBe(1);
    expect(s.tables.requests.received?.total).toBe(1);
    expect(s.findings.map((f) => f.ruleId)).toContain('stream.receipt-applicant-types-differ');
  });

  it('a decision for a request never received is left out of the tables and reported', () => {
    const s = year([decide('GHOST', '2022-03-01', 'disclosed')], 2022);
    expect(s.tables.requests.decided_total?.total).toBe(0);
    expect(s.findings.find((f) => f.ruleId === 'stream.decision-without-receipt')).toMatchObject({
      severity: 'warning',
      cells: [{ table: 'requests', row: 'disclosed', column: 'total' }],
    });
  });

  it('the 2019 format adds the three 其他处理 codes into its one row', () => {
    const s = year(
      [
        receive('A', '2020-02-01'),
        receive('B', '2020-02-01'),
        decide('A', '2020-03-01', 'other.fee_unpaid'),
        decide('B', '2020-03-01', 'other.no_clarification'),
      ],
      2020,
    );
    expect(s.format).toBe('2019');
    expect(s.tables.requests.other?.natural_person).toBe(2);
    expect(s.tables.requests['other.fee_unpaid']).toBeUndefined();
  });

  it('reports processing days (median, max) and fees of the year', () => {
    const s = year(
      [
        receive('A', '2022-02-01'),
        receive('B', '2022-02-01'),
        decide('A', '2022-02-11', 'disclosed'),
        decide('B', '2022-03-03', 'disclosed'),
        ev('request.fee_charged', '2022-03-03', { requestId: 'B', amountYuan: 100.1 }),
        ev('request.fee_charged', '2022-03-04', { requestId: 'B', amountYuan: 0.2 }),
      ],
      2022,
    );
    expect(s.extras.processingDays).toEqual({
      decided: 2,
      median: 20,
      max: 30,
      distribution: [
        [10, 1],
        [30, 1],
      ],
    });
    expect(s.extras.fees).toEqual({ count: 2, totalYuan: 100.3 });
  });
});

describe('reviews', () => {
  it('count in the filing year, with the result as of that year’s end', () => {
    const events = [
      ev('review.filed', '2022-05-01', { caseId: 'C1', kind: 'reconsideration' }),
      ev('review.concluded', '2023-01-05', { caseId: 'C1', result: 'upheld' }),
      ev('review.filed', '2022-05-01', { caseId: 'C2', kind: 'litigation_direct' }),
      ev('review.concluded', '2022-06-01', { caseId: 'C2', result: 'upheld' }),
      ev('review.concluded', '2022-08-01', { caseId: 'C2', result: 'corrected' }),
    ];
    const s = year(events, 2022);
    expect(s.tables.reviews.reconsideration).toEqual({
      upheld: 0,
      corrected: 0,
      other: 0,
      pending: 1,
      total: 1,
    });
    expect(s.tables.reviews.litigation_direct).toEqual({
      upheld: 0,
      corrected: 1,
      other: 0,
      pending: 0,
      total: 1,
    });
    expect(s.findings.map((f) => f.ruleId)).toContain('stream.case-concluded-twice');
    expect(year(events, 2023).tables.reviews.reconsideration?.total).toBe(0);
  });
});

describe('proactive (2021 format)', () => {
  it('现行有效 = declared stock + issued − repealed since; money in 万元 to the fen', () => {
    const events = [
      ev('regulation.stock_declared', '2022-01-01', { kind: 'normative_document', inForce: 42 }),
      ev('regulation.issued', '2022-05-10', { documentId: 'D1', kind: 'normative_document' }),
      ev('regulation.issued', '2022-05-10', { documentId: 'D2', kind: 'normative_document' }),
      ev('regulation.repealed', '2022-06-30', { documentId: 'OLD', kind: 'normative_document' }),
      ev('regulation.issued', '2023-01-03', { documentId: 'D3', kind: 'normative_document' }),
      ev('decisions.recorded', '2022-06-30', { kind: 'penalty', count: 1532 }),
      ev('decisions.recorded', '2022-07-31', { kind: 'penalty', count: 8 }),
      ev('charges.collected', '2022-06-30', { amountYuan: 125000.5 }),
      ev('charges.collected', '2022-07-30', { amountYuan: 0.01 }),
    ];
    const s = year(events, 2022);
    expect(s.tables.proactive.normative_document).toEqual({ issued: 2, repealed: 1, in_force: 43 });
    expect(s.tables.proactive.penalty).toEqual({ decisions: 1540 });
    expect(s.tables.proactive.charges?.amount_wan_yuan).toBe(12.500051);
    const next = statistics(events).find((x) => x.year === 2023)!;
    expect(next.tables.proactive.normative_document).toEqual({ issued: 1, repealed: 0, in_force: 44 });
    expect(next.findings.filter((f) => f.ruleId === 'proactive.in-force-continuity')).toEqual([]);
  });

  it('a stock declared with a bare date covers that whole day (as at 12月31日)', () => {
    const s = year(
      [
        ev('regulation.stock_declared', '2022-12-31', { kind: 'rule', inForce: 11 }),
        ev('regulation.issued', '2022-12-31T10:00:00+08:00', { documentId: 'R9', kind: 'rule' }),
        ev('regulation.issued', '2022-03-01', { documentId: 'R8', kind: 'rule' }),
      ],
      2022,
    );
    expect(s.tables.proactive.rule).toEqual({ issued: 2, repealed: 0, in_force: 11 });
  });

  it('the 2019 format takes the declared cells, the later declaration of a cell winning', () => {
    const s = year(
      [
        ev('figures.declared', '2020-01-05', { year: 2019, row: 'license', column: 'change', value: -3 }),
        ev('figures.declared', '2020-01-02', { year: 2019, row: 'license', column: 'change', value: 7 }),
        ev('figures.declared', '2020-01-02', {
          year: 2019,
          row: 'procurement',
          column: 'amount_yuan',
          value: 251000.5,
        }),
      ],
      2019,
    );
    expect(s.tables.proactive.license).toEqual({ prev_year_items: 0, change: -3, decisions: 0 });
    expect(s.tables.proactive.procurement?.amount_yuan).toBe(251000.5);
  });

  it('withdrawn disclosures are excluded; one published again counts', () => {
    const s = year(
      [
        ev('disclosure.published', '2022-01-15', {
          itemId: 'I1',
          category: '公告公示',
          channels: ['website', 'wechat'],
        }),
        ev('disclosure.withdrawn', '2022-01-16', { itemId: 'I1' }),
        ev('disclosure.published', '2022-02-15', {
          itemId: 'I2',
          category: '法规文件',
          channels: ['website'],
        }),
        ev('disclosure.withdrawn', '2022-02-16', { itemId: 'I2' }),
        ev('disclosure.published', '2022-03-01', {
          itemId: 'I2',
          category: '法规文件',
          channels: ['website'],
        }),
      ],
      2022,
    );
    expect(s.extras.disclosures.total).toBe(1);
    expect(s.extras.disclosures.byCategory).toEqual({ 法规文件: 1 });
    expect(s.extras.disclosures.byChannel.wechat).toBe(0);
  });
});

describe('retries and conflicts', () => {
  it('the same eventId with another body is kept once, whatever the order, and reported', () => {
    const first = decide('R', '2022-03-01', 'disclosed', undefined, 'dup');
    const second = decide('R', '2022-03-01', 'partially_disclosed', undefined, 'dup');
    const a = statistics([receive('R', '2022-01-01'), first, second]);
    const b = statistics([second, receive('R', '2022-01-01'), first]);
    expect(a).toEqual(b);
    expect(a[0]?.tables.requests.decided_total?.total).toBe(1);
    expect(a[0]?.findings.map((f) => f.ruleId)).toContain('stream.event-conflict');
  });
});
