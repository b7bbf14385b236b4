import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPLICANT_TYPES,
  CHANNELS,
  type GongkaiEvent,
  OUTCOMES,
  REVIEW_KINDS,
  REVIEW_RESULTS,
  validateEvent,
} from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';

const statisticsOf = (events: readonly GongkaiEvent[]) => {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e);
  return fold.statistics();
};

/** Instants around four year ends, in assorted offsets, so year edges are exercised. */
const occurredAt = fc
  .record({
    year: fc.integer({ min: 2019, max: 2022 }),
    dayOfYear: fc.oneof(fc.integer({ min: 0, max: 364 }), fc.constantFrom(0, 364)),
    minute: fc.integer({ min: 0, max: 1439 }),
    offset: fc.constantFrom('+08:00', 'Z', '-05:00', 'date'),
  })
  .map(({ year, dayOfYear, minute, offset }) => {
    const day = new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
    if (offset === 'date') return day;
    const hh = String(Math.floor(minute / 60)).padStart(2, '0');
    const mm = String(minute % 60).padStart(2, '0');
    return `${day}T${hh}:${mm}:00${offset}`;
  });

const requestId = fc.integer({ min: 1, max: 12 }).map((n) => `R${n}`);
const caseId = fc.integer({ min: 1, max: 5 }).map((n) => `C${n}`);

const eventBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('request.received'),
      data: fc.record({
        requestId,
        channel: fc.constantFrom(...CHANNELS),
        applicantType: fc.constantFrom(...APPLICANT_TYPES),
      }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('request.decided'),
      data: fc.record({ requestId, outcome: fc.constantFrom(...OUTCOMES), correction: fc.boolean() }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('request.fee_charged'),
      data: fc.record({ requestId, amountYuan: fc.integer({ min: 0, max: 100000 }).map((f) => f / 100) }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('review.filed'),
      data: fc.record({ caseId, kind: fc.constantFrom(...REVIEW_KINDS) }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('review.concluded'),
      data: fc.record({ caseId, result: fc.constantFrom(...REVIEW_RESULTS) }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('regulation.issued'),
      data: fc.record({
        documentId: fc.integer({ min: 1, max: 6 }).map((n) => `D${n}`),
        kind: fc.constantFrom('rule', 'normative_document'),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('regulation.stock_declared'),
      data: fc.record({ kind: fc.constantFrom('rule', 'normative_document'), inForce: fc.nat(50) }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('disclosure.published'),
      data: fc.record({
        itemId: fc.constantFrom('I1', 'I2', 'I3'),
        category: fc.constantFrom('公告公示', '法规文件'),
        channels: fc.constantFrom(['website'], ['website', 'wechat']),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('disclosure.withdrawn'),
      data: fc.record({ itemId: fc.constantFrom('I1', 'I2', 'I3') }),
    }),
  },
);

const stream = fc
  .array(fc.record({ body: eventBody, occurredAt, agencyId: fc.constantFrom('a', 'b') }), { maxLength: 60 })
  .map((list) =>
    list.map(
      ({ body, occurredAt: at, agencyId }, i) =>
        ({ eventId: `E${i}`, agencyId, occurredAt: at, ...body }) as GongkaiEvent,
    ),
  );

describe('the fold, on any stream', () => {
  it('every generated event is valid under the contract', () => {
    fc.assert(
      fc.property(stream, (events) => events.every((e) => validateEvent(e).ok)),
      { numRuns: 50 },
    );
  });

  it('gives identical statistics for any permutation and any duplication of a stream', () => {
    fc.assert(
      fc.property(
        stream.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            fc.array(fc.nat(Math.max(0, events.length - 1)), { maxLength: 20 }),
          ),
        ),
        ([events, permuted, repeats]) => {
          const withRetries = [
            ...permuted,
            ...repeats.filter(() => events.length > 0).map((i) => structuredClone(events[i] as GongkaiEvent)),
          ];
          expect(statisticsOf(withRetries)).toEqual(statisticsOf(events));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps 新收 + 上年结转 = 办理结果总计 + 结转下年度 in every column, and carry-over across years', () => {
    fc.assert(
      fc.property(stream, (events) => {
        for (const s of statisticsOf(events)) {
          const r = s.tables.requests;
          for (const c of [...APPLICANT_TYPES, 'total']) {
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
