/**
 * Free text equal to a built-in property name (toString, constructor, __proto__ …) or holding a `.` is
 * counted like any other text: in the fold, in the roll-up, and after a JSON round trip (the statistics
 * store keeps JSON).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GongkaiEvent, validateEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { consolidate } from '../../shared/domain/statistics/rollup.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';

/** Names that an ordinary object already answers to, and dotted names. */
const PROPERTY_LIKE = [
  'toString',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  '__proto__',
  '__defineGetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'prototype',
  'length',
  'a.b',
  '.',
  'byCategory.toString',
  '__proto__.polluted',
] as const;
const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROPERTY_LIKE) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z_.]{1,8}$/).filter((s) => s.trim() === s) },
);

interface Counted {
  readonly events: GongkaiEvent[];
  /** [path into extras as a list of keys, expected count] */
  readonly expected: Map<string, number>;
}

const key = (...parts: string[]) => JSON.stringify(parts);
const bump = (map: Map<string, number>, k: string, n = 1) => map.set(k, (map.get(k) ?? 0) + n);

/** Metric keys follow `^[a-z][a-z0-9_]*$`, which still lets some built-in names through. */
const metricKey = fc.oneof(
  fc.constantFrom('constructor', 'prototype', 'length', 'valueof', 'tostring', 'hasownproperty'),
  fc.stringMatching(/^[a-z][a-z_]{0,6}$/),
);
const unit = name.filter((s) => s.length <= 16);
const subject = name.filter((s) => s.length <= 32);

const item = fc.oneof(
  fc.record({ type: fc.constant('disclosure' as const), id: name, text: name }),
  fc.record({
    type: fc.constant('post' as const),
    id: name,
    text: name,
    channel: fc.constantFrom('website', 'wechat'),
  }),
  fc.record({ type: fc.constant('request' as const), id: name, text: subject }),
  fc.record({
    type: fc.constant('review' as const),
    id: name,
    text: name,
    kind: fc.constantFrom('reconsideration', 'litigation_direct'),
  }),
  fc.record({ type: fc.constant('metric' as const), id: metricKey, text: name, unit, value: fc.nat(1000) }),
  fc.record({
    type: fc.constant('interpretation' as const),
    id: name,
    form: fc.constantFrom('text', 'video'),
  }),
  fc.record({ type: fc.constant('conference' as const), id: name, text: name }),
  fc.record({ type: fc.constant('concern' as const), id: name, text: name }),
  fc.record({ type: fc.constant('training' as const), id: name, text: name, attendees: fc.nat(50) }),
);

/** Events of one agency in 2021 whose free text is property-like, and the counts they must give. */
const stream = fc.array(item, { maxLength: 30 }).map((items): Counted => {
  const events: GongkaiEvent[] = [];
  const expected = new Map<string, number>();
  const seen = new Set<string>();
  const push = (type: string, at: string, i: number, data: Record<string, unknown>) =>
    events.push({ eventId: `e${i}`, agencyId: 'a', occurredAt: at, type, data } as GongkaiEvent);
  items.forEach((it, i) => {
    const at = `2021-0${1 + (i % 9)}-1${i % 10}T10:00:00+08:00`;
    // One event per entity id (and per metric key), so the reference count is plain.
    const entity = `${it.type}:${it.id}`;
    if (seen.has(entity)) return;
    seen.add(entity);
    switch (it.type) {
      case 'disclosure':
        push('disclosure.published', at, i, { itemId: it.id, category: it.text, channels: ['website'] });
        bump(expected, key('disclosures', 'byCategory', it.text));
        return;
      case 'post':
        push('post.published', at, i, { postId: it.id, channel: it.channel, column: it.text });
        bump(expected, key('posts', 'byColumn', it.channel, it.text));
        return;
      case 'request':
        push('request.received', at, i, {
          requestId: it.id,
          channel: 'online',
          applicantType: 'research',
          subject: it.text,
        });
        bump(expected, key('requestsBySubject', it.text));
        return;
      case 'review':
        push('review.filed', at, i, { caseId: it.id, kind: it.kind, reason: it.text });
        bump(expected, key('reviewsByReason', it.kind, it.text));
        return;
      case 'metric':
        push('metric.declared', at, i, {
          year: 2021,
          key: it.id,
          label: it.text,
          unit: it.unit,
          value: it.value,
        });
        bump(expected, key('metrics', it.id, it.text, it.unit), it.value);
        return;
      case 'interpretation':
        push('interpretation.published', at, i, { interpretationId: it.id, form: it.form });
        bump(expected, key('interpretations', it.form));
        return;
      case 'conference':
        push('press_conference.held', at, i, { conferenceId: it.id, topic: it.text });
        bump(expected, key('pressConferences'));
        return;
      case 'concern':
        push('concern.responded', at, i, { responseId: it.id, topic: it.text });
        bump(expected, key('concernResponses'));
        return;
      case 'training':
        push('training.held', at, i, { trainingId: it.id, attendees: it.attendees, topic: it.text });
        bump(expected, key('trainings'));
        if (it.attendees > 0) bump(expected, key('attendees'), it.attendees);
        return;
    }
  });
  return { events, expected };
});

/** Every count under the maps keyed by outside text, as own entries only, and the counted activities. */
function counted(stats: AgencyYearStatistics): Map<string, number> {
  const out = new Map<string, number>();
  const e = stats.extras;
  const put = (k: string, n: number) => {
    if (n !== 0) out.set(k, n);
  };
  for (const [k, n] of Object.entries(e.disclosures.byCategory)) put(key('disclosures', 'byCategory', k), n);
  for (const [channel, columns] of Object.entries(e.posts.byColumn)) {
    for (const [k, n] of Object.entries(columns)) put(key('posts', 'byColumn', channel, k), n);
  }
  for (const [k, n] of Object.entries(e.requestsBySubject)) put(key('requestsBySubject', k), n);
  for (const [kind, reasons] of Object.entries(e.reviewsByReason)) {
    for (const [k, n] of Object.entries(reasons)) put(key('reviewsByReason', kind, k), n);
  }
  for (const [k, m] of Object.entries(e.metrics)) out.set(key('metrics', k, m.label, m.unit), m.value);
  for (const [form, n] of Object.entries(e.interpretations.byForm)) put(key('interpretations', form), n);
  expect(e.interpretations.total).toBe(Object.values(e.interpretations.byForm).reduce((a, b) => a + b, 0));
  put(key('pressConferences'), e.pressConferences);
  put(key('concernResponses'), e.concernResponses);
  put(key('trainings'), e.trainings.count);
  put(key('attendees'), e.trainings.attendees);
  return out;
}

const sorted = (map: Map<string, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const times = (map: Map<string, number>, n: number) => new Map([...map].map(([k, v]) => [k, v * n]));

function statisticsOf(events: readonly GongkaiEvent[]): AgencyYearStatistics {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e);
  return fold.statistics({ agencyId: 'a', year: 2021 })[0]!;
}

describe('free text equal to a built-in property name', () => {
  it('is valid text under the contract', () => {
    fc.assert(
      fc.property(stream, ({ events }) => {
        for (const e of events) expect(validateEvent(e)).toMatchObject({ ok: true });
      }),
      { numRuns: 50 },
    );
  });

  it('is counted like any text by the fold, and the statistics survive a JSON round trip', () => {
    fc.assert(
      fc.property(stream, ({ events, expected }) => {
        const stats = statisticsOf(events);
        expect(sorted(counted(stats))).toEqual(sorted(expected));
        const readBack = JSON.parse(JSON.stringify(stats)) as AgencyYearStatistics;
        expect(sorted(counted(readBack))).toEqual(sorted(expected));
        expect(JSON.parse(JSON.stringify(readBack))).toEqual(readBack);
      }),
      { numRuns: 200 },
    );
  });

  it('is added up by the roll-up, from statistics read back from JSON', () => {
    fc.assert(
      fc.property(stream, ({ events, expected }) => {
        const part = JSON.parse(JSON.stringify(statisticsOf(events))) as AgencyYearStatistics;
        const all = consolidate('p', [part, structuredClone(part), JSON.parse(JSON.stringify(part))]);
        expect(sorted(counted(all))).toEqual(sorted(times(expected, 3)));
        const readBack = JSON.parse(JSON.stringify(all)) as AgencyYearStatistics;
        expect(sorted(counted(readBack))).toEqual(sorted(times(expected, 3)));
        // Nothing leaked onto Object.prototype.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
