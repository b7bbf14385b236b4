/**
 * POST /v1/events through the local gateway, the real authorizer and handler, into dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRECHECK_FROM } from '../../shared/adapters/dynamodb-event-store.ts';
import type { EventRecord, EventStore } from '../../shared/ports.ts';
import { hashKey, keyIdOf, revokeKey } from '../../shared/use-cases/keys.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
let keyA: string;

beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies('agency-a', 'agency-b');
  keyA = await gk.keyFor('agency-a');
});
afterAll(async () => {
  await gk?.close();
});

describe('idempotency', () => {
  it('stores the same event posted 3× concurrently once: one accepted, two duplicate', async () => {
    // Prepare
    const event = received('concurrent-1');
    // Act
    const answers = await Promise.all([1, 2, 3].map(() => gk.post('/v1/events', event, keyA)));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const statuses = answers.map((a) => a.body.results[0]?.status).sort();
    expect(statuses).toEqual(['accepted', 'duplicate', 'duplicate']);
    const stored = (await gk.stored('agency-a')).filter((e) => e.eventId === 'concurrent-1');
    expect(stored).toEqual([event]);
  });

  it('answers duplicate whatever the key order of the same event', async () => {
    const event = received('reordered-1');
    const reordered = {
      data: event.data,
      type: event.type,
      occurredAt: event.occurredAt,
      agencyId: event.agencyId,
      eventId: event.eventId,
    };
    expect((await gk.post('/v1/events', event, keyA)).body.results[0]?.status).toBe('accepted');
    expect((await gk.post('/v1/events', reordered, keyA)).body.results[0]?.status).toBe('duplicate');
  });

  it('refuses the same eventId with another body as a conflict and keeps the stored one', async () => {
    const first = received('conflict-1');
    const second = received('conflict-1', 'agency-a', { occurredAt: '2019-03-05' });
    expect((await gk.post('/v1/events', first, keyA)).status).toBe(200);
    // Act
    const answer = await gk.post('/v1/events', second, keyA);
    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.results[0]).toMatchObject({ index: 0, status: 'conflict', eventId: 'conflict-1' });
    expect(answer.body.results[0]?.message).toMatch(/different body/);
    const stored = (await gk.stored('agency-a')).filter((e) => e.eventId === 'conflict-1');
    expect(stored).toEqual([first]);
  });

  for (const size of [3, PRECHECK_FROM, 120]) {
    it(`judges a retried batch of ${size} the same way whether or not it is read first (from ${PRECHECK_FROM} on)`, async () => {
      const events = Array.from({ length: size }, (_, i) => received(`retry-${size}-${i}`));
      const first = await gk.post('/v1/events', { events }, keyA);
      expect(first.body.summary).toMatchObject({ accepted: size, duplicate: 0 });
      // Act: the same batch again, with one new event and one changed body.
      const changed = received(`retry-${size}-0`, 'agency-a', { occurredAt: '2019-06-01' });
      const fresh = received(`retry-${size}-new`);
      const again = await gk.post('/v1/events', { events: [changed, ...events.slice(1), fresh] }, keyA);
      // Assess
      expect(again.status).toBe(207);
      expect(again.body.results.map((r) => r.status)).toEqual([
        'conflict',
        ...Array(size - 1).fill('duplicate'),
        'accepted',
      ]);
      const stored = (await gk.stored('agency-a')).filter((e) =>
        String(e.eventId).startsWith(`retry-${size}-`),
      );
      expect(stored).toHaveLength(size + 1);
      expect(stored).toContainEqual(events[0]);
    });
  }

  it('judges a repeated eventId inside one batch in order: accepted, then duplicate or conflict', async () => {
    const event = received('twice-1');
    const answer = await gk.post(
      '/v1/events',
      { events: [event, event, received('twice-1', 'agency-a', { occurredAt: '2019-05-05' })] },
      keyA,
    );
    expect(answer.status).toBe(207);
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'duplicate',
      'conflict',
    ]);
  });
});

describe('a batch', () => {
  it('answers a mix of valid, invalid, duplicate and foreign-agency events event by event, in order', async () => {
    // Prepare
    const stored = received('mix-stored');
    await gk.post('/v1/events', stored, keyA);
    const invalid = {
      ...received('mix-invalid'),
      data: { requestId: 'x', channel: 'pigeon', applicantType: 'natural_person', extra: 1 },
    };
    const foreign = received('mix-foreign', 'agency-b');
    // Act
    const answer = await gk.post(
      '/v1/events',
      { events: [received('mix-new'), invalid, stored, foreign] },
      keyA,
    );
    // Assess
    expect(answer.status).toBe(207);
    expect(answer.body.summary).toEqual({
      accepted: 1,
      duplicate: 1,
      rejected: 1,
      conflict: 0,
      forbidden: 1,
    });
    const [a, b, c, d] = answer.body.results;
    expect(a).toEqual({ index: 0, status: 'accepted', eventId: 'mix-new', agencyId: 'agency-a' });
    expect(b).toMatchObject({ index: 1, status: 'rejected', eventId: 'mix-invalid' });
    expect(b?.issues).toEqual([
      { path: 'events[1].data.channel', message: expect.stringMatching(/must be one of the channels/) },
      { path: 'events[1].data.extra', message: 'unknown field' },
    ]);
    expect(c).toEqual({ index: 2, status: 'duplicate', eventId: 'mix-stored', agencyId: 'agency-a' });
    expect(d).toMatchObject({ index: 3, status: 'forbidden', eventId: 'mix-foreign', agencyId: 'agency-b' });
    expect(await gk.stored('agency-b')).toEqual([]);
  });

  it('names every reason of an invalid single event without a prefix (422)', async () => {
    const answer = await gk.post(
      '/v1/events',
      { eventId: 'bad one', agencyId: 'agency-a', type: 'nope', data: {} },
      keyA,
    );
    expect(answer.status).toBe(422);
    const paths = answer.body.results[0]?.issues?.map((i: { path: string }) => i.path);
    expect(paths).toContain('type');
  });
});

describe('scope', () => {
  it('a key for agency A cannot write agency B (403, nothing stored)', async () => {
    const answer = await gk.post('/v1/events', received('b-1', 'agency-b'), keyA);
    expect(answer.status).toBe(403);
    expect(answer.body.results[0]).toMatchObject({ status: 'forbidden', agencyId: 'agency-b' });
    expect(answer.body.results[0]?.message).toMatch(/may not write for agency "agency-b"/);
    expect(await gk.stored('agency-b')).toEqual([]);
  });

  it('a key for A and B writes both', async () => {
    const keyAB = await gk.keyFor('agency-a', 'agency-b');
    const answer = await gk.post(
      '/v1/events',
      { events: [received('ab-1'), received('ab-2', 'agency-b')] },
      keyAB,
    );
    expect(answer.status).toBe(200);
    expect(await gk.stored('agency-b')).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('401 without an Authorization header (the gateway, before the authorizer)', async () => {
    const answer = await gk.post('/v1/events', received('no-key'));
    expect(answer.status).toBe(401);
  });

  it('401 with a reason for a key that is not one, unknown or revoked', async () => {
    const malformed = await gk.post('/v1/events', received('k-1'), 'not-a-key');
    expect(malformed.status).toBe(401);
    expect(malformed.body.error).toMatchObject({ status: 401, code: 'unauthorized' });
    const unknown = await gk.post('/v1/events', received('k-2'), `gk_${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('unknown API key');

    const key = await gk.keyFor('agency-a');
    await revokeKey({ ...gk.app.stores, clock: () => new Date() }, keyIdOf(hashKey(key)));
    // A fresh instance (its authorizer cache empty) sees the revocation at once.
    const fresh = await testGongkai({ sameTablesAs: gk });
    const revoked = await fresh.post('/v1/events', received('k-3'), key);
    await fresh.close();
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);
  });

  it('400 for malformed JSON and bad envelopes, with a clear message', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"events": [', /not valid JSON/],
      ['', /empty/],
      ['[1,2]', /a JSON array/],
      ['"text"', /a string/],
      [{ events: {} }, /"events" must be a list/],
      [{ events: [] }, /empty/],
      [{ events: [received('e-1')], extra: true }, /one field, "events"/],
    ];
    for (const [body, message] of cases) {
      const answer = await gk.post('/v1/events', body, keyA);
      expect(answer.status, String(body)).toBe(400);
      expect(answer.body.error.message).toMatch(message);
    }
  });

  it('413 for a body over 1 MiB or more than 500 events', async () => {
    const big = await gk.post('/v1/events', { ...received('big-1'), source: 'x'.repeat(1024 * 1024) }, keyA);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const many = await gk.post(
      '/v1/events',
      { events: Array.from({ length: 501 }, (_, i) => received(`many-${i}`)) },
      keyA,
    );
    expect(many.status).toBe(413);
    expect(many.body.error.message).toMatch(/at most 500/);
  });

  it('answers a storage failure with a generic 503 that leaks nothing', async () => {
    const broken = await testGongkai({
      sameTablesAs: gk,
      wrapEventStore: (store) => ({
        readEvents: (id) => store.readEvents(id),
        append: async () => {
          throw new Error('secret internal detail: table arn:aws:dynamodb:xyz');
        },
      }),
    });
    const answer = await broken.post('/v1/events', received('fail-1'), keyA);
    await broken.close();
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.body)).not.toMatch(/secret|arn:/);
    expect(answer.body.error.code).toBe('unavailable');
  });
});

describe('changed markers', () => {
  it('marks the agency after its events are stored, and a retried duplicate re-marks it', async () => {
    // Prepare: an event store that stores, then "crashes" before the marker is written.
    let crash = true;
    const crashing = await testGongkai({
      sameTablesAs: gk,
      wrapEventStore: (store): EventStore => ({
        readEvents: (id) => store.readEvents(id),
        append: async (records: readonly EventRecord[]) => {
          const outcomes = await store.append(records);
          if (crash) throw new Error('crash after the events were written');
          return outcomes;
        },
      }),
    });
    await gk.agencies('agency-c');
    const keyC = await gk.keyFor('agency-c');
    const mark = async () => (await gk.app.stores.markers.list()).find((m) => m.agencyId === 'agency-c');
    // the best-effort marking after a failure would hide the crash: clear whatever it left
    const first = await crashing.post('/v1/events', received('crash-1', 'agency-c'), keyC);
    expect(first.status).toBe(503);
    const left = await mark();
    if (left) await gk.app.stores.markers.clear(left);
    expect(await mark()).toBeUndefined();
    expect(await gk.stored('agency-c')).toHaveLength(1);
    // Act: the client retries
    crash = false;
    const retry = await crashing.post('/v1/events', received('crash-1', 'agency-c'), keyC);
    await crashing.close();
    // Assess
    expect(retry.body.results[0]?.status).toBe('duplicate');
    expect(await mark()).toMatchObject({ agencyId: 'agency-c' });
  });

  it('the nightly clears a marker only if no event arrived since it was read', async () => {
    await gk.agencies('agency-d');
    const keyD = await gk.keyFor('agency-d');
    await gk.post('/v1/events', received('m-1', 'agency-d'), keyD);
    const read = (await gk.app.stores.markers.list()).find((m) => m.agencyId === 'agency-d')!;
    await gk.post('/v1/events', received('m-2', 'agency-d'), keyD); // arrives during the run
    expect(await gk.app.stores.markers.clear(read)).toBe(false);
    const nightly = await gk.post('/v1/admin/nightly', '');
    expect(nightly.body.processed).toContain('agency-d');
    expect((await gk.app.stores.markers.list()).find((m) => m.agencyId === 'agency-d')).toBeUndefined();
  });
});
