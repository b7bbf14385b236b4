/**
 * One construct for every Lambda of the pipeline: Node 22 on arm64, bundled locally by esbuild (never
 * Docker), X-Ray tracing, its own log group (kept a year) and its own role that holds nothing but what
 * the function is granted through the helpers below — no managed policy, not even
 * AWSLambdaBasicExecutionRole: the role may write to its own log group and nothing else by default.
 *
 * `BUNDLING` is the one set of esbuild options: the construct hands it to NodejsFunction and
 * bench/bundles.ts builds with it, so the sizes measured there are the sizes deployed.
 */
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The repository root (where package.json, package-lock.json and functions/ are). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The function folders under functions/, each with a handler.ts exporting `handler`. */
export const FUNCTION_NAMES = [
  'authorizer',
  'ingest-http',
  'ingest-queue',
  'nightly-dispatcher',
  'nightly-worker',
  'generator',
  'reports-api',
  'statistics-api',
  'site',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const handlerEntry = (name: FunctionName, root: string = PROJECT_ROOT) =>
  `${root.replace(/\/$/, '')}/functions/${name}/handler.ts`;

/**
 * The esbuild options of every function (also what bench/bundles.ts builds with). ESM for top-level
 * await and smaller bundles; the banner gives CommonJS dependencies the `require` they expect. The
 * AWS SDK v3 is left out: the nodejs22.x runtime provides it.
 */
export const BUNDLING = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  charset: 'utf8',
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
} as const;

/** BUNDLING as NodejsFunction bundling props: local esbuild only (no Docker, so synth works offline). */
export const NODEJS_BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  minify: BUNDLING.minify,
  sourceMap: BUNDLING.sourcemap,
  sourcesContent: BUNDLING.sourcesContent,
  target: BUNDLING.target,
  format: nodejs.OutputFormat.ESM,
  charset: nodejs.Charset.UTF8,
  mainFields: [...BUNDLING.mainFields],
  externalModules: [...BUNDLING.external],
  banner: BUNDLING.banner.js,
};

export const RUNTIME = lambda.Runtime.NODEJS_22_X;
export const ARCHITECTURE = lambda.Architecture.ARM_64;
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** The DynamoDB actions a function may be granted: the commands the adapters send. */
export type DynamoAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

export type ObjectAction = 'GetObject' | 'PutObject' | 'PutObjectTagging';

export interface PipelineFunctionProps {
  /** The folder under functions/ (the handler is functions/<name>/handler.ts, export `handler`). */
  readonly name: FunctionName;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Configuration (names from shared/config.ts: TABLE_ENV, BUCKET_ENV, …). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Defaults to handlerEntry(name). */
  readonly entry?: string;
  /** Defaults to PROJECT_ROOT (package-lock.json there pins the dependencies esbuild resolves). */
  readonly projectRoot?: string;
  /**
   * Shell commands run after esbuild, on this machine, with the project root and the asset folder: files
   * the function reads at run time (the site's built console) are written into its asset this way.
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

export class PipelineFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      // Logs are evidence of what was received and refused: they outlive a stack update or delete.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Gongkai ${props.name}: only what this function uses`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: props.description,
      entry: props.entry ?? handlerEntry(props.name, projectRoot),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot.replace(/\/$/, '')}/package-lock.json`,
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        GONGKAI_LOG_LEVEL: 'info',
        // Powertools Tracer (shared/adapters/tracing.ts, in the functions whose budget allows it): the
        // service the traces name, and never a response body in a trace (they hold personal data).
        POWERTOOLS_SERVICE_NAME: 'gongkai',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        ...props.environment,
      },
      bundling: props.afterBundling
        ? {
            ...NODEJS_BUNDLING,
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: props.afterBundling,
            },
          }
        : NODEJS_BUNDLING,
    });

    const acknowledge = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions: ' +
        'the only resource they accept is "*". Every other statement of this role names its resources.',
    );
    acknowledge(
      'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the bundles target node22 and the code is tested on Node 20/22, not ' +
        'yet 24. Moving to nodejs24.x is one deliberate change of RUNTIME and BUNDLING.target together.',
    );
  }

  /**
   * Exactly these DynamoDB actions on this table, optionally only on items whose partition key is listed
   * (exactly, or by a pattern with `*`, e.g. `REPORT#*`: one partition per agency).
   */
  allowTable(table: dynamodb.ITable, actions: readonly DynamoAction[], partitions?: readonly string[]): this {
    const operator = partitions?.some((p) => p.includes('*'))
      ? 'ForAllValues:StringLike'
      : 'ForAllValues:StringEquals';
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: actions.map((a) => `dynamodb:${a}`),
        resources: [table.tableArn],
        ...(partitions ? { conditions: { [operator]: { 'dynamodb:LeadingKeys': [...partitions] } } } : {}),
      }),
    );
    return this;
  }

  /**
   * Exactly these S3 object actions on the objects under these key prefixes. Object keys are not known
   * in advance, so the resource ends in `*`: acknowledged per prefix, with the prefix named.
   */
  allowObjects(bucket: s3.IBucket, actions: readonly ObjectAction[], prefixes: readonly string[]): this {
    const resources = prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: actions.map((a) => `s3:${a}`), resources }),
    );
    for (const resource of resources) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagName(this, resource)}]`,
        reason: `Object keys under this prefix are created at run time (one per agency, year and version); the grant is limited to ${actions.join(', ')} on that prefix of the one bucket.`,
      });
    }
    return this;
  }

  /**
   * s3:ListBucket on the bucket itself: listing a report's versions, and HeadObject on a missing key
   * answering 404 rather than 403.
   */
  allowList(bucket: s3.IBucket): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    return this;
  }

  /** sqs:SendMessage (also covers SendMessageBatch) and GetQueueAttributes (its depth) on this queue only. */
  allowSend(queue: sqs.IQueue): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
        resources: [queue.queueArn],
      }),
    );
    return this;
  }
}

/** How cdk-nag names this value in a finding id: `AwsSolutions-IAM5[Resource::<this>]`. */
export const nagName = (scope: Construct, value: string) => flatten(Stack.of(scope).resolve(value));

/** A resolved CloudFormation value as cdk-nag flattens it (`<Ref>`, `<Res.Attr>`, joins). */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (node.Ref !== undefined) return `<${flatten(node.Ref)}>`;
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (node['Fn::Sub'] !== undefined) return flatten(node['Fn::Sub']);
    if (node['Fn::ImportValue'] !== undefined) return flatten(node['Fn::ImportValue']);
  }
  return JSON.stringify(value);
}
