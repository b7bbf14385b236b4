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
import type { Config } from '../config.ts';

// Node 20 is supported by these SDK versions; the notice about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function common(config: Config, endpoint: string | undefined) {
  return {
    region: config.region,
    maxAttempts: 3,
    ...(endpoint ? { endpoint, credentials: { ...config.emulatorCredentials } } : {}),
  };
}

/** A DynamoDB client and its document client (the document client's own destroy() is a no-op). */
export interface DynamoDb {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

export function createDynamoDb(config: Config): DynamoDb {
  const client = new DynamoDBClient(common(config, config.dynamodbEndpoint));
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return { client, doc };
}

export function createS3(config: Config): S3Client {
  return new S3Client({
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
}

export function createSqs(config: Config): SQSClient {
  return new SQSClient(common(config, config.sqsEndpoint));
}

/** Every client, created on first use; `destroy()` closes those that were (before the emulators stop). */
export interface Clients {
  readonly config: Config;
  readonly dynamodb: DynamoDb;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  destroy(): void;
}

export function createClients(config: Config): Clients {
  let dynamodb: DynamoDb | undefined;
  let s3: S3Client | undefined;
  let sqs: SQSClient | undefined;
  return {
    config,
    get dynamodb() {
      dynamodb ??= createDynamoDb(config);
      return dynamodb;
    },
    get s3() {
      s3 ??= createS3(config);
      return s3;
    },
    get sqs() {
      sqs ??= createSqs(config);
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
