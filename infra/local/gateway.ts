/**
 * The local HTTP gateway: turns each request into an API Gateway v2 (HTTP API, payload 2.0) event and
 * calls the very same handlers and authorizer as AWS does, the way an HTTP API does:
 * - a route whose key is required and no identity header (Authorization) → 401 {"message":"Unauthorized"};
 *   a route whose key is optional calls the authorizer with or without one (no identity source);
 * - the authorizer's simple response: isAuthorized false → 403 {"message":"Forbidden"}, else its
 *   context reaches the handler as requestContext.authorizer.lambda;
 * - a body over 10 MiB → 413; an unknown route → 404; a path whose percent-encoding is malformed (`%ZZ`)
 *   → 400; a handler that throws → 500 — bare, as on AWS.
 *
 * Unlike an HTTP API it listens on this machine, where any web page the user opens could reach it: a
 * request with an Origin other than the gateway's own (a page's fetch or form post) or a Host other than
 * 127.0.0.1 / localhost with its port (DNS rebinding: evil.example resolving to 127.0.0.1) is refused
 * with 403 and a JSON reason before any route runs.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayRequestAuthorizerEventV2,
  Context,
} from 'aws-lambda';
import { agencyOfEvent, lambdaLogContext } from '../../shared/adapters/logger.ts';
import type { HttpMethod, RouteAuth } from '../../shared/http/routes.ts';
import type { Logger } from '../../shared/ports.ts';

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export type Authorizer = LambdaHandler<
  APIGatewayRequestAuthorizerEventV2,
  { isAuthorized: boolean; context?: object }
>;

/** A route of shared/http/routes.ts with the local function behind it. */
export interface Route {
  readonly method: HttpMethod;
  /** `/v1/events`, or with parameters: `/v1/agencies/{id}/deadlines`. */
  readonly path: string;
  /**
   * required: no Authorization header → 401, else the authorizer decides; optional: the authorizer runs
   * with or without one (no identity source); none: no authorizer.
   */
  readonly auth: RouteAuth;
  /** The authorizer of every route whose auth is not none. */
  readonly authorizer?: Authorizer;
  readonly handler: LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;
  /** Seconds the gateway gives the function (its context's remaining time). */
  readonly timeoutSeconds: number;
}

/** API Gateway HTTP APIs accept at most 10 MiB. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]*\+(json|xml)))/i;

export function lambdaContext(name: string, timeoutSeconds = 30): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A route's parameters from a path, decoded; `malformed` when a parameter's percent-encoding is broken. */
function match(route: Route, method: string, path: string): Record<string, string> | 'malformed' | undefined {
  if (route.method !== method) return undefined;
  const want = route.path.split('/');
  const got = path.split('/');
  const greedy = /^\{(\w+)\+\}$/u.exec(want.at(-1) ?? '');
  if (greedy) {
    // `{name+}` (last): the rest of the path, one or more characters, as API Gateway's greedy variable.
    const rest = got.slice(want.length - 1).join('/');
    if (got.length < want.length || rest === '') return undefined;
    const head = match(
      { ...route, path: want.slice(0, -1).join('/') || '/' },
      method,
      got.slice(0, want.length - 1).join('/') || '/',
    );
    if (head === undefined || head === 'malformed') return head;
    try {
      return { ...head, [greedy[1]!]: decodeURIComponent(rest) };
    } catch {
      return 'malformed';
    }
  }
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return 'malformed';
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is read and dropped, so that the client gets the 413 rather than a reset.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= GATEWAY_MAX_BODY) chunks.push(chunk as Buffer);
  }
  return size > GATEWAY_MAX_BODY ? 'too-large' : Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | string[]> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** send, returning the status (for the request's log line). */
function sendStatus(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | string[]> = {},
): number {
  send(res, status, body, headers);
  return status;
}

const bare = (message: string) => JSON.stringify({ message });

/** Whether an error only says that the client closed its socket (Node: "aborted", ECONNRESET). */
function clientWentAway(req: IncomingMessage, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    req.destroyed &&
    (code === 'ECONNRESET' ||
      code === 'ECONNABORTED' ||
      (error instanceof Error && error.message === 'aborted'))
  );
}

const refusal = (message: string) => JSON.stringify({ error: { status: 403, code: 'forbidden', message } });

/** Why a request may not come from where it says it does (foreign Origin, foreign Host), or undefined. */
export function foreignRequest(
  headers: { origin?: string | undefined; host?: string | undefined },
  port: number,
): string | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (port === 80) hosts.push('127.0.0.1', 'localhost', '[::1]');
  const host = headers.host?.toLowerCase();
  if (host === undefined || !hosts.includes(host)) {
    return `the Host header "${headers.host ?? ''}" is not this gateway (${hosts[0]} or ${hosts[1]}): refused against DNS rebinding`;
  }
  if (
    headers.origin !== undefined &&
    !hosts.map((h) => `http://${h}`).includes(headers.origin.toLowerCase())
  ) {
    return `requests from another origin (${headers.origin}) are refused: call the API from a program, not a web page`;
  }
  return undefined;
}

export interface Gateway {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** What answering a request needs: the routes, each wrapped as its Lambda for the logs. */
interface Serving {
  readonly routes: readonly Route[];
  readonly logged: ReadonlyMap<Route, Route['handler']>;
  readonly log: Logger;
  readonly host: string;
  port(): number;
}

/** A matched route, or why none: a malformed parameter (400) or no route (404). */
type Matched = { route: Route; params: Record<string, string> } | 'malformed' | 'none';

export async function startGateway(options: {
  routes: readonly Route[];
  log: Logger;
  port?: number;
  host?: string;
}): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  for (const route of options.routes) {
    if (route.auth !== 'none' && !route.authorizer)
      throw new Error(
        `${route.method} ${route.path}: a route with a key (${route.auth}) needs the authorizer`,
      );
  }
  const serving: Serving = {
    routes: options.routes,
    // Each route as its Lambda: its log lines carry the request id, cold start and agency.
    logged: new Map(options.routes.map((route) => [route, lambdaLogContext(route.handler, agencyOfEvent)])),
    log: options.log,
    host,
    port: () => (server.address() as AddressInfo).port,
  };
  const server = createServer((req, res) => {
    void serve(serving, req, res);
  });
  server.keepAliveTimeout = 5000;
  await listen(server, options.port ?? 0, host);
  return gatewayOf(server, host);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function gatewayOf(server: Server, host: string): Gateway {
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}

/** One request, answered and logged with its status and duration. */
async function serve(serving: Serving, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname;
  let status = 500;
  try {
    status = await answer(serving, req, res, url);
  } catch (error) {
    status = answerFailure(serving.log, req, res, error);
  } finally {
    const ms = Math.round(performance.now() - started);
    serving.log.debug('http', { request: `${method} ${path}`, status, ms });
  }
}

/** Answers a request as an HTTP API would; returns the status sent. */
async function answer(
  serving: Serving,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<number> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const foreign = foreignRequest(req.headers, serving.port());
  if (foreign) {
    serving.log.info('local gateway: request refused', { method, path, reason: foreign });
    return sendStatus(res, 403, refusal(foreign), { 'content-type': 'application/json; charset=utf-8' });
  }
  const matched = findRoute(serving.routes, method, path);
  if (matched === 'malformed') return sendStatus(res, 400, bare('Bad Request'));
  if (matched === 'none') return sendStatus(res, 404, bare('Not Found'));
  const body = await readRequestBody(req);
  if (body === 'too-large') {
    return sendStatus(res, 413, bare('Request Entity Too Large'), { connection: 'close' });
  }
  const { route, params } = matched;
  const event = lambdaEvent(req, url, route, params, body, serving.host);
  const refused = await authorize(route, event);
  if (refused === 401) return sendStatus(res, 401, bare('Unauthorized'));
  if (refused === 403) return sendStatus(res, 403, bare('Forbidden'));
  const result = await serving.logged.get(route)!(
    event,
    lambdaContext(event.routeKey.replace(/\W+/g, '-'), route.timeoutSeconds),
  );
  return sendResult(res, result);
}

/** A handler that threw (500, bare), or a client that went away (nothing to answer). */
function answerFailure(log: Logger, req: IncomingMessage, res: ServerResponse, error: unknown): number {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (clientWentAway(req, error)) {
    // Nothing to answer and nothing wrong here: the client closed its socket mid-request.
    log.info('local gateway: the client went away mid-request', { method, path });
    return 499;
  }
  log.error('local gateway: the function failed', { method, path, error });
  if (!res.headersSent) send(res, 500, bare('Internal Server Error'));
  else res.end();
  return 500;
}

function findRoute(routes: readonly Route[], method: string, path: string): Matched {
  for (const route of routes) {
    const params = match(route, method, path);
    if (params === 'malformed') return 'malformed';
    if (params) return { route, params };
  }
  return 'none';
}

/** The API Gateway v2 event (payload 2.0) of a request. */
function lambdaEvent(
  req: IncomingMessage,
  url: URL,
  route: Route,
  params: Record<string, string>,
  body: Buffer,
  host: string,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const routeKey = `${route.method} ${route.path}`;
  const now = new Date();
  const requestContext = {
    accountId: '000000000000',
    apiId: 'local',
    domainName: headers.host ?? host,
    domainPrefix: 'local',
    http: {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: randomUUID(),
    routeKey,
    stage: '$default',
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  };
  const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined;
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim());
  // Text that is not UTF-8 goes on as base64, raw: the handler refuses it rather than reading U+FFFD.
  const textual =
    body.length === 0 || (TEXT_TYPES.test(headers['content-type'] ?? 'application/json') && isUtf8(body));
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext,
    isBase64Encoded: !textual,
    ...(cookies ? { cookies } : {}),
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
  };
}

/**
 * Runs the route's authorizer as an HTTP API does and puts its verdict in the event's context; 401 (a
 * required key without the header) or 403 (not authorized) when the request goes no further.
 */
async function authorize(route: Route, event: APIGatewayProxyEventV2): Promise<401 | 403 | undefined> {
  if (route.auth === 'none' || !route.authorizer) return undefined;
  const identity = event.headers.authorization;
  const hasIdentity = identity !== undefined && identity !== '';
  if (route.auth === 'required' && !hasIdentity) return 401;
  const verdict = await route.authorizer(
    {
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${route.method}${route.path}`,
      identitySource: route.auth === 'required' && hasIdentity ? [identity] : [],
      routeKey: event.routeKey,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      cookies: event.cookies ?? [],
      headers: event.headers,
      requestContext: event.requestContext,
      ...(event.queryStringParameters ? { queryStringParameters: event.queryStringParameters } : {}),
      ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
    },
    lambdaContext('authorizer', 10),
  );
  if (!verdict?.isAuthorized) return 403;
  (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: verdict.context ?? {} };
  return undefined;
}

/** Writes a handler's result as API Gateway does (a bare value is a 200 JSON body); returns the status. */
function sendResult(res: ServerResponse, result: APIGatewayProxyResultV2): number {
  if (typeof result === 'string' || result === undefined || result === null || !('statusCode' in result)) {
    return sendStatus(res, 200, typeof result === 'string' ? result : JSON.stringify(result ?? null));
  }
  const status = result.statusCode ?? 200;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) out[k.toLowerCase()] = String(v);
  if (result.cookies?.length) out['set-cookie'] = result.cookies;
  const payload = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : '';
  res.writeHead(status, out);
  res.end(payload);
  return status;
}
