/**
 * A revoked key stops writing at once: the authorizer remembers good keys for a while (reads), but every
 * write — events, the narrative, generate, publish — reads the key's record first. Through the real
 * gateway, authorizer and handlers on the emulators, with the authorizer's cache warm.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey, keyIdOf, revokeKey } from '../../shared/use-cases/keys.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const A = `rv-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies(A);
});
afterAll(async () => {
  await gk?.close();
});

async function call(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: loosely typed answers, read field by field
  return { status: response.status, body: JSON.parse(text) as any };
}

describe('revocation', () => {
  it('refuses every write of a revoked key at once, with the reason; reads may still be cached', async () => {
    const key = await gk.keyFor(A);
    const report = `/v1/agencies/${A}/reports/2019`;
    // The key works, and the authorizer now remembers it.
    expect((await call('POST', '/v1/events', key, received('rv-1', A))).status).toBe(200);
    const generated = await call('POST', `${report}/generate`, key);
    expect(generated.status).toBe(201);
    expect((await call('GET', `/v1/agencies/${A}/statistics/2019`, key)).status).not.toBe(401);

    await revokeKey({ ...gk.app.stores, clock: () => new Date() }, keyIdOf(hashKey(key)));

    const writes = [
      await call('POST', '/v1/events', key, received('rv-2', A)),
      await call('PUT', `${report}/narrative`, key, { s1: '总体情况' }),
      await call('POST', `${report}/generate`, key),
      await call('POST', `${report}/publish`, key, { version: generated.body.version }),
    ];
    for (const answer of writes) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(answer.body.error.message).toMatch(/revoked on \d{4}-/);
    }
    // Nothing was written: the event is not stored, no version 2, nothing published.
    expect((await gk.stored(A)).map((e) => e.eventId)).toEqual(['rv-1']);
    expect(await gk.app.stores.reports.getPublication(A, 2019)).toBeUndefined();
  });
});
