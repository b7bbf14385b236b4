/**
 * Hostile bodies through the local gateway, the real authorizer and handler, into dynalite (fast-check):
 * whatever arrives, the answer is a 4xx that explains itself or a per-event verdict, never a 5xx; what is
 * refused is not stored, and what is accepted is stored exactly once, as sent.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
let key: string;

beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies('hostile-a', 'hostile-b');
  key = await gk.keyFor('hostile-a');
});
afterAll(async () => {
  await gk?.close();
});

const VERDICTS = new Set(['accepted', 'duplicate', 'rejected', 'conflict', 'forbidden']);

/** The answer explains itself: an error with a code and a message, or one verdict per event in order. */
function expectExplained(status: number, body: Record<string, unknown>, events: number | undefined) {
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  if (status === 400 || status === 413) {
    const error = body.error as { code: string; message: string };
    expect(error.code).toMatch(/^(malformed_json|bad_envelope|payload_too_large)$/);
    expect(error.message.length).toBeGreaterThan(10);
    return;
  }
  expect([200, 207, 403, 409, 422]).toContain(status);
  const results = body.results as { index: number; status: string; issues?: { path: string }[] }[];
  if (events !== undefined) expect(results.map((r) => r.index)).toEqual([...Array(events).keys()]);
  for (const r of results) {
    expect(VERDICTS.has(r.status)).toBe(true);
    if (r.status === 'rejected') expect(r.issues?.length).toBeGreaterThan(0);
  }
}

/** A valid event with one field replaced by an arbitrary value (or removed). */
const mutatedEvent = fc
  .record({
    n: fc.nat(),
    path: fc.constantFrom(
      ['eventId'],
      ['agencyId'],
      ['type'],
      ['occurredAt'],
      ['data'],
      ['data', 'requestId'],
      ['data', 'channel'],
      ['data', 'applicantType'],
      ['extra'],
      ['data', 'extra'],
      ['__proto__'],
    ),
    value: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
  })
  .map(({ n, path, value }) => {
    const event: Record<string, unknown> = JSON.parse(JSON.stringify(received(`h-${n}`, 'hostile-a')));
    let at = event;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    const last = path[path.length - 1]!;
    if (value === undefined) delete at[last];
    else Object.defineProperty(at, last, { value, enumerable: true, writable: true, configurable: true });
    return event;
  });

describe('hostile bodies', () => {
  it('any JSON value, any text: a 4xx that explains itself or a verdict per event, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.jsonValue().map((v) => JSON.stringify({ events: v })),
          fc
            .array(fc.jsonValue(), { minLength: 1, maxLength: 5 })
            .map((events) => JSON.stringify({ events })),
        ),
        async (text) => {
          const { status, body } = await gk.post('/v1/events', text, key);
          expectExplained(status, body as unknown as Record<string, unknown>, undefined);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mutated events: each judged alone, rejected ones with field paths, nothing refused is stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedEvent, { minLength: 1, maxLength: 8 }), async (events) => {
        const { status, body } = await gk.post('/v1/events', { events }, key);
        expectExplained(status, body as unknown as Record<string, unknown>, events.length);
        const stored = new Map((await gk.stored('hostile-a')).map((e) => [e.eventId, e]));
        body.results.forEach((result, i) => {
          if (result.status === 'rejected') {
            for (const issue of result.issues ?? [])
              expect(issue.path).toMatch(new RegExp(`^events\\[${i}\\]`));
          }
          if (result.status === 'accepted' || result.status === 'duplicate') {
            expect(stored.has(result.eventId!)).toBe(true);
          }
          if (result.status === 'accepted') {
            // Stored as sent (the first time its eventId was accepted).
            expect(stored.get(result.eventId!)).toEqual(JSON.parse(JSON.stringify(events[i])));
          }
          if (result.status === 'forbidden') expect(result.agencyId).not.toBe('hostile-a');
        });
        const ids = new Set(events.map((e) => e.agencyId).filter((a): a is string => typeof a === 'string'));
        for (const other of [...ids].filter((a) => a !== 'hostile-a' && /^[a-z0-9-]{1,64}$/.test(a))) {
          expect(await gk.stored(other)).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a body nested 200,000 levels deep is a 400, not a crash', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const answer = await gk.post('/v1/events', `{"events":${deep}}`, key);
    expectExplained(answer.status, answer.body as unknown as Record<string, unknown>, undefined);
    // Deep inside an event: refused at the field, without walking into it.
    const event = JSON.stringify(received('deep-1', 'hostile-a')).replace(
      /"data":\{[^}]*\}/,
      `"data":${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    );
    const inEvent = await gk.post('/v1/events', `{"events":[${event}]}`, key);
    expect(inEvent.status).toBe(422);
    expect(inEvent.body.results[0]!.issues![0]!.path).toBe('events[0].data');
  });
});
