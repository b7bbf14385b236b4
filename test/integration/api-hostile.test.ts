/**
 * Every deployed route (shared/http/routes.ts) with hostile path segments, query strings and bodies (fast-check), through the local
 * gateway and the real handlers: the answer is a 4xx that explains itself (or a success), never a 5xx, and
 * no answer carries internals (stack frames, SDK or file names).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYED_ROUTES } from '../../shared/http/routes.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
let key: string;

beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies('api-a');
  key = await gk.keyFor('api-a');
  await gk.post('/v1/events', received('api-e1', 'api-a'), key);
});
afterAll(async () => {
  await gk?.close();
});

const segment = fc.oneof(
  {
    // Mostly plausible values, so that requests get past the routing and the key into the handlers.
    arbitrary: fc.constantFrom(
      'api-a',
      'api-b',
      '2019',
      '2024',
      '1',
      '0',
      '-1',
      '99999999999',
      'report.xlsx',
      'manifest.json',
    ),
    weight: 4,
  },
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%00',
    '%E4%B8%AD',
    'a%2Fb',
    '%',
    '%ZZ',
    'x'.repeat(300),
    '__proto__',
    'constructor',
  ),
  fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?scope=own',
    '?scope=consolidated',
    '?scope=all',
    '?scope=',
    '?scope=own&scope=own',
    '?%ZZ=1',
  ),
  fc.string({ maxLength: 20 }).map((q) => `?${encodeURIComponent(q)}=${encodeURIComponent(q)}`),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json(),
  fc.string({ maxLength: 50 }),
  fc.constantFrom('{"version": 1}', '{"version": "1"}', '{"s1": "文本"}', '{"s1": 5}', '[]', 'null'),
);

describe('every route, hostile input', () => {
  it('answers 2xx, 3xx or a 4xx that explains itself; never a 5xx, never internals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DEPLOYED_ROUTES),
        fc.array(segment, { minLength: 4, maxLength: 4 }),
        query,
        body,
        fc.boolean(),
        async (route, segments, search, payload, withKey) => {
          let i = 0;
          const path = route.path.replace(/\{[^}]+\}/gu, () => segments[i++]!);
          const response = await fetch(`${gk.gateway.url}${path}${search}`, {
            method: route.method,
            redirect: 'manual',
            headers: {
              ...(withKey ? { authorization: `Bearer ${key}` } : {}),
              ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(payload === undefined || route.method === 'GET' ? {} : { body: payload }),
          });
          const text = await response.text();
          const where = `${route.method} ${path}${search} → ${response.status} ${text.slice(0, 300)}`;
          expect(response.status, where).toBeLessThan(500);
          expect(text, where).not.toMatch(/\s+at \S+ \(|node_modules|@aws-sdk|\.ts:\d+/u);
          if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
            // An error that says what is wrong, or (ingest) a verdict per event.
            const answer = JSON.parse(text) as {
              error?: { message?: string };
              message?: string;
              results?: { status: string }[];
            };
            expect(answer.error?.message ?? answer.message ?? answer.results?.length, where).toBeTruthy();
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
