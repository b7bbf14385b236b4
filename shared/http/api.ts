/**
 * HTTP API (API Gateway v2, payload 2.0) helpers shared by the handlers: JSON answers, the request body,
 * the authorizer's context, two middy middlewares — the error model and the API-key check — and the
 * handler of routes behind a required key that puts them together.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { AppError, badRequest, publicError, unauthorized } from '../errors.ts';
import type { Logger } from '../ports.ts';
import { dispatch } from './routes.ts';

/**
 * What the authorizer hands on. The authorizer lets every request that carries an Authorization header
 * through to the handler with its verdict, because an HTTP API answers a denying authorizer with a bare
 * 403 that explains nothing; the handler then answers 401 with the reason (middleware `requireApiKey`).
 * Values are strings: `agencyIds` is comma-separated (agency ids never contain a comma).
 */
export interface AuthorizerContext {
  readonly authenticated: 'true' | 'false';
  readonly keyId?: string;
  readonly agencyIds?: string;
  readonly reason?: string;
}

export type HttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Strict: bytes that are not UTF-8 are an error, never U+FFFD stored in their place. BOM kept as is. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The body as text and its size in bytes (decoding base64 when API Gateway encoded it). Throws 400
 * `malformed_body` when the bytes are not valid UTF-8.
 */
export function readBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>): {
  text: string;
  bytes: number;
} {
  if (event.body === undefined || event.body === null) return { text: '', bytes: 0 };
  if (event.isBase64Encoded) {
    const buffer = Buffer.from(event.body, 'base64');
    try {
      return { text: UTF8.decode(buffer), bytes: buffer.length };
    } catch {
      throw badRequest(
        'malformed_body',
        'the body is not valid UTF-8: send JSON text encoded in UTF-8 (Content-Type: application/json; charset=utf-8)',
      );
    }
  }
  return { text: event.body, bytes: Buffer.byteLength(event.body, 'utf8') };
}

/** The caller's key, as the authorizer found it: its id and the agencies it may write for. */
export interface Caller {
  readonly keyId: string;
  readonly agencyIds: ReadonlySet<string>;
}

export function callerOf(event: HttpEvent): Caller {
  const context = event.requestContext?.authorizer?.lambda;
  if (context?.authenticated !== 'true' || !context.keyId) {
    throw unauthorized(context?.reason ?? 'a valid API key is required: send "Authorization: Bearer gk_…"');
  }
  const agencyIds = new Set((context.agencyIds ?? '').split(',').filter((id) => id !== ''));
  return { keyId: context.keyId, agencyIds };
}

/** Refuses (401, with the authorizer's reason) a request without a valid key, before anything else runs. */
export function requireApiKey(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      callerOf(request.event);
    },
  };
}

/**
 * The error model (as middy's http-error-handler): an AppError below 500 is answered with its code,
 * message and field issues; anything else with a generic 500/503 that reveals nothing. Logged either way.
 */
export function httpErrors(log: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      if (request.response !== undefined && request.response !== null) return;
      const error = request.error;
      const body = publicError(error);
      const where = {
        route: request.event?.routeKey,
        apiRequestId: request.event?.requestContext?.requestId,
      };
      if (error instanceof AppError && error.expose) {
        log.info('request refused', { ...where, status: body.error.status, code: body.error.code });
      } else {
        log.error('request failed', { ...where, status: body.error.status, error });
      }
      request.response = json(body.error.status, body);
    },
  };
}

/**
 * A handler of routes that require an API key: the error model, 401 without a valid key, then `serve`
 * with the caller the authorizer found.
 */
export function keyedHandler(log: Logger, serve: (event: HttpEvent, caller: Caller) => Promise<HttpResult>) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors(log))
    .use(requireApiKey())
    .handler(async (event) => serve(event, callerOf(event)));
}

/** A route of a dispatch map that reads its path parameters (`{id}`, `{year}`…) by name. */
export type PathRouteHandler<D> = (
  deps: D,
  event: HttpEvent,
  params: Record<string, string | undefined>,
) => Promise<HttpResult>;

/** A function's routes behind its error middleware: the request's route from its dispatch map. */
export function pathRoutedHandler<D>(
  errors: MiddlewareObj<HttpEvent, HttpResult>,
  routes: Readonly<Record<string, PathRouteHandler<D>>>,
  deps: D,
) {
  return middy<HttpEvent, HttpResult>()
    .use(errors)
    .handler(async (event) => dispatch(routes, event.routeKey)(deps, event, event.pathParameters ?? {}));
}
