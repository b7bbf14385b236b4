/**
 * Hostile text and events from the future, through the local gateway, the real authorizer and handlers,
 * into dynalite: bytes that are not UTF-8 are refused (never stored with U+FFFD), ids and labels holding
 * bidi controls or (ids) zero-width characters are refused with their field path, and an event dated more
 * than a day after the server's clock is refused at `occurredAt`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
let key: string;

beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies('text-a');
  key = await gk.keyFor('text-a');
});
afterAll(async () => {
  await gk?.close();
});

/** POSTs raw bytes, as a client with a broken encoder would. */
async function postBytes(path: string, bytes: Uint8Array, contentType = 'application/json') {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${key}` },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBytes = (before: string, raw: number[], after: string) =>
  new Uint8Array([...utf8(before), ...raw, ...utf8(after)]);

describe('a body that is not UTF-8', () => {
  const event = received('utf8-1', 'text-a');
  const text = JSON.stringify(event);
  const [before, after] = text.split('YSQ-utf8-1') as [string, string];

  for (const [name, raw] of [
    ['\\xff\\xfe', [0xff, 0xfe]],
    ['a truncated sequence (\\xe4\\xb8)', [0xe4, 0xb8]],
    ['an encoded surrogate (\\xed\\xa0\\x80)', [0xed, 0xa0, 0x80]],
    ['an overlong slash (\\xc0\\xaf)', [0xc0, 0xaf]],
  ] as const) {
    it(`is refused with 400 malformed_body and nothing is stored: ${name}`, async () => {
      const bytes = withBytes(before, [...utf8('YSQ-'), ...raw], after);
      const answer = await postBytes('/v1/events', bytes);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('malformed_body');
      expect(answer.body.error.message).toMatch(/not valid UTF-8/);
      expect(await gk.stored('text-a')).toEqual([]);
    });
  }

  it('is refused whatever the content type says (text/plain, octet-stream)', async () => {
    const bytes = withBytes(before, [0xff, 0xfe], after);
    for (const type of ['text/plain; charset=utf-8', 'application/octet-stream']) {
      const answer = await postBytes('/v1/events', bytes, type);
      expect(answer.status, type).toBe(400);
      expect(answer.body.error.code).toBe('malformed_body');
    }
  });

  it('is refused by the local queue too, before it becomes a message', async () => {
    const response = await fetch(`${gk.gateway.url}/v1/admin/queue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: withBytes(before, [0xff, 0xfe], after),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Answer).error.code).toBe('malformed_body');
  });

  it('while valid UTF-8 (CJK, emoji) is stored exactly as sent', async () => {
    const ok = received('utf8-2', 'text-a', {
      data: { requestId: '杭公〔2021〕5号📢', channel: 'online', applicantType: 'natural_person' },
    });
    const answer = await postBytes('/v1/events', utf8(JSON.stringify(ok)));
    expect(answer.status).toBe(200);
    expect(await gk.stored('text-a')).toEqual([ok]);
  });
});

describe('bidi controls and zero-width characters', () => {
  it('are refused in ids, source and labels, each with its field path', async () => {
    const events = [
      received('bidi-1', 'text-a', {
        data: { requestId: 'R\u202E1', channel: 'online', applicantType: 'natural_person' },
      }),
      received('bidi-2', 'text-a', { source: 'portal\u200B' }),
      {
        eventId: 'bidi-3',
        agencyId: 'text-a',
        type: 'disclosure.published',
        occurredAt: '2021-01-15',
        data: { itemId: 'GK-1', category: '公告\u2067公示', channels: ['website'] },
      },
    ];
    const { status, body } = await gk.post('/v1/events', { events }, key);
    expect(status).toBe(422);
    expect(body.results.map((r) => r.issues?.map((i) => i.path))).toEqual([
      ['events[0].data.requestId'],
      ['events[1].source'],
      ['events[2].data.category'],
    ]);
    expect(body.results[0]?.issues?.[0]?.message).toMatch(/bidirectional control.*U\+202E/);
    expect(body.results[1]?.issues?.[0]?.message).toMatch(/zero-width.*U\+200B/);
    expect(await gk.stored('text-a')).toHaveLength(1); // only utf8-2 of the block above
  });
});

describe('an event from the future', () => {
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

  it('more than one day after the server’s clock is refused at occurredAt, saying why', async () => {
    const future = received('future-1', 'text-a', { occurredAt: at(26 * 3_600_000) });
    const { status, body } = await gk.post('/v1/events', future, key);
    expect(status).toBe(422);
    expect(body.results[0]?.issues).toEqual([
      { path: 'occurredAt', message: expect.stringMatching(/in the future.*at most 1 day after the server/) },
    ]);
  });

  it('a few hours ahead (another offset, a clock that drifts) is accepted', async () => {
    const soon = received('future-2', 'text-a', { occurredAt: at(20 * 3_600_000) });
    const { status } = await gk.post('/v1/events', soon, key);
    expect(status).toBe(200);
  });

  it('in a batch, only the future event is refused, with its index', async () => {
    const events = [
      received('future-3', 'text-a'),
      received('future-4', 'text-a', { occurredAt: '2099-12-31' }),
    ];
    const { status, body } = await gk.post('/v1/events', { events }, key);
    expect(status).toBe(207);
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(body.results[1]?.issues?.map((i) => i.path)).toEqual(['events[1].occurredAt']);
  });
});
