/**
 * Configuration, read from the environment once, in one place. The same code runs on AWS (no endpoints:
 * the SDK's own endpoint and credential chain) and on the emulators (an endpoint per service and the
 * emulators' fixed credentials). Nothing else reads process.env for these.
 */

/** The tables, by logical name, and the variable that names each (the CDK stack sets it; infra/tables.ts). */
export const TABLE_ENV = {
  events: 'GONGKAI_EVENTS_TABLE',
  registry: 'GONGKAI_REGISTRY_TABLE',
  statistics: 'GONGKAI_STATISTICS_TABLE',
} as const;
export type TableKey = keyof typeof TABLE_ENV;

export const BUCKET_ENV = { artifacts: 'GONGKAI_ARTIFACTS_BUCKET' } as const;
export type BucketKey = keyof typeof BUCKET_ENV;

/** The other variables `loadConfig` reads and `configToEnv` writes, by the config field each sets. */
export const CONFIG_ENV = {
  dynamodbEndpoint: 'GONGKAI_DYNAMODB_ENDPOINT',
  s3Endpoint: 'GONGKAI_S3_ENDPOINT',
  sqsEndpoint: 'GONGKAI_SQS_ENDPOINT',
  ingestQueueUrl: 'GONGKAI_INGEST_QUEUE_URL',
  nightlyQueueUrl: 'GONGKAI_NIGHTLY_QUEUE_URL',
  accessKeyId: 'GONGKAI_EMULATOR_ACCESS_KEY_ID',
  secretAccessKey: 'GONGKAI_EMULATOR_SECRET_ACCESS_KEY',
  queueMaxReceiveCount: 'GONGKAI_QUEUE_MAX_RECEIVE_COUNT',
  keyCacheTtlMs: 'GONGKAI_KEY_CACHE_TTL_MS',
  downloadLinkTtlSeconds: 'GONGKAI_DOWNLOAD_LINK_TTL_SECONDS',
  consoleDir: 'GONGKAI_CONSOLE_DIR',
} as const;

/** The optional string settings: each is set only when its variable is (an endpoint, a queue's URL). */
const OPTIONAL_KEYS = [
  'dynamodbEndpoint',
  's3Endpoint',
  'sqsEndpoint',
  'ingestQueueUrl',
  'nightlyQueueUrl',
  'consoleDir',
] as const satisfies readonly (keyof Config & keyof typeof CONFIG_ENV)[];

/**
 * The nightly work queue: one message per changed agency (functions/nightly-dispatcher → SQS →
 * functions/nightly-worker). Declared here, not in infra/, because the worker and
 * the nightly use case read it at run time as the CDK stack does. A worker folds one agency's log; the largest logs take minutes.
 */
export const NIGHTLY_WORK_QUEUE = {
  workerTimeoutSeconds: 900,
  /** ≥ 6 × the worker's timeout, as AWS advises for SQS event sources. */
  visibilityTimeoutSeconds: 5400,
  maxReceiveCount: 3,
  batchSize: 1,
  /**
   * Workers at once (Lambda's SQS maximum concurrency): 10,000 agencies at about a second each finish in
   * minutes, while the reads on the event log stay bounded.
   */
  maxConcurrency: 50,
  reportBatchItemFailures: true,
  deadLetterRetentionDays: 14,
  /** The dispatcher waits for the queue to drain between rounds (roll-up): its timeout bounds a run. */
  dispatcherTimeoutSeconds: 900,
  /** Rounds of a run at most: 1 for the changed agencies, then one per level of the roll-up. */
  maxRounds: 12,
} as const;

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Config {
  readonly region: string;
  /** Set for an emulator (dynalite); unset on AWS. */
  readonly dynamodbEndpoint?: string;
  /** Set for an emulator (s3rver, path-style); unset on AWS. */
  readonly s3Endpoint?: string;
  /** Set for an emulator; unset on AWS. */
  readonly sqsEndpoint?: string;
  /** Used only for the services whose endpoint is set (s3rver insists on S3RVER/S3RVER). */
  readonly emulatorCredentials: Credentials;
  readonly tables: Readonly<Record<TableKey, string>>;
  readonly buckets: Readonly<Record<BucketKey, string>>;
  /** The internal ingest queue (producers send to it; on AWS it triggers functions/ingest-queue). */
  readonly ingestQueueUrl?: string;
  /** The nightly work queue (the dispatcher sends one message per changed agency; on AWS it triggers functions/nightly-worker). */
  readonly nightlyQueueUrl?: string;
  /** After this many receives a failing message goes to the dead-letter queue (the redrive policy). */
  readonly queueMaxReceiveCount: number;
  /** How long the authorizer trusts a key it has looked up, for reads (writes always read the key). */
  readonly keyCacheTtlMs: number;
  /** How long a signed download link of a report artifact is valid, in seconds (1 … 604800). */
  readonly downloadLinkTtlSeconds: number;
  /**
   * The built officer console (index.html, assets/) the site function serves. Unset: `dist/console` of the
   * repository for `npm start`, the `console/` folder bundled beside the handler on Lambda.
   */
  readonly consoleDir?: string;
}

export const DEFAULTS = {
  region: 'cn-north-1',
  tables: { events: 'gongkai-events', registry: 'gongkai-registry', statistics: 'gongkai-statistics' },
  buckets: { artifacts: 'gongkai-artifacts' },
  queueMaxReceiveCount: 5,
  keyCacheTtlMs: 60_000,
  downloadLinkTtlSeconds: 900,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number ≥ 0, not "${raw}"`);
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const tables = Object.fromEntries(
    (Object.keys(TABLE_ENV) as TableKey[]).map((key) => [
      key,
      nonEmpty(env[TABLE_ENV[key]]) ?? DEFAULTS.tables[key],
    ]),
  ) as Record<TableKey, string>;
  const buckets = Object.fromEntries(
    (Object.keys(BUCKET_ENV) as BucketKey[]).map((key) => [
      key,
      nonEmpty(env[BUCKET_ENV[key]]) ?? DEFAULTS.buckets[key],
    ]),
  ) as Record<BucketKey, string>;
  const optional: Partial<Record<(typeof OPTIONAL_KEYS)[number], string>> = {};
  for (const key of OPTIONAL_KEYS) {
    const value = nonEmpty(env[CONFIG_ENV[key]]);
    if (value !== undefined) optional[key] = value;
  }
  return {
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULTS.region,
    ...optional,
    emulatorCredentials: {
      accessKeyId: nonEmpty(env[CONFIG_ENV.accessKeyId]) ?? 'S3RVER',
      secretAccessKey: nonEmpty(env[CONFIG_ENV.secretAccessKey]) ?? 'S3RVER',
    },
    tables,
    buckets,
    queueMaxReceiveCount: positiveInt(env, CONFIG_ENV.queueMaxReceiveCount, DEFAULTS.queueMaxReceiveCount),
    keyCacheTtlMs: positiveInt(env, CONFIG_ENV.keyCacheTtlMs, DEFAULTS.keyCacheTtlMs),
    downloadLinkTtlSeconds: linkTtl(
      positiveInt(env, CONFIG_ENV.downloadLinkTtlSeconds, DEFAULTS.downloadLinkTtlSeconds),
    ),
  };
}

/** S3 signs links for 1 s to 7 days. */
function linkTtl(seconds: number): number {
  if (seconds < 1 || seconds > 604_800)
    throw new Error(`${CONFIG_ENV.downloadLinkTtlSeconds} must be 1–604800, not ${seconds}`);
  return seconds;
}

/** The environment that makes `loadConfig` return this config: how the local runtime hands it on. */
export function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: config.region,
    [CONFIG_ENV.queueMaxReceiveCount]: String(config.queueMaxReceiveCount),
    [CONFIG_ENV.keyCacheTtlMs]: String(config.keyCacheTtlMs),
    [CONFIG_ENV.downloadLinkTtlSeconds]: String(config.downloadLinkTtlSeconds),
    [CONFIG_ENV.accessKeyId]: config.emulatorCredentials.accessKeyId,
    [CONFIG_ENV.secretAccessKey]: config.emulatorCredentials.secretAccessKey,
  };
  for (const key of Object.keys(TABLE_ENV) as TableKey[]) env[TABLE_ENV[key]] = config.tables[key];
  for (const key of Object.keys(BUCKET_ENV) as BucketKey[]) env[BUCKET_ENV[key]] = config.buckets[key];
  for (const key of OPTIONAL_KEYS) {
    const value = config[key];
    if (value) env[CONFIG_ENV[key]] = value;
  }
  return env;
}
