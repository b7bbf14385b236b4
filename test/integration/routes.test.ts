/**
 * The local gateway serves exactly the routes of shared/http/routes.ts: every route of the table reaches
 * its function's handler (neither the gateway's 404 nor a handler's "no route"), with its auth as on AWS
 * (a required key: 401 from the gateway without one; optional: the handler runs with or without one), and a
 * route that is not in the table is the gateway's 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../shared/http/routes.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
let key: string;

beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies('rt-a');
  key = await gk.keyFor('rt-a');
});
afterAll(async () => {
  await gk?.close();
});

// A year before any report (400 from the handler: it got there, and nothing is generated or written).
const SAMPLE: Readonly<Record<string, string>> = {
  id: 'rt-a',
  year: '1999',
  v: '1',
  artifact: 'report.xlsx',
  'path+': 'any/page',
};
const pathOf = (path: string) => path.replace(/\{(\w+\+?)\}/gu, (_m, name: string) => SAMPLE[name] ?? 'x');

async function call(method: string, path: string, withKey: boolean) {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    method,
    redirect: 'manual',
    headers: withKey ? { authorization: `Bearer ${key}` } : {},
    ...(method === 'GET' ? {} : { body: method === 'POST' && path.endsWith('/admin/queue') ? '[]' : '{}' }),
  });
  return { status: response.status, text: await response.text() };
}

describe('the local gateway and the route table', () => {
  it('serves every route of the table with its function, never a 404 of the routing', async () => {
    for (const route of ROUTES) {
      const answer = await call(route.method, pathOf(route.path), true);
      const where = `${routeKey(route)} → ${answer.status} ${answer.text.slice(0, 200)}`;
      expect(answer.text, where).not.toBe(JSON.stringify({ message: 'Not Found' }));
      expect(answer.text, where).not.toMatch(/no route/u);
      expect(answer.status, where).toBeLessThan(500);
    }
  });

  it("applies each route's auth: a required key is the gateway's 401, optional and none reach the handler", async () => {
    for (const route of ROUTES) {
      if (route.method === 'POST' && route.path.startsWith('/v1/admin/')) continue; // writes; served above
      const answer = await call(route.method, pathOf(route.path), false);
      const where = `${routeKey(route)} → ${answer.status} ${answer.text.slice(0, 200)}`;
      if (route.auth === 'required')
        expect(answer.text, where).toBe(JSON.stringify({ message: 'Unauthorized' }));
      else expect(answer.text, where).not.toBe(JSON.stringify({ message: 'Unauthorized' }));
    }
  });

  it('answers 404 for a route that is not in the table: the gateway for another method, the site for a GET', async () => {
    for (const [method, path] of [
      ['DELETE', '/v1/events'],
      ['POST', '/reports/rt-a/2019'],
      ['PUT', '/v1/admin'],
    ] as const) {
      const answer = await call(method, path, true);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.text).toBe(JSON.stringify({ message: 'Not Found' }));
    }
    // A GET no other route takes reaches the site's catch-all (GET /{path+}), last in the table.
    for (const path of ['/v1/agencies/rt-a/reports/2019', '/v1/admin']) {
      const answer = await call('GET', path, true);
      expect(answer.status, path).toBe(404);
      expect(JSON.parse(answer.text).error.code, path).toBe('not_found');
    }
  });
});
