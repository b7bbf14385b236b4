/**
 * The local HTTP gateway: turns each request into an API Gateway v2 (HTTP API, payload 2.0) event and
 * calls the very same handlers and authorizer as AWS does, the way an HTTP API does:
 * - a route with an authorizer and no identity header (Authorization) → 401 {"message":"Unauthorized"};
 * - the authorizer's simple response: isAuthorized false → 403 {"message":"Forbidden"}, else its
 *   context reaches the handler as requestContext.authorizer.lambda;
 * - a body over 10 MiB → 413; an unknown route → 404; a path whose percent-encoding is malformed (`%ZZ`)
 *   → 400; a handler that throws → 500 — bare, as on AWS.
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
import type { Logger } from '../../shared/ports.ts';

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** `/v1/events`, or with parameters: `/v1/reports/{agencyId}/{year}`. */
  readonly path: string;
  readonly authorizer?: LambdaHandler<
    APIGatewayRequestAuthorizerEventV2,
    { isAuthorized: boolean; context?: object }
  >;
  readonly handler: LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;
  /** Seconds before the function would time out (its Lambda timeout). */
  readonly timeoutSeconds?: number;
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

const bare = (message: string) => JSON.stringify({ message });

export interface Gateway {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function startGateway(options: {
  routes: readonly Route[];
  log: Logger;
  port?: number;
  host?: string;
}): Promise<Gateway> {
  const { routes, log } = options;
  const host = options.host ?? '127.0.0.1';

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    let status = 500;
    try {
      let route: Route | undefined;
      let params: Record<string, string> | 'malformed' | undefined;
      for (const candidate of routes) {
        params = match(candidate, method, path);
        if (params) {
          route = candidate;
          break;
        }
      }
      if (params === 'malformed') {
        status = 400;
        return send(res, 400, bare('Bad Request'));
      }
      if (!route || !params) {
        status = 404;
        return send(res, 404, bare('Not Found'));
      }
      const body = await readRequestBody(req);
      if (body === 'too-large') {
        status = 413;
        return send(res, 413, bare('Request Entity Too Large'), { connection: 'close' });
      }
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
          method,
          path,
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
      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey,
        rawPath: path,
        rawQueryString: url.search.slice(1),
        headers,
        requestContext,
        isBase64Encoded: !textual,
        ...(cookies ? { cookies } : {}),
        ...(query ? { queryStringParameters: query } : {}),
        ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
        ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      };

      if (route.authorizer) {
        const identity = headers.authorization;
        if (identity === undefined || identity === '') {
          status = 401;
          return send(res, 401, bare('Unauthorized'));
        }
        const verdict = await route.authorizer(
          {
            version: '2.0',
            type: 'REQUEST',
            routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${route.method}${route.path}`,
            identitySource: [identity],
            routeKey,
            rawPath: path,
            rawQueryString: event.rawQueryString,
            cookies: cookies ?? [],
            headers,
            requestContext,
            ...(query ? { queryStringParameters: query } : {}),
            ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
          },
          lambdaContext('authorizer', 10),
        );
        if (!verdict?.isAuthorized) {
          status = 403;
          return send(res, 403, bare('Forbidden'));
        }
        (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: verdict.context ?? {} };
      }

      const result = await route.handler(
        event,
        lambdaContext(routeKey.replace(/\W+/g, '-'), route.timeoutSeconds),
      );
      if (
        typeof result === 'string' ||
        result === undefined ||
        result === null ||
        !('statusCode' in result)
      ) {
        status = 200;
        return send(res, 200, typeof result === 'string' ? result : JSON.stringify(result ?? null));
      }
      status = result.statusCode ?? 200;
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) out[k.toLowerCase()] = String(v);
      if (result.cookies?.length) out['set-cookie'] = result.cookies;
      const payload = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : '';
      res.writeHead(status, out);
      res.end(payload);
    } catch (error) {
      status = 500;
      log.error('local gateway: the function failed', { method, path, error });
      if (!res.headersSent) send(res, 500, bare('Internal Server Error'));
      else res.end();
    } finally {
      const ms = Math.round(performance.now() - started);
      log.debug('http', { request: `${method} ${path}`, status, ms });
    }
  }

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
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
