/** The figures beyond the national tables: declared metrics, counted activities, subjects and reasons. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { loadCase } from '../support/cases.ts';
import { synthesize } from '../support/synthesize.ts';

let n = 0;
const ev = (type: string, occurredAt: string, data: Record<string, unknown>, eventId = `e${++n}`) =>
  ({ eventId, agencyId: 'a', type, occurredAt, data }) as GongkaiEvent;
const metric = (
  at: string,
  year: number,
  key: string,
  value: number,
  unit = '人',
  eventId?: string,
  label = '注册人数',
) => ev('metric.declared', at, { year, key, label, unit, value }, eventId);

function statistics(events: readonly GongkaiEvent[], filter: { year?: number } = {}) {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e);
  return fold.statistics(filter);
}
const year = (events: readonly GongkaiEvent[], y: number) => statistics(events, { year: y })[0]!;

/** Every order of a short list: the figures must not depend on it. */
function* permutations<T>(list: readonly T[]): Generator<T[]> {
  if (list.length <= 1) {
    yield [...list];
    return;
  }
  for (let i = 0; i < list.length; i++) {
    for (const rest of permutations([...list.slice(0, i), ...list.slice(i + 1)])) yield [list[i]!, ...rest];
  }
}

describe('metric.declared', () => {
  it('the later declaration of a key for a year wins, whatever the arrival order', () => {
    const events = [
      metric('2022-01-05', 2021, 'followers', 100),
      metric('2022-01-20T09:00:00+08:00', 2021, 'followers', 300),
      metric('2022-01-10', 2021, 'followers', 200),
      metric('2022-01-06', 2021, 'app_uses', 7.25, '万余次', undefined, '客户端使用'),
    ];
    for (const order of permutations(events)) {
      expect(year(order, 2021).extras.metrics).toEqual({
        followers: { label: '注册人数', unit: '人', value: 300 },
        app_uses: { label: '客户端使用', unit: '万余次', value: 7.25 },
      });
    }
  });

  it('on the same instant the greater eventId wins', () => {
    const events = [
      metric('2022-01-05', 2021, 'k', 1, '人', 'm-b'),
      metric('2022-01-05', 2021, 'k', 2, '人', 'm-a'),
    ];
    for (const order of permutations(events)) expect(year(order, 2021).extras.metrics.k?.value).toBe(1);
  });

  it('belongs to its data year, not the year it was sent; each year keeps its own', () => {
    const events = [metric('2022-01-05', 2021, 'k', 1), metric('2022-01-06', 2022, 'k', 2)];
    const all = statistics(events);
    expect(all.map((s) => [s.year, s.extras.metrics.k?.value])).toEqual([
      [2021, 1],
      [2022, 2],
    ]);
    // A declaration is enough to make a year exist.
    expect(statistics([metric('2022-01-05', 2020, 'k', 1)]).map((s) => s.year)).toEqual([2020, 2022]);
  });

  it('warns when one key is declared for one year in different units (the latest is kept)', () => {
    const events = [metric('2022-01-05', 2021, 'k', 3, '万人'), metric('2022-01-06', 2021, 'k', 30000, '人')];
    const stats = year(events, 2021);
    expect(stats.extras.metrics.k).toEqual({ label: '注册人数', unit: '人', value: 30000 });
    const finding = stats.findings.find((f) => f.ruleId === 'stream.metric-units-differ');
    expect(finding).toMatchObject({ severity: 'warning' });
    expect(finding?.message).toContain('k（万人 / 人）');
    // The same unit twice is no anomaly; nor are different units in different years.
    expect(
      year([metric('2022-01-05', 2021, 'k', 3), metric('2022-01-06', 2021, 'k', 4)], 2021).findings,
    ).toEqual([]);
    expect(
      statistics([metric('2022-01-05', 2021, 'k', 3), metric('2022-01-06', 2022, 'k', 4, '次')]).flatMap(
        (s) => s.findings,
      ),
    ).toEqual([]);
  });
});

describe('counted activities', () => {
  const interpretation = (id: string, at: string, form: string, eventId?: string) =>
    ev('interpretation.published', at, { interpretationId: id, form }, eventId);

  it('count interpretations by form, each id once, the later event describing it', () => {
    const events = [
      interpretation('J1', '2021-03-01', 'text'),
      interpretation('J1', '2021-03-02', 'graphic'),
      interpretation('J2', '2021-04-01', 'video'),
      interpretation('J3', '2021-05-01', 'video'),
      interpretation('J4', '2021-05-02', 'briefing'),
    ];
    for (const order of permutations(events)) {
      expect(year(order, 2021).extras.interpretations).toEqual({
        total: 4,
        byForm: { text: 0, graphic: 1, video: 2, audio: 0, briefing: 1, other: 0 },
      });
    }
  });

  it('count press conferences, responses to public concern and trainings (attendees of the later event)', () => {
    const events = [
      ev('press_conference.held', '2021-06-18', { conferenceId: 'F1', topic: '发布会' }),
      ev('press_conference.held', '2021-06-18', { conferenceId: 'F1' }),
      ev('press_conference.held', '2021-07-01', { conferenceId: 'F2' }),
      ev('concern.responded', '2021-08-02', { responseId: 'H1' }),
      ev('training.held', '2021-09-15', { trainingId: 'T1', attendees: 80 }),
      ev('training.held', '2021-09-16', { trainingId: 'T1', attendees: 86, topic: '条例' }),
      ev('training.held', '2021-10-01', { trainingId: 'T2', attendees: 14 }),
      // Ids are per type: a training and a conference may share one.
      ev('training.held', '2021-10-02', { trainingId: 'F1', attendees: 0 }),
    ];
    for (const order of [events, [...events].reverse()]) {
      const { extras } = year(order, 2021);
      expect(extras.pressConferences).toBe(2);
      expect(extras.concernResponses).toBe(1);
      expect(extras.trainings).toEqual({ count: 3, attendees: 100 });
    }
  });

  it('count in the Asia/Shanghai year of occurredAt', () => {
    const events = [
      ev('press_conference.held', '2021-12-31T15:59:59Z', { conferenceId: 'F1' }),
      ev('press_conference.held', '2021-12-31T16:00:00Z', { conferenceId: 'F2' }),
      ev('concern.responded', '2021-12-31T23:30:00-05:00', { responseId: 'H1' }),
      ev('training.held', '2022-01-01', { trainingId: 'T1', attendees: 5 }),
      interpretation('J1', '2021-12-31T23:59:59+08:00', 'audio'),
    ];
    const [y2021, y2022] = statistics(events);
    expect(y2021?.year).toBe(2021);
    expect(y2021?.extras).toMatchObject({
      pressConferences: 1,
      concernResponses: 0,
      trainings: { count: 0, attendees: 0 },
      interpretations: { total: 1 },
    });
    expect(y2022?.extras).toMatchObject({
      pressConferences: 1,
      concernResponses: 1,
      trainings: { count: 1, attendees: 5 },
      interpretations: { total: 0 },
    });
  });

  it('an entity sent again in a later year moves to that year (the later event describes it)', () => {
    const events = [interpretation('J1', '2021-12-20', 'text'), interpretation('J1', '2022-01-03', 'video')];
    const [y2021, y2022] = statistics(events);
    expect(y2021?.extras.interpretations.total).toBe(0);
    expect(y2022?.extras.interpretations.byForm.video).toBe(1);
  });

  it('any order and any retry give the same counts', () => {
    const body = fc.oneof(
      fc.record({
        type: fc.constant('interpretation.published'),
        data: fc.record({
          interpretationId: fc.constantFrom('J1', 'J2', 'J3'),
          form: fc.constantFrom('text', 'video', 'other'),
        }),
      }),
      fc.record({
        type: fc.constant('training.held'),
        data: fc.record({ trainingId: fc.constantFrom('T1', 'T2'), attendees: fc.nat(100) }),
      }),
      fc.record({
        type: fc.constant('metric.declared'),
        data: fc.record({
          year: fc.constantFrom(2021, 2022),
          key: fc.constantFrom('k', 'j'),
          label: fc.constant('数'),
          unit: fc.constantFrom('人', '次'),
          value: fc.nat(9),
        }),
      }),
    );
    const at = fc.constantFrom('2021-12-31T15:59:59Z', '2021-12-31T16:00:00Z', '2022-01-01', '2022-06-01');
    fc.assert(
      fc.property(
        fc.array(fc.record({ body, at }), { maxLength: 12 }).chain((list) => {
          const events = list.map(({ body: b, at: t }, i) => ev(b.type, t, b.data, `E${i}`));
          return fc
            .shuffledSubarray(events, { minLength: events.length, maxLength: events.length })
            .map((shuffled) => ({ events, delivered: [...shuffled, ...events.slice(0, 3)] }));
        }),
        ({ events, delivered }) => {
          expect(statistics(delivered)).toEqual(statistics(events));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('subjects and reasons', () => {
  it('count received requests by the subject of their receipt, in the year of receipt', () => {
    const received = (id: string, at: string, subject?: string) =>
      ev('request.received', at, {
        requestId: id,
        channel: 'online',
        applicantType: 'natural_person',
        ...(subject === undefined ? {} : { subject }),
      });
    const events = [
      received('R1', '2021-03-01', '接处警记录'),
      received('R2', '2021-03-02', '接处警记录'),
      received('R3', '2021-03-03', '户籍信息'),
      received('R4', '2021-03-04'),
      received('R5', '2021-12-31T16:00:00Z', '户籍信息'),
      // The earliest receipt is the request's; a later copy with another subject does not count.
      received('R1', '2021-03-05', '户籍信息'),
    ];
    const [y2021, y2022] = statistics(events);
    expect(y2021?.extras.requestsBySubject).toEqual({ 接处警记录: 2, 户籍信息: 1 });
    expect(y2021?.tables.requests.received?.total).toBe(4);
    expect(y2022?.extras.requestsBySubject).toEqual({ 户籍信息: 1 });
  });

  it('count review cases by kind and reason, in the year of filing', () => {
    const filed = (id: string, at: string, kind: string, reason?: string) =>
      ev('review.filed', at, { caseId: id, kind, ...(reason === undefined ? {} : { reason }) });
    const events = [
      filed('C1', '2021-05-01', 'reconsideration', '对答复内容不服'),
      filed('C2', '2021-05-02', 'reconsideration', '对答复内容不服'),
      filed('C3', '2021-05-03', 'litigation_direct', '逾期未答复'),
      filed('C4', '2021-05-04', 'litigation_direct'),
    ];
    expect(year(events, 2021).extras.reviewsByReason).toEqual({
      reconsideration: { 对答复内容不服: 2 },
      litigation_direct: { 逾期未答复: 1 },
      litigation_after_reconsideration: {},
    });
  });
});

describe('the synthesizer', () => {
  it('reproduces the figures beyond the tables it is given, with and without traps', () => {
    const extras = {
      metrics: { wechat_verified_users: { label: '微信公众号实人认证注册人数', unit: '人', value: 1250000 } },
      requestsBySubject: { 接处警记录: 40, 户籍信息: 12 },
      reviewsByReason: { reconsideration: { 对答复内容不服: 30, 逾期未答复: 5 } },
      interpretations: { text: 12, graphic: 8, video: 3 },
      pressConferences: 6,
      concernResponses: 9,
      trainings: { count: 4, attendees: 310 },
    };
    const target = loadCase('huaian-city-2024', 'hz', extras);
    for (const traps of [false, true]) {
      const stats = year(synthesize(target, { seed: 7, traps }), 2024);
      expect(stats.extras).toMatchObject({
        metrics: extras.metrics,
        requestsBySubject: extras.requestsBySubject,
        reviewsByReason: { ...extras.reviewsByReason, litigation_direct: {} },
        interpretations: { total: 23, byForm: { text: 12, graphic: 8, video: 3, audio: 0 } },
        pressConferences: 6,
        concernResponses: 9,
        trainings: extras.trainings,
      });
      expect(stats.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
  });
});
