/**
 * Arbitrary event streams for property tests (fast-check): two agencies, every kind of event that moves a
 * table or an extra figure, instants around four year ends in assorted offsets. Every generated event is
 * valid.
 */
import fc from 'fast-check';
import {
  APPLICANT_TYPES,
  CHANNELS,
  type GongkaiEvent,
  INTERPRETATION_FORMS,
  OUTCOMES,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from '../../shared/domain/contract.ts';

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
      data: fc.record(
        {
          requestId,
          channel: fc.constantFrom(...CHANNELS),
          applicantType: fc.constantFrom(...APPLICANT_TYPES),
          subject: fc.constantFrom('接处警记录', '户籍信息'),
        },
        { requiredKeys: ['requestId', 'channel', 'applicantType'] },
      ),
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
      data: fc.record(
        {
          caseId,
          kind: fc.constantFrom(...REVIEW_KINDS),
          reason: fc.constantFrom('对答复内容不服', '逾期未答复'),
        },
        { requiredKeys: ['caseId', 'kind'] },
      ),
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
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('metric.declared'),
      data: fc.record({
        year: fc.integer({ min: 2019, max: 2022 }),
        key: fc.constantFrom('followers', 'app_uses'),
        label: fc.constantFrom('关注人数', '客户端使用'),
        unit: fc.constantFrom('人', '万余次'),
        value: fc.integer({ min: 0, max: 1_000_000 }).map((v) => v / 100),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('interpretation.published'),
      data: fc.record({
        interpretationId: fc.constantFrom('J1', 'J2', 'J3'),
        form: fc.constantFrom(...INTERPRETATION_FORMS),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({
        type: fc.constant('press_conference.held'),
        data: fc.record(
          { conferenceId: fc.constantFrom('F1', 'F2'), topic: fc.constantFrom('发布会', '通报') },
          { requiredKeys: ['conferenceId'] },
        ),
      }),
      fc.record({
        type: fc.constant('concern.responded'),
        data: fc.record(
          { responseId: fc.constantFrom('H1', 'H2'), topic: fc.constantFrom('热点', '回应') },
          { requiredKeys: ['responseId'] },
        ),
      }),
      fc.record({
        type: fc.constant('training.held'),
        data: fc.record(
          { trainingId: fc.constantFrom('T1', 'T2'), attendees: fc.nat(200), topic: fc.constant('条例') },
          { requiredKeys: ['trainingId', 'attendees'] },
        ),
      }),
    ),
  },
);

export const eventStream = fc
  .array(fc.record({ body: eventBody, occurredAt, agencyId: fc.constantFrom('a', 'b') }), { maxLength: 60 })
  .map((list) =>
    list.map(
      ({ body, occurredAt: at, agencyId }, i) =>
        ({ eventId: `E${i}`, agencyId, occurredAt: at, ...body }) as GongkaiEvent,
    ),
  );

/**
 * A stream and how it arrives: the same events in any order, some of them again (retries, exact copies).
 * Whatever the delivery, what is counted must be the stream's.
 */
export const deliveredStream = (maxRetries: number) =>
  eventStream.chain((events) =>
    fc
      .tuple(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.nat(Math.max(0, events.length - 1)), { maxLength: events.length > 0 ? maxRetries : 0 }),
      )
      .map(([permuted, retries]) => ({
        events,
        delivered: [...permuted, ...retries.map((i) => structuredClone(events[i]!))],
      })),
  );
