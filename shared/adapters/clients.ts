/**
 * The one client factory. Endpoints and credentials come from the config: unset on AWS (the SDK's own
 * endpoint and credential chain), set for the emulators (dynalite, s3rver path-style), so every adapter
 * runs unchanged on both. One function per service so a bundled Lambda carries only the SDKs it uses;
 * `createClients` is the lazy bag for long-lived processes (the local runtime, the CLI, tests).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';
import type { Config } from '../config.ts';

// Node 20 is supported by these SDK versions; the notice about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** An SDK client of any service, as far as adding a middleware goes. */
export type AnyClient = DynamoDBClient | S3Client | SQSClient;

/**
 * What may be added to every client the factory makes: `instrument` sees each new client (the tests add a
 * fault-injecting middleware to its real middleware stack this way; tracing could too).
 */
export interface ClientOptions {
  readonly instrument?: (client: AnyClient, service: 'dynamodb' | 's3' | 'sqs') => void;
}

/** Tries per call: the first and up to four retries (≈ 0.3⁵ = 0.2 % of calls fail at a 30 % fault rate). */
export const MAX_ATTEMPTS = 5;

/**
 * The SDK's standard retry strategy — its error classes (throttling, transient 5xx, timeouts), its
 * exponential backoff with jitter (1 s base for throttling) — with its retry budget per call rather than
 * per client. The standard strategy shares one budget of 500 tokens among every call of a client (14 a
 * retried 5xx, 5 a throttle, refunded on success): under sustained partial faults it drains (the fault
 * injection test drained it in about 1,000 calls at 30 %) and then the client retries nothing at all —
 * a long-lived process (the local runtime, a warm Lambda) would fail every request that makes many calls.
 * Here each call gets a strategy of its own, so a call is retried at most MAX_ATTEMPTS − 1 times, always.
 */
export class PerCallRetryStrategy implements RetryStrategyV2 {
  private readonly strategies = new WeakMap<StandardRetryToken, StandardRetryStrategy>();
  readonly mode = 'standard';

  constructor(private readonly maxAttempts: number) {}

  async acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    const strategy = new StandardRetryStrategy(this.maxAttempts);
    const token = await strategy.acquireInitialRetryToken(scope);
    this.strategies.set(token, strategy);
    return token;
  }

  async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    error: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const strategy = this.strategies.get(token) ?? new StandardRetryStrategy(this.maxAttempts);
    const next = await strategy.refreshRetryTokenForRetry(token, error);
    this.strategies.set(next, strategy);
    return next;
  }

  recordSuccess(token: StandardRetryToken): void {
    this.strategies.get(token)?.recordSuccess(token);
  }
}

function common(config: Config, endpoint: string | undefined) {
  return {
    region: config.region,
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new PerCallRetryStrategy(MAX_ATTEMPTS),
    ...(endpoint ? { endpoint, credentials: { ...config.emulatorCredentials } } : {}),
  };
}

/** A DynamoDB client and its document client (the document client's own destroy() is a no-op). */
export interface DynamoDb {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

export function createDynamoDb(config: Config, options: ClientOptions = {}): DynamoDb {
  const client = new DynamoDBClient(common(config, config.dynamodbEndpoint));
  options.instrument?.(client, 'dynamodb');
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return { client, doc };
}

export function createS3(config: Config, options: ClientOptions = {}): S3Client {
  const client = new S3Client({
    ...common(config, config.s3Endpoint),
    // s3rver answers path-style only, and knows nothing of the newer default checksums.
    ...(config.s3Endpoint
      ? {
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
  options.instrument?.(client, 's3');
  return client;
}

export function createSqs(config: Config, options: ClientOptions = {}): SQSClient {
  const client = new SQSClient(common(config, config.sqsEndpoint));
  options.instrument?.(client, 'sqs');
  return client;
}

/** Every client, created on first use; `destroy()` closes those that were (before the emulators stop). */
export interface Clients {
  readonly config: Config;
  readonly dynamodb: DynamoDb;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  destroy(): void;
}

export function createClients(config: Config, options: ClientOptions = {}): Clients {
  let dynamodb: DynamoDb | undefined;
  let s3: S3Client | undefined;
  let sqs: SQSClient | undefined;
  return {
    config,
    get dynamodb() {
      dynamodb ??= createDynamoDb(config, options);
      return dynamodb;
    },
    get s3() {
      s3 ??= createS3(config, options);
      return s3;
    },
    get sqs() {
      sqs ??= createSqs(config, options);
      return sqs;
    },
    destroy() {
      dynamodb?.client.destroy();
      s3?.destroy();
      sqs?.destroy();
      dynamodb = s3 = sqs = undefined;
    },
  };
}
