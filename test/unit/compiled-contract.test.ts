import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEventCompiled } from '../../shared/domain/compiled-contract.ts';
import { EVENT_TYPES, validateEvent } from '../../shared/domain/contract.ts';
import { eventStream } from '../support/arbitraries.ts';

const examples = readFileSync(new URL('../fixtures/events.example.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Values that sit on or across a rule's edge somewhere in the contract. */
const hostile = fc.oneof(
  fc.constantFrom(
    '',
    ' R1',
    'R1 ',
    'a\u0000b',
    'portal\u0085',
    '\u001b[31mred',
    '\ud800',
    'x\udc00',
    '😀'.repeat(64),
    '😀'.repeat(65),
    '字'.repeat(64),
    '字'.repeat(65),
    'x'.repeat(128),
    'x'.repeat(129),
    'HZ',
    'hz psb',
    'a b',
    '2021-02-29',
    '2021-03-01T24:00:00+08:00',
    '2021-03-01T09:30:00+15:00',
    '2150-01-01',
    '1999-12-31',
    '2021-03-01T09:30:00',
    '2021-03-01T09:30:00.123456789-0500',
    'online',
    'natural_person',
    'disclosed',
    'other.no_clarification',
    'website',
    'rule',
    'penalty',
    'upheld',
    'reconsideration',
    'item_count',
    'amount_yuan',
    'change',
    'issued',
    '__proto__',
    'constructor',
  ),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    20,
    21,
    0.5,
    1.005,
    0.01,
    12.34,
    2019,
    2020,
    2021,
    1e12,
    1e12 + 0.01,
    -1e12,
    2 ** 53 - 1,
    2 ** 53,
    1e300,
  ),
  fc.constantFrom(null, true, false, [], {}, ['website'], ['website', 'website'], ['website', 'wechat'], [1]),
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Every path of a JSON value, as key lists. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'set' | 'delete' | 'add'; path: (string | number)[]; value: unknown };

function mutate(event: Record<string, unknown>, mutation: Mutation): unknown {
  if (typeof event !== 'object' || event === null) return event; // an earlier mutation replaced the event
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  const { path } = mutation;
  if (path.length === 0) return mutation.kind === 'set' ? mutation.value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    if (typeof next !== 'object' || next === null) return copy; // an earlier mutation replaced it
    parent = next as Record<string | number, unknown>;
  }
  const last = path.at(-1) as string | number;
  if (mutation.kind === 'set') parent[last] = mutation.value;
  else if (mutation.kind === 'delete') delete parent[last];
  else if (typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last]))
    (parent[last] as Record<string, unknown>).extra = mutation.value;
  return copy;
}

const mutated = fc.constantFrom(...examples).chain((event) =>
  fc
    .array(
      fc.record({
        kind: fc.constantFrom<Mutation['kind']>('set', 'set', 'set', 'delete', 'add'),
        path: fc.constantFrom(...paths(event)),
        value: hostile,
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((mutations) => mutations.reduce<unknown>((e, m) => mutate(e as Record<string, unknown>, m), event)),
);

/** Same answer as zod: accepted with an equal event, or refused with exactly zod's reasons. */
function expectSameAsZod(input: unknown): void {
  const compiled = validateEventCompiled(structuredClone(input));
  const zod = validateEvent(structuredClone(input));
  expect(compiled).toEqual(zod);
}

describe('the compiled contract (derived from the zod schemas)', () => {
  it('knows every event type', () => {
    const types = new Set(examples.map((e) => e.type));
    expect([...types].sort()).toEqual([...EVENT_TYPES].sort());
    for (const example of examples) expect(validateEventCompiled(example)).toEqual(validateEvent(example));
  });

  it('accepts and refuses exactly what zod does, on events mutated at any path with edge values', () => {
    fc.assert(fc.property(mutated, expectSameAsZod), { numRuns: 20_000 });
  });

  it('accepts every event of generated streams, as zod does', () => {
    fc.assert(
      fc.property(eventStream, (events) => {
        for (const event of events) expectSameAsZod(event);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what only a refinement catches, with zod’s reasons', () => {
    const received = examples.find((e) => e.type === 'request.received') as Record<string, unknown>;
    const data = received.data as Record<string, unknown>;
    for (const input of [
      { ...received, occurredAt: '2021-02-29' },
      { ...received, data: { ...data, requestId: 'R\u001b[31m' } },
      { ...received, data: { ...data, requestId: ' R1' } },
    ]) {
      const result = validateEventCompiled(input);
      expect(result.ok).toBe(false);
      expect(result).toEqual(validateEvent(input));
    }
  });

  it('judges the date against a clock as zod does: a day ahead at most, else refused with its reasons', () => {
    const received = examples.find((e) => e.type === 'request.received') as Record<string, unknown>;
    const now = new Date('2024-06-30T12:00:00+08:00');
    const dates = [
      '2024-06-30',
      '2024-07-01T12:00:00+08:00', // exactly a day ahead: accepted
      '2024-07-01T12:00:01+08:00', // a second more: refused
      '2024-07-02',
      '2031-01-01T00:00:00Z',
    ];
    const answers = dates.map((occurredAt) => {
      const input = { ...received, occurredAt };
      const compiled = validateEventCompiled(structuredClone(input), { now });
      expect(compiled).toEqual(validateEvent(structuredClone(input), { now }));
      return compiled.ok;
    });
    expect(answers).toEqual([true, true, false, false, false]);
    // Refused for the date and for a field alike: every reason, as zod gives them.
    const both = { ...received, occurredAt: '2031-01-01', eventId: '' };
    const result = validateEventCompiled(both, { now });
    expect(result.ok).toBe(false);
    expect(result).toEqual(validateEvent(both, { now }));
  });
});
