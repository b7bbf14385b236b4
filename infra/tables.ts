/**
 * The stateful resources, declared once: the local runtime creates them in dynalite / s3rver from here
 * (shared/adapters/dynamodb-tables.ts, infra/local) and the CDK StorageStack builds them from here too.
 * Plain data: no AWS SDK, no CDK. Names come from shared/config.ts (TABLE_ENV, BUCKET_ENV). The item
 * layout inside each table is documented in docs/storage.md.
 */
import { type BucketKey, DEFAULTS, type TableKey } from '../shared/config.ts';

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface TableDeclaration {
  readonly description: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly billing: 'PAY_PER_REQUEST';
  /** The source of truth keeps point-in-time recovery, deletion protection and survives a stack delete. */
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly removal: 'retain' | 'destroy';
}

/**
 * Every table has the same key schema (PK, SK: docs/storage.md) and is kept alike: point-in-time
 * recovery, deletion protection, retained on a stack delete (`statistics` too, though the log can rebuild
 * it). Only what it holds differs.
 */
function keptTable(description: string) {
  return {
    description,
    partitionKey: { name: 'PK', type: 'S' },
    sortKey: { name: 'SK', type: 'S' },
    billing: 'PAY_PER_REQUEST',
    pointInTimeRecovery: true,
    deletionProtection: true,
    removal: 'retain',
  } as const satisfies TableDeclaration;
}

export const TABLES = {
  events: keptTable('The event log: one item per event, append-only, idempotent on (agencyId, eventId).'),
  registry: keptTable(
    'Agencies, API key hashes and the per-agency "changed since the last nightly" markers.',
  ),
  statistics: keptTable(
    'Derived by the nightly from the log: statistics snapshots (own, consolidated) per agency and year, ' +
      'deadlines snapshots, and the roll-up markers. Rebuildable from the event log.',
  ),
} as const satisfies Record<TableKey, TableDeclaration>;

export interface BucketDeclaration {
  readonly description: string;
  readonly versioned: boolean;
  readonly removal: 'retain' | 'destroy';
}

export const BUCKETS = {
  artifacts: {
    description:
      'Generated reports (html, docx, xlsx, statistics.json, manifest.json), one immutable version each.',
    versioned: true,
    removal: 'retain',
  },
} as const satisfies Record<BucketKey, BucketDeclaration>;

/** The internal ingest queue (trusted producers) and its dead-letter queue. */
export const INGEST_QUEUE = {
  /** ≥ 6 × the queue function's timeout, as AWS advises for SQS event sources. */
  visibilityTimeoutSeconds: 180,
  functionTimeoutSeconds: 30,
  /** After this many receives a failing message moves to the dead-letter queue. */
  maxReceiveCount: DEFAULTS.queueMaxReceiveCount,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  /** The event source mapping reports partial failures (ReportBatchItemFailures). */
  reportBatchItemFailures: true,
  deadLetterRetentionDays: 14,
} as const;

/** The nightly work queue's settings live with the code that reads them at run time (shared/config.ts). */
export { NIGHTLY_WORK_QUEUE } from '../shared/config.ts';
