/**
 * The API-key authorizer (HTTP API Lambda authorizer, payload 2.0, simple responses; identity source
 * `$request.header.Authorization`, so a request without the header never gets here: the gateway answers
 * 401 itself). It hands its verdict to the route in the context — the key id and its agencies, or why
 * the key is not valid — and the route answers 401 with that reason (see AuthorizerContext).
 *
 * A good key is remembered for `cacheTtlMs` for reads (GET) only: every other method writes (events, the
 * narrative, generate, publish…), so its key's record is read on every request and a revocation stops
 * writes at once.
 */
import middy from '@middy/core';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import type { AuthorizerContext } from '../../shared/http/api.ts';
import type { KeyStore, Logger } from '../../shared/ports.ts';
import { cachedAuthenticator, readBearer } from '../../shared/use-cases/keys.ts';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

export interface AuthorizerDeps {
  readonly keys: KeyStore;
  readonly log: Logger;
  /** How long a good key is remembered by this instance for reads (a revocation reaches reads within it). */
  readonly cacheTtlMs: number;
}

export function createAuthorizerHandler(deps: AuthorizerDeps) {
  const check = cachedAuthenticator(deps, { ttlMs: deps.cacheTtlMs });
  return middy<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>().handler(async (event) => {
    const bearer = readBearer(event.headers?.authorization ?? event.identitySource?.[0]);
    if ('reason' in bearer)
      return { isAuthorized: true, context: { authenticated: 'false', reason: bearer.reason } };
    const auth = await check(bearer.key, { fresh: writes(event) });
    if (!auth.ok) {
      deps.log.info('API key refused', { reason: auth.reason, requestId: event.requestContext?.requestId });
      return { isAuthorized: true, context: { authenticated: 'false', reason: auth.reason } };
    }
    return {
      isAuthorized: true,
      context: { authenticated: 'true', keyId: auth.keyId, agencyIds: auth.agencyIds.join(',') },
    };
  });
}

/** Whether the request may change anything: every method but GET and HEAD (unknown: assume it does). */
export function writes(
  event: Pick<APIGatewayRequestAuthorizerEventV2, 'requestContext' | 'routeKey'>,
): boolean {
  const method = (event.requestContext?.http?.method ?? event.routeKey?.split(' ')[0] ?? '').toUpperCase();
  return method !== 'GET' && method !== 'HEAD';
}

let instance: ReturnType<typeof createAuthorizerHandler> | undefined;

export const handler = lambdaLogContext(
  (event: APIGatewayRequestAuthorizerEventV2, context: import('aws-lambda').Context) => {
    if (!instance) {
      const { config, stores } = defaultStores();
      instance = createAuthorizerHandler({
        keys: stores.keys,
        log: createLogger(),
        cacheTtlMs: config.keyCacheTtlMs,
      });
    }
    return instance(event, context);
  },
  agencyOfEvent,
);
