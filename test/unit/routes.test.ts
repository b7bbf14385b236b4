/**
 * The routes are one table (shared/http/routes.ts): every handler's dispatch map has exactly the keys of
 * its function's routes, the local gateway is built with exactly the table's routes and their auth, and
 * README's route table is the table's Markdown. The CDK side is in test/infra/template.test.ts, the served
 * side (requests through the real gateway) in test/integration/routes.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATOR_ROUTES } from '../../functions/generator/handler.ts';
import { REPORTS_ROUTES } from '../../functions/reports-api/handler.ts';
import { SITE_ROUTES } from '../../functions/site/handler.ts';
import { STATISTICS_ROUTES } from '../../functions/statistics-api/handler.ts';
import { LOCAL_ADMIN_ROUTES, type LocalFunctions, localRoutes } from '../../infra/local/app.ts';
import type { Authorizer } from '../../infra/local/gateway.ts';
import {
  API_TIMEOUT_SECONDS,
  DEPLOYED_ROUTES,
  dispatch,
  type HttpFunction,
  ROUTES,
  routeKey,
  routeKeysOf,
  routesMarkdown,
} from '../../shared/http/routes.ts';
import { runCli } from '../support/cli.ts';

/** Each function's dispatch map; a function without one serves a single route. */
const DISPATCH: Readonly<Record<HttpFunction, readonly string[] | 'single route'>> = {
  'ingest-http': 'single route',
  'statistics-api': Object.keys(STATISTICS_ROUTES),
  'reports-api': Object.keys(REPORTS_ROUTES),
  generator: Object.keys(GENERATOR_ROUTES),
  site: Object.keys(SITE_ROUTES),
  'local-admin': Object.keys(LOCAL_ADMIN_ROUTES),
};

describe('the route table', () => {
  it('declares each route once, the API under /v1, deployed ones within the gateway timeout', () => {
    const keys = ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of ROUTES) {
      // The site's pages and the console live at the root; everything else is the versioned API.
      if (route.function !== 'site') expect(route.path, routeKey(route)).toMatch(/^\/v1\//u);
      else expect(route.path, routeKey(route)).not.toMatch(/^\/v1\//u);
      expect(route.description, routeKey(route)).not.toMatch(/\p{Script=Han}/u);
    }
    for (const route of DEPLOYED_ROUTES) {
      expect(route.timeoutSeconds, routeKey(route)).toBeLessThanOrEqual(API_TIMEOUT_SECONDS);
      // Only the site (public pages, console files) is deployed without an authorizer.
      if (route.function !== 'site') expect(route.auth, routeKey(route)).not.toBe('none');
      else expect(route.auth, routeKey(route)).toBe('none');
    }
    for (const route of ROUTES.filter((r) => r.auth === 'none' && r.function !== 'site'))
      expect('localOnly' in route).toBe(true);
  });

  it("gives every route a handler in its function's dispatch map, and no handler a key outside the table", () => {
    for (const [fn, keys] of Object.entries(DISPATCH) as [
      HttpFunction,
      readonly string[] | 'single route',
    ][]) {
      const declared = routeKeysOf(fn);
      if (keys === 'single route') expect(declared, fn).toHaveLength(1);
      else expect([...keys].sort(), fn).toEqual([...declared].sort());
    }
  });

  it('dispatches a key outside the map to a 404 (never to an inherited property)', () => {
    expect(() => dispatch(REPORTS_ROUTES, 'GET /v1/nowhere')).toThrow(/no route GET \/v1\/nowhere/u);
    expect(() => dispatch(REPORTS_ROUTES, '__proto__')).toThrow(/no route/u);
    expect(() => dispatch(REPORTS_ROUTES, 'toString')).toThrow(/no route/u);
  });

  it('builds the local gateway with exactly the routes of the table, their auth and timeouts', async () => {
    const handlerOf = Object.fromEntries(
      (Object.keys(DISPATCH) as HttpFunction[]).map((fn) => [
        fn,
        async () => ({ statusCode: 200, body: fn }),
      ]),
    ) as unknown as LocalFunctions;
    const authorizer: Authorizer = async () => ({ isAuthorized: true });
    const routes = localRoutes(handlerOf, authorizer);
    expect(routes.map(routeKey)).toEqual(ROUTES.map(routeKey));
    for (const [i, route] of routes.entries()) {
      const declared = ROUTES[i]!;
      expect(route.auth, routeKey(route)).toBe(declared.auth);
      expect(route.authorizer, routeKey(route)).toBe(declared.auth === 'none' ? undefined : authorizer);
      expect(route.timeoutSeconds, routeKey(route)).toBe(declared.timeoutSeconds);
      expect(route.handler, routeKey(route)).toBe(handlerOf[declared.function]);
    }
  });

  it("is README's route table", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- routes:begin[^\n]*-->\n([\s\S]*?)\n<!-- routes:end -->/u.exec(readme);
    expect(block, 'README.md has no <!-- routes:begin … routes:end --> block').not.toBeNull();
    expect(block?.[1], 'regenerate it: npm run --silent gongkai -- routes --markdown').toBe(routesMarkdown());
  });

  it('is what `gongkai routes` lists, in text and as JSON', () => {
    const text = runCli(['routes']);
    expect(text.status).toBe(0);
    for (const route of ROUTES) expect(text.stdout).toContain(routeKey(route));
    const json = runCli(['routes', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ routes: ROUTES });
    expect(runCli(['routes', '--markdown']).stdout).toBe(`${routesMarkdown()}\n`);
  });
});
