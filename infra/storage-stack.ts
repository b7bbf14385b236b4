/**
 * The stateful stack: the DynamoDB tables and the artifacts bucket, built from their declarations in
 * infra/tables.ts (the local runtime creates the same tables in dynalite from there). Everything here is
 * retained when the stack is deleted, and deletion-protected where AWS offers it.
 *
 * Names are fixed, so that the pipeline stack (and the CLI, `GONGKAI_TARGET=aws`) find them without
 * cross-stack exports: the tables keep the names of shared/config.ts DEFAULTS, the bucket — whose name
 * must be unique in the partition — adds the account and the region. One deployment per account and
 * region.
 *
 * Encryption choices:
 * - Tables: the AWS managed key (aws/dynamodb). Every use of it is in CloudTrail, AWS rotates it, and no
 *   key policy has to be kept in step with the functions' roles. A customer managed key would add the
 *   power to revoke all access at once, at the price of a key policy, a monthly fee and kms:Decrypt in
 *   every role; nothing in Gongkai calls for that (the published data is public by law).
 * - Bucket: SSE-S3. The reports API hands out presigned links; with SSE-KMS every download would also
 *   need kms:Decrypt for the signing role and cost a KMS request.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BUCKET_ENV, type BucketKey, DEFAULTS, TABLE_ENV, type TableKey } from '../shared/config.ts';
import { DRAFT_TAG } from '../shared/ports.ts';
import { BUCKETS, type KeyAttribute, TABLES, type TableDeclaration } from './tables.ts';

/** Key prefixes in the artifacts bucket: every version, draft or not, under reports/ (immutable). */
export const ARTIFACT_PREFIXES = { reports: 'reports/' } as const;

/** Days before a draft's objects (DRAFT_TAG) expire, and before an overwritten or deleted version goes. */
export const LIFECYCLE = {
  draftDays: 30,
  noncurrentDays: 365,
  incompleteUploadDays: 7,
  accessLogDays: 365,
} as const;

/** The physical names of the stateful resources, valid in any stack of the same account and region. */
export function physicalNames(): { tables: Record<TableKey, string>; buckets: Record<BucketKey, string> } {
  return {
    tables: { ...DEFAULTS.tables },
    buckets: { artifacts: `${DEFAULTS.buckets.artifacts}-${Aws.ACCOUNT_ID}-${Aws.REGION}` },
  };
}

const attributeType = (key: KeyAttribute) =>
  key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER;

const removal = (declared: 'retain' | 'destroy') =>
  declared === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

export class StorageStack extends Stack {
  readonly tables: Record<TableKey, dynamodb.Table>;
  readonly buckets: Record<BucketKey, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description: 'Gongkai (公开) stateful resources: the event log, the registry, the report artifacts.',
      ...props,
    });
    const names = physicalNames();

    this.tables = Object.fromEntries(
      (Object.keys(TABLES) as TableKey[]).map((key) => [key, this.table(key, names.tables[key])]),
    ) as Record<TableKey, dynamodb.Table>;

    this.accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Server access logs can only be delivered to a bucket encrypted with SSE-S3.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(LIFECYCLE.accessLogDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server-access-log destination of the artifacts bucket; logging its own writes would ' +
        'log each log delivery, without end.',
    });

    this.buckets = {
      artifacts: new s3.Bucket(this, 'ArtifactsBucket', {
        bucketName: names.buckets.artifacts,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        encryption: s3.BucketEncryption.S3_MANAGED,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: BUCKETS.artifacts.versioned,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: 'artifacts/',
        lifecycleRules: [
          {
            id: 'expire-drafts',
            // The generator tags every object of a draft version (shared/ports.ts DRAFT_TAG).
            tagFilters: { [DRAFT_TAG.key]: DRAFT_TAG.value },
            expiration: Duration.days(LIFECYCLE.draftDays),
            noncurrentVersionExpiration: Duration.days(1),
          },
          {
            id: 'expire-noncurrent-versions',
            noncurrentVersionExpiration: Duration.days(LIFECYCLE.noncurrentDays),
            abortIncompleteMultipartUploadAfter: Duration.days(LIFECYCLE.incompleteUploadDays),
          },
        ],
        removalPolicy: removal(BUCKETS.artifacts.removal),
      }),
    };

    this.outputNames();
  }

  /** A table as infra/tables.ts declares it. */
  private table(key: TableKey, tableName: string): dynamodb.Table {
    const declaration: TableDeclaration = TABLES[key];
    const { sortKey } = declaration;
    return new dynamodb.Table(this, `${pascal(key)}Table`, {
      tableName,
      partitionKey: {
        name: declaration.partitionKey.name,
        type: attributeType(declaration.partitionKey),
      },
      ...(sortKey ? { sortKey: { name: sortKey.name, type: attributeType(sortKey) } } : {}),
      billingMode:
        declaration.billing === 'PAY_PER_REQUEST'
          ? dynamodb.BillingMode.PAY_PER_REQUEST
          : dynamodb.BillingMode.PROVISIONED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: declaration.pointInTimeRecovery },
      deletionProtection: declaration.deletionProtection,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: removal(declaration.removal),
    });
  }

  /** What the CLI and operators need (docs/deploy.md): the variables of shared/config.ts and their values. */
  private outputNames(): void {
    for (const key of Object.keys(this.tables) as TableKey[]) {
      new CfnOutput(this, `${pascal(key)}TableName`, {
        value: this.tables[key].tableName,
        description: `${TABLE_ENV[key]}: ${TABLES[key].description}`,
      });
    }
    for (const key of Object.keys(this.buckets) as BucketKey[]) {
      new CfnOutput(this, `${pascal(key)}BucketName`, {
        value: this.buckets[key].bucketName,
        description: `${BUCKET_ENV[key]}: ${BUCKETS[key].description}`,
      });
    }
  }
}

const pascal = (key: string) => key.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
