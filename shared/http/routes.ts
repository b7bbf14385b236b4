/**
 * The HTTP routes, as data: the one place a route is declared. The CDK stack builds the API's routes and
 * integrations from it (infra/pipeline-stack.ts), the local gateway serves the same list (infra/local/app.ts),
 * each handler's dispatch map is keyed by its routes' keys, `gongkai routes` prints it and README's route
 * table is generated from it (test/unit/routes.test.ts checks both sides).
 *
 * - `auth`: `required` — the API-key authorizer with `Authorization` as its identity source (no header: 401
 *   from the gateway itself); `optional` — the authorizer with no identity source, called with or without a
 *   key, its verdict in the context (public reads); `none` — no authorizer (local-only routes, and the
 *   public site and console files of functions/site, which read no key at all).
 * - `timeoutSeconds`: how long the gateway waits for the function. An HTTP API allows 50 ms to 30 s per
 *   integration and CDK refuses more than 29 s, so every deployed route has 29 s (API_TIMEOUT_SECONDS); the
 *   functions that only serve routes get the same Lambda timeout. Local-only routes may wait longer.
 * - `localOnly`: served by `npm start` on 127.0.0.1 only (health, admin), never deployed.
 */
import { AppError } from '../errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type RouteAuth = 'required' | 'optional' | 'none';

/** The functions behind routes: the deployed ones (functions/*) and the local admin of `npm start`. */
export type HttpFunction =
  | 'ingest-http'
  | 'statistics-api'
  | 'reports-api'
  | 'generator'
  | 'site'
  | 'local-admin';

/** The longest an HTTP API integration may wait, as CDK allows it (the service's hard limit is 30 s). */
export const API_TIMEOUT_SECONDS = 29;

export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** `/v1/events`, or with parameters: `/v1/agencies/{id}/deadlines`. */
  readonly path: string;
  readonly function: HttpFunction;
  readonly auth: RouteAuth;
  readonly timeoutSeconds: number;
  readonly localOnly?: true;
  /** One line for the docs and `gongkai routes` (English: the API's own words). */
  readonly description: string;
}

export const ROUTES = [
  {
    method: 'POST',
    path: '/v1/events',
    function: 'ingest-http',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'one event or `{"events": [...]}` (≤ 500, ≤ 1 MiB); per-event `accepted` / `duplicate` / `rejected` (every field path and reason) / `conflict` / `forbidden`; 401 without a valid key, 403 for another agency\'s events, 413 too large',
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/statistics/{year}',
    function: 'statistics-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "the nightly's statistics snapshot (`?scope=own|consolidated`, default own), with findings and watermark",
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/deadlines',
    function: 'statistics-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: "every request's legal reply limit on the working-day calendar",
  },
  {
    method: 'PUT',
    path: '/v1/agencies/{id}/template',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "assign the agency's report template, a JSON document (docs/templates.md); 400 with every field path at fault",
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/template',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: 'the template in force for a year (`?year=YYYY`, default this year)',
  },
  {
    method: 'DELETE',
    path: '/v1/agencies/{id}/template',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: 'back to the national template',
  },
  {
    method: 'PUT',
    path: '/v1/agencies/{id}/reports/{year}/narrative',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'the office\'s text by slot of the template in force, e.g. `{"s1": "…", "s5": "…", "written_on": "2020-01-15"}` (versioned; a field that is not a slot is a 400)',
  },
  {
    method: 'POST',
    path: '/v1/agencies/{id}/reports/{year}/generate',
    function: 'generator',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'a new immutable version (2019 on): xlsx, html, docx, findings.html, statistics.json, manifest.json (naming the template and its sha256)',
  },
  {
    method: 'POST',
    path: '/v1/agencies/{id}/reports/{year}/publish',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: 'publish a version (`{"version": n}`) and lock the year (later events become amendments)',
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/reports/{year}/versions',
    function: 'reports-api',
    auth: 'optional',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: 'the versions of a year: all with a key of the agency, the published one without',
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/reports/{year}/versions/{v}/{artifact}',
    function: 'reports-api',
    auth: 'optional',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'a 302 to a signed, short-lived download link with the Chinese file name (a published version without a key); with `Accept: application/json` 200 `{url, expiresAt, fileName}`',
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/reports/{year}/versions/{v}',
    function: 'reports-api',
    auth: 'optional',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "one version (as the versions list shows it: a published one without a key): its manifest's summary and each file's size, sha256 and download route",
  },
  {
    method: 'POST',
    path: '/v1/agencies/{id}/reports/{year}/corrections',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'correct a published year: publish a later version in place of the current one, `{"version": n, "reason": "…"}` (the version generated against the current one, without errors); the corrected versions stay readable',
  },
  {
    method: 'GET',
    path: '/',
    function: 'site',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'the public site (HTML, Chinese): every published report with its agency, year and date, grouped by parent agency; `?q=` finds agencies by name',
  },
  {
    method: 'GET',
    path: '/reports/{id}/{year}',
    function: 'site',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'the current published version of a report (HTML): the report itself, its files with size and sha256, its versions and the reasons of its corrections; a 404 page when not published',
  },
  {
    method: 'GET',
    path: '/agencies/{id}',
    function: 'site',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "a parent agency's children side by side for a year (`?year=`, default the latest published), from their published statistics",
  },
  {
    method: 'GET',
    path: '/v1/me',
    function: 'statistics-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "the key's id and its agencies (`id`, `name`, `parentId`), parents first: the console's sign-in",
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/reports/{year}/narrative',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      'the latest saved narrative (`version`, `sections` by slot, `savedAt`); 404 when none was saved',
  },
  {
    method: 'GET',
    path: '/v1/agencies/{id}/reports/{year}/preview/{v}',
    function: 'reports-api',
    auth: 'required',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "a version's report.html itself (text/html, `content-security-policy: sandbox`), for the console's preview",
  },
  {
    method: 'GET',
    path: '/console',
    function: 'site',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "the officer console (HTML, `cache-control: no-cache`); it signs in with an agency's key held in the tab",
  },
  {
    method: 'GET',
    path: '/console/assets/{file}',
    function: 'site',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: "the console's fingerprinted assets (cached for a year, immutable); 404 for any other name",
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'reports-api',
    // Anyone may read it; on AWS the deployed routes have an authorizer (a key is accepted and ignored).
    auth: 'optional',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description: 'this API as an OpenAPI 3.1 document (every route, its bodies, answers and examples)',
  },
  {
    method: 'GET',
    path: '/v1/health',
    function: 'local-admin',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    localOnly: true,
    description:
      '200 once everything is up (503 `starting` while the demo loads), with the queue and the next nightly',
  },
  {
    method: 'POST',
    path: '/v1/admin/nightly',
    function: 'local-admin',
    auth: 'none',
    // The whole nightly, as the dispatcher's Lambda timeout allows it.
    timeoutSeconds: 900,
    localOnly: true,
    description: 'run the nightly now',
  },
  {
    method: 'POST',
    path: '/v1/admin/queue',
    function: 'local-admin',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    localOnly: true,
    description: 'send a message (≤ 1 MiB) to the ingest queue, as a trusted producer would on AWS',
  },
  {
    method: 'GET',
    path: '/v1/admin/queue',
    function: 'local-admin',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    localOnly: true,
    description: "the ingest queue's depth and dead letters",
  },
  {
    // Last: any GET no other route takes (the local gateway tries routes in this order; API Gateway takes
    // the most specific). A route path cannot end in "/", so `/console/` reaches the console from here.
    method: 'GET',
    path: '/{path+}',
    function: 'site',
    auth: 'none',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    description:
      "any other page: `/console/` → 301 to `/console`; under `/v1/` a JSON 404 (the error model); else the site's 404 page in Chinese",
  },
] as const satisfies readonly RouteDeclaration[];

export type Route = (typeof ROUTES)[number];
/** `METHOD /path`, as API Gateway's routeKey. */
export type RouteKey = `${Route['method']} ${Route['path']}`;
/** The route keys a function serves: the keys of its dispatch map. */
export type RouteKeyOf<F extends HttpFunction> =
  Extract<Route, { function: F }> extends infer R
    ? R extends Route
      ? `${R['method']} ${R['path']}`
      : never
    : never;
/** The routes deployed with the HTTP API (all but the local-only ones). */
export type DeployedRoute = Exclude<Route, { localOnly: true }>;

export const routeKey = (route: Pick<RouteDeclaration, 'method' | 'path'>) =>
  `${route.method} ${route.path}` as RouteKey;

export const DEPLOYED_ROUTES: readonly DeployedRoute[] = ROUTES.filter(
  (route): route is DeployedRoute => !('localOnly' in route),
);

/** The keys of a function's routes, in table order. */
export const routeKeysOf = <F extends HttpFunction>(fn: F): RouteKeyOf<F>[] =>
  ROUTES.filter((route) => route.function === fn).map((route) => routeKey(route) as RouteKeyOf<F>);

/** The entry of a dispatch map for the request's routeKey, or 404 (a route this function does not serve). */
export function dispatch<K extends string, H>(routes: Readonly<Record<K, H>>, key: string): H {
  if (!Object.hasOwn(routes, key)) throw new AppError(404, 'not_found', `no route ${key}`);
  return routes[key as K];
}

/** What a route asks of its caller, in a word or two (the CLI's listing and README). */
export const AUTH_LABELS: Readonly<Record<RouteAuth, string>> = {
  required: 'key',
  optional: 'key optional',
  none: 'no key',
};

/** Who may call it and where: `key`, `key optional`, `no key, local only`. */
export const accessOf = (route: Route) =>
  `${AUTH_LABELS[route.auth]}${'localOnly' in route ? ', local only' : ''}`;

/** The routes as a Markdown table (README's route table is this, checked by a test). */
export function routesMarkdown(): string {
  return [
    '| route | key | what |',
    '|---|---|---|',
    ...ROUTES.map(
      (route) =>
        `| \`${routeKey(route)}\` | ${accessOf(route)} | ${route.description.replaceAll('|', '\\|')} |`,
    ),
  ].join('\n');
}
