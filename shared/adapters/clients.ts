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

/** The standard strategy's backoff: full jitter, 50 ms base (1 s for throttling), at most 20 s. */
const DELAY_BASE_MS = 50;
const THROTTLING_DELAY_BASE_MS = 1_000;
const MAX_DELAY_MS = 20_000;

const retryToken = (count: number, delay: number): StandardRetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
  getRetryCost: () => undefined,
});

/**
 * Retries as the SDK's standard strategy does — the errors the SDK classifies as throttling or transient
 * (5xx, timeouts, connection resets), exponential backoff with full jitter, the server's Retry-After —
 * without its retry budget. The standard strategy shares one budget of 500 tokens among every call of a
 * client (14 a retried 5xx, 5 a throttle, refunded on success): under sustained partial faults it runs
 * dry (the fault-injection test drained it within 1,200 calls at 30 % 5xx) and then the client retries
 * nothing at all, so a long-lived process (the local runtime, a warm Lambda) fails every request that
 * makes many calls. Here every call may retry MAX_ATTEMPTS − 1 times, always. Written here rather than
 * built on the SDK's class: importing @smithy/core's retry module added 16 KB to each bundle.
 */
export class PerCallRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';

  constructor(
    private readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(): Promise<StandardRetryToken> {
    return retryToken(0, 0);
  }

  async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    error: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const retries = token.getRetryCount() + 1;
    const retryable = error.errorType === 'THROTTLING' || error.errorType === 'TRANSIENT';
    if (!retryable || retries >= this.maxAttempts) throw new Error('no retry');
    const base = error.errorType === 'THROTTLING' ? THROTTLING_DELAY_BASE_MS : DELAY_BASE_MS;
    let delay = Math.floor(this.random() * Math.min(MAX_DELAY_MS, base * 2 ** (retries - 1)));
    if (error.retryAfterHint instanceof Date) {
      delay = Math.max(delay, Math.min(error.retryAfterHint.getTime() - Date.now(), delay + 5_000));
    }
    return retryToken(retries, delay);
  }

  recordSuccess(): void {}
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
