/**
 * The stateless stack, in the order of the flow:
 *
 *   1. ingest   — HTTP API `POST /v1/events` behind the API-key authorizer → functions/ingest-http;
 *                 the internal ingest queue (trusted producers) → functions/ingest-queue, with its DLQ;
 *   2. nightly  — EventBridge Scheduler at 02:00 Asia/Shanghai → functions/nightly-dispatcher, which puts
 *                 one message per changed agency on the nightly queue → functions/nightly-worker (DLQ);
 *   3. generate — functions/generator (more memory, longer timeout): `POST …/generate` of the HTTP API, or
 *                 invoked directly (an operator: `aws lambda invoke`);
 *   4. reports  — the reports and statistics routes of the same HTTP API → functions/reports-api and
 *                 functions/statistics-api;
 *   5. site     — the public site and the officer console, routes of the same API with no authorizer →
 *                 functions/site (the console built into its asset; docs/deploy.md says why not CloudFront);
 *   then the alarms (alarms.ts). The routes are data (shared/http/routes.ts): every deployed route of the
 *   table, its function, its authorizer and its integration timeout come from there.
 *
 * The tables and the bucket are referred to by their fixed names (storage-stack.ts physicalNames), so
 * this stack has no cross-stack exports and can be replaced freely. Each function gets exactly the
 * actions its adapters send (ACCESS below) on exactly the resources it touches.
 *
 * The artifact route `GET …/versions/{v}/{artifact}` is public for published versions: it has an
 * authorizer with NO identity source (and no caching), so it is called for every request, with or
 * without a key, and answers the same verdict-in-context as elsewhere. The handler serves a published
 * version to anyone and an unpublished one only to a key of that agency. Every deployed route therefore
 * has an authorizer, and the same URL works for the public page and for an agency's preview.
 */
import { CfnOutput, Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUCKET_ENV, type BucketKey, CONFIG_ENV, TABLE_ENV, type TableKey } from '../shared/config.ts';
import { DEPLOYED_ROUTES, type DeployedRoute } from '../shared/http/routes.ts';
import { PipelineAlarms } from './alarms.ts';
import {
  type DynamoAction,
  type FunctionName,
  LOG_RETENTION,
  nagName,
  type ObjectAction,
  PipelineFunction,
} from './pipeline-function.ts';
import { ARTIFACT_PREFIXES, physicalNames } from './storage-stack.ts';
import { INGEST_QUEUE, NIGHTLY_WORK_QUEUE } from './tables.ts';

/** Variables the pipeline sets besides TABLE_ENV / BUCKET_ENV (to be read through shared/config.ts). */
export const PIPELINE_ENV = {
  /** The nightly queue, for the dispatcher. */
  nightlyQueueUrl: CONFIG_ENV.nightlyQueueUrl,
  /** The ingest queue's redrive maxReceiveCount (read by loadConfig). */
  queueMaxReceiveCount: CONFIG_ENV.queueMaxReceiveCount,
} as const;

/** The nightly queue: one message per changed agency, one agency per worker invocation (infra/tables.ts). */
export const NIGHTLY_QUEUE = NIGHTLY_WORK_QUEUE;

/** 02:00 every day in China Standard Time (no daylight saving, so this is 18:00 UTC the day before). */
export const NIGHTLY_SCHEDULE = { expression: 'cron(0 2 * * ? *)', timeZone: 'Asia/Shanghai' } as const;

/** A function that only serves routes times out when the gateway stops waiting for it (the table's timeout). */
const routeTimeoutOf = (name: DeployedRoute['function']) =>
  Math.max(
    ...DEPLOYED_ROUTES.filter((route) => route.function === name).map((route) => route.timeoutSeconds),
  );

interface Sizing {
  readonly description: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
}

export const SIZING: Readonly<Record<FunctionName, Sizing>> = {
  authorizer: {
    description: 'API key → the agencies it may act for (HTTP API Lambda authorizer)',
    memorySize: 512,
    timeoutSeconds: 10,
  },
  'ingest-http': {
    description: 'POST /v1/events',
    memorySize: 512,
    timeoutSeconds: routeTimeoutOf('ingest-http'),
  },
  'ingest-queue': {
    description: 'The internal ingest queue (trusted producers)',
    memorySize: 512,
    timeoutSeconds: INGEST_QUEUE.functionTimeoutSeconds,
  },
  'nightly-dispatcher': {
    description: 'Nightly 02:00 Asia/Shanghai: one message per changed agency, in rounds until settled',
    memorySize: 256,
    // It waits for each round's queue to drain before dispatching the roll-up of the next.
    timeoutSeconds: NIGHTLY_WORK_QUEUE.dispatcherTimeoutSeconds,
  },
  'nightly-worker': {
    description: 'Nightly, one agency: fold its log into statistics, findings and deadlines',
    memorySize: 1024,
    timeoutSeconds: NIGHTLY_QUEUE.workerTimeoutSeconds,
  },
  generator: {
    description: 'Report artifacts (html, docx, xlsx, statistics.json, manifest.json) of one version',
    memorySize: 1536,
    timeoutSeconds: 300,
  },
  'reports-api': {
    description: 'Narrative, publish, versions, signed artifact links and the public page',
    memorySize: 512,
    timeoutSeconds: routeTimeoutOf('reports-api'),
  },
  'statistics-api': {
    description: 'The nightly statistics (own or consolidated) and deadlines of an agency',
    memorySize: 512,
    timeoutSeconds: routeTimeoutOf('statistics-api'),
  },
  site: {
    description: 'The public site (published reports, in Chinese) and the officer console files',
    memorySize: 512,
    timeoutSeconds: routeTimeoutOf('site'),
  },
};

/**
 * Least privilege, as data: what each function may do, from the commands its adapters send
 * (shared/adapters/*.ts). `partitions` restricts a grant to items whose partition key is listed
 * (dynamodb:LeadingKeys): the ingest functions cannot read API-key hashes, the authorizer can read
 * nothing else. The registry partitions are documented in shared/adapters/dynamodb-registry.ts.
 */
export interface Access {
  readonly tables?: readonly {
    readonly table: TableKey;
    readonly actions: readonly DynamoAction[];
    readonly partitions?: readonly string[];
  }[];
  readonly objects?: readonly {
    readonly actions: readonly ObjectAction[];
    readonly prefixes: readonly string[];
  }[];
}

/** Ingest (HTTP and queue) runs shared/use-cases/ingest.ts over the event store, agencies and markers. */
const INGEST_ACCESS: Access = {
  tables: [
    // DynamoDbEventStore.append: BatchGetItem (already stored?), conditional PutItem, GetItem on conflict.
    { table: 'events', actions: ['BatchGetItem', 'PutItem', 'GetItem'] },
    // DynamoDbAgencyRegistry.getMany: BatchGetItem on PK AGENCY.
    { table: 'registry', actions: ['BatchGetItem'], partitions: ['AGENCY'] },
    // DynamoDbChangeMarkers.mark: UpdateItem (ADD version) on PK CHANGED.
    { table: 'registry', actions: ['UpdateItem'], partitions: ['CHANGED'] },
  ],
};

export const ACCESS: Readonly<Record<FunctionName, Access>> = {
  // DynamoDbKeyStore.get: GetItem on PK APIKEY, nothing else.
  authorizer: { tables: [{ table: 'registry', actions: ['GetItem'], partitions: ['APIKEY'] }] },
  'ingest-http': INGEST_ACCESS,
  'ingest-queue': INGEST_ACCESS,
  // runNightlyDispatch: the CHANGED markers and the agency tree (Query), a rebuild re-marks (UpdateItem);
  // the ROLLUP and RUNNING partitions of the statistics table (Query); then sqs:SendMessage.
  'nightly-dispatcher': {
    tables: [
      { table: 'registry', actions: ['Query'], partitions: ['CHANGED', 'AGENCY'] },
      { table: 'registry', actions: ['UpdateItem'], partitions: ['CHANGED'] },
      { table: 'statistics', actions: ['Query'], partitions: ['ROLLUP', 'RUNNING'] },
    ],
  },
  // runNightlyWorker: the log (Query), the agency tree (Query), the marker cleared (DeleteItem with the
  // version read); snapshots, slices and roll-up markers in the statistics table.
  'nightly-worker': {
    tables: [
      { table: 'events', actions: ['Query'] },
      { table: 'registry', actions: ['Query'], partitions: ['AGENCY'] },
      { table: 'registry', actions: ['DeleteItem'], partitions: ['CHANGED'] },
      {
        table: 'statistics',
        actions: [
          'GetItem',
          'PutItem',
          'UpdateItem',
          'DeleteItem',
          'Query',
          'BatchGetItem',
          'BatchWriteItem',
        ],
      },
    ],
  },
  // generateReport: folds the log (Query); the agency, publication, narrative and version claim in the
  // registry (GetItem, Query, PutItem: partitions AGENCY and REPORT#{agency}, so no LeadingKeys condition);
  // the artifacts written once each under reports/ (PutObject, HeadObject = GetObject; ListBucket).
  generator: {
    tables: [
      { table: 'events', actions: ['Query'] },
      { table: 'registry', actions: ['GetItem', 'Query', 'PutItem'] },
    ],
    // PutObjectTagging: a draft's objects are written with the draft tag (the bucket's lifecycle).
    objects: [
      { actions: ['GetObject', 'PutObject', 'PutObjectTagging'], prefixes: [ARTIFACT_PREFIXES.reports] },
    ],
  },
  // Narrative and publication records (GetItem, Query, PutItem under REPORT#{agency}); manifests read and
  // download links presigned with this role (GetObject; ListBucket for the versions).
  'reports-api': {
    tables: [{ table: 'registry', actions: ['GetItem', 'Query', 'PutItem'] }],
    objects: [{ actions: ['GetObject'], prefixes: [ARTIFACT_PREFIXES.reports] }],
  },
  // readStatistics / readDeadlines: a snapshot and its slices.
  'statistics-api': { tables: [{ table: 'statistics', actions: ['GetItem', 'BatchGetItem'] }] },
  // Published records only: the agencies (AGENCY), the year listings (Query PUBLISHED#{year}) and the
  // publications they point to (BatchGetItem/GetItem REPORT#{agency}), never an API key (APIKEY); the
  // published manifests, report.html and statistics.json (GetObject under reports/). The console's files are
  // in its own asset.
  site: {
    tables: [
      { table: 'registry', actions: ['GetItem', 'Query'], partitions: ['AGENCY'] },
      { table: 'registry', actions: ['Query'], partitions: ['PUBLISHED#*'] },
      { table: 'registry', actions: ['GetItem', 'BatchGetItem'], partitions: ['REPORT#*'] },
    ],
    objects: [{ actions: ['GetObject'], prefixes: [ARTIFACT_PREFIXES.reports] }],
  },
};

/**
 * Files a function reads at run time, written into its asset after esbuild (on this machine, no Docker):
 * the site serves the officer console, built by scripts/build-console.ts into `console/` beside index.mjs.
 */
export const AFTER_BUNDLING: Partial<
  Record<FunctionName, (inputDir: string, outputDir: string) => string[]>
> = {
  site: (inputDir, outputDir) => [
    `"${inputDir}/node_modules/.bin/tsx" "${inputDir}/scripts/build-console.ts" "${outputDir}/console"`,
  ],
};

/** Requests per second over the whole API (steady, burst): a ceiling against a runaway client. */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

export interface PipelineStackProps extends StackProps {
  /** Where functions/ and package-lock.json are; defaults to this repository. */
  readonly projectRoot?: string;
  /** Addresses that receive the alarms (context `alarmEmail` in app.ts). */
  readonly alarmEmails?: readonly string[];
}

type MakeFunction = (name: FunctionName, environment?: Record<string, string>) => PipelineFunction;

/** A queue with its dead-letter queue, encrypted and TLS-only. */
interface QueueSettings {
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly deadLetterRetentionDays: number;
}

export class PipelineStack extends Stack {
  readonly functions: Record<FunctionName, PipelineFunction>;
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly ingestQueue: sqs.Queue;
  readonly nightlyQueue: sqs.Queue;
  readonly alarms: PipelineAlarms;

  constructor(scope: Construct, id: string, props: PipelineStackProps = {}) {
    super(scope, id, {
      description: 'Gongkai (公开) pipeline: ingest API and queue, nightly, generator, reports API, alarms.',
      ...props,
    });
    const artifacts = s3.Bucket.fromBucketName(this, 'ArtifactsBucket', physicalNames().buckets.artifacts);
    const make = this.functionMaker(artifacts, props.projectRoot);

    // ── 1. Ingest ──────────────────────────────────────────────────────────────────────────────────
    const authorizer = make('authorizer');
    const ingestHttp = make('ingest-http');
    const ingest = this.queueWithDeadLetters('Ingest', INGEST_QUEUE);
    this.ingestQueue = ingest.queue;
    const ingestQueue = make('ingest-queue', {
      [PIPELINE_ENV.queueMaxReceiveCount]: String(INGEST_QUEUE.maxReceiveCount),
    });
    ingestQueue.function.addEventSource(
      new SqsEventSource(this.ingestQueue, {
        batchSize: INGEST_QUEUE.batchSize,
        maxBatchingWindow: Duration.seconds(INGEST_QUEUE.maxBatchingWindowSeconds),
        reportBatchItemFailures: INGEST_QUEUE.reportBatchItemFailures,
      }),
    );

    // ── 2. Nightly ─────────────────────────────────────────────────────────────────────────────────
    const nightly = this.queueWithDeadLetters('Nightly', NIGHTLY_QUEUE);
    this.nightlyQueue = nightly.queue;
    const dispatcher = make('nightly-dispatcher', {
      [PIPELINE_ENV.nightlyQueueUrl]: this.nightlyQueue.queueUrl,
    });
    dispatcher.allowSend(this.nightlyQueue);
    const worker = make('nightly-worker');
    worker.function.addEventSource(
      new SqsEventSource(this.nightlyQueue, {
        batchSize: NIGHTLY_QUEUE.batchSize,
        maxConcurrency: NIGHTLY_QUEUE.maxConcurrency,
        reportBatchItemFailures: NIGHTLY_QUEUE.reportBatchItemFailures,
      }),
    );
    this.scheduleNightly(dispatcher);

    // ── 3. Generate ────────────────────────────────────────────────────────────────────────────────
    const generator = make('generator');
    generator.allowList(artifacts);

    // ── 4. Reports API ─────────────────────────────────────────────────────────────────────────────
    const reportsApi = make('reports-api');
    reportsApi.allowList(artifacts);
    const statisticsApi = make('statistics-api');

    // ── 5. Site ────────────────────────────────────────────────────────────────────────────────────
    const site = make('site');

    this.functions = {
      authorizer,
      'ingest-http': ingestHttp,
      'ingest-queue': ingestQueue,
      'nightly-dispatcher': dispatcher,
      'nightly-worker': worker,
      generator,
      'reports-api': reportsApi,
      'statistics-api': statisticsApi,
      site,
    };

    // ── The HTTP API ───────────────────────────────────────────────────────────────────────────────
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: 'gongkai',
      description: 'Gongkai /v1: events in, statistics, deadlines and reports out',
      createDefaultStage: false,
    });
    this.stage = this.loggedStage();
    this.addRoutes(authorizer);

    // ── Alarms ─────────────────────────────────────────────────────────────────────────────────────
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      functions: Object.fromEntries(Object.entries(this.functions).map(([name, fn]) => [name, fn.function])),
      deadLetterQueues: { ingest: ingest.deadLetters, nightly: nightly.deadLetters },
      ...(props.alarmEmails ? { emails: props.alarmEmails } : {}),
    });
    this.addOutputs(dispatcher, { ingest: ingest.deadLetters, nightly: nightly.deadLetters });
  }

  /**
   * Makes a pipeline function with its SIZING and exactly its ACCESS; every function can find every table
   * and the bucket by name (shared/config.ts variables), what it may do there is in ACCESS.
   */
  private functionMaker(artifacts: s3.IBucket, projectRoot: string | undefined): MakeFunction {
    const names = physicalNames();
    const tables = Object.fromEntries(
      (Object.keys(names.tables) as TableKey[]).map((key) => [
        key,
        dynamodb.Table.fromTableName(this, `${pascal(key)}Table`, names.tables[key]),
      ]),
    ) as Record<TableKey, dynamodb.ITable>;
    const configEnvironment: Record<string, string> = {};
    for (const key of Object.keys(TABLE_ENV) as TableKey[])
      configEnvironment[TABLE_ENV[key]] = names.tables[key];
    for (const key of Object.keys(BUCKET_ENV) as BucketKey[])
      configEnvironment[BUCKET_ENV[key]] = names.buckets[key];

    return (name, environment = {}) => {
      const sizing = SIZING[name];
      const afterBundling = AFTER_BUNDLING[name];
      const fn = new PipelineFunction(this, `${pascal(name)}Function`, {
        name,
        ...(afterBundling ? { afterBundling } : {}),
        description: `Gongkai: ${sizing.description}`,
        memorySize: sizing.memorySize,
        timeout: Duration.seconds(sizing.timeoutSeconds),
        environment: { ...configEnvironment, ...environment },
        ...(projectRoot ? { projectRoot } : {}),
      });
      const access = ACCESS[name];
      for (const grant of access.tables ?? [])
        fn.allowTable(tables[grant.table], grant.actions, grant.partitions);
      for (const grant of access.objects ?? []) fn.allowObjects(artifacts, grant.actions, grant.prefixes);
      return fn;
    };
  }

  /** `${name}Queue` and `${name}DeadLetterQueue`. */
  private queueWithDeadLetters(name: 'Ingest' | 'Nightly', settings: QueueSettings) {
    const deadLetters = new sqs.Queue(this, `${name}DeadLetterQueue`, {
      retentionPeriod: Duration.days(settings.deadLetterRetentionDays),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const queue = new sqs.Queue(this, `${name}Queue`, {
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: settings.maxReceiveCount },
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    return { queue, deadLetters };
  }

  /** The nightly schedule, with its own role: assumable by EventBridge Scheduler for this account's default group only. */
  private scheduleNightly(dispatcher: PipelineFunction): void {
    const scheduleRole = new iam.Role(this, 'NightlyScheduleRole', {
      description: 'Gongkai nightly schedule: invoke the nightly dispatcher',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': this.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(this, dispatcher.function.functionArn)}:*]`,
      reason:
        "The scheduler target's grant (Function.grantInvoke) also names the dispatcher's versions and aliases " +
        '(<arn>:*): lambda:InvokeFunction on that one function only.',
    });
    new scheduler.Schedule(this, 'NightlySchedule', {
      description: 'Gongkai nightly: recompute every agency changed since the last run',
      schedule: scheduler.ScheduleExpression.expression(
        NIGHTLY_SCHEDULE.expression,
        TimeZone.of(NIGHTLY_SCHEDULE.timeZone),
      ),
      target: new targets.LambdaInvoke(dispatcher.function, {
        role: scheduleRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(2),
      }),
    });
  }

  /** The $default stage: auto-deployed, throttled, every request in the access log. */
  private loggedStage(): apigw.HttpStage {
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: LOG_RETENTION });
    return new apigw.HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            bytes: '$context.responseLength',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /**
   * Every deployed route of shared/http/routes.ts: its function, its authorizer, its timeout. A route with
   * auth `none` (the public site, the console's files) has no authorizer: it reads no key, and an
   * authorizer would cost a second Lambda call per page.
   */
  private addRoutes(authorizer: PipelineFunction): void {
    const authorizers: Record<Exclude<DeployedRoute['auth'], 'none'>, HttpLambdaAuthorizer> = {
      required: new HttpLambdaAuthorizer('ApiKey', authorizer.function, {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: ['$request.header.Authorization'],
        // The authorizer keeps good keys for keyCacheTtlMs itself, for reads only; a gateway cache on top
        // would let a revoked key go on writing.
        resultsCacheTtl: Duration.seconds(0),
      }),
      optional: new HttpLambdaAuthorizer('OptionalApiKey', authorizer.function, {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        // No identity source: called with or without a key (a cache needs an identity source, so none).
        identitySource: [],
        resultsCacheTtl: Duration.seconds(0),
      }),
    };
    // One integration per function; the gateway waits for it as long as the table says (one value per
    // function: test/infra checks every route's timeout against the table).
    const integrations = new Map<DeployedRoute['function'], HttpLambdaIntegration>();
    const integrationOf = (name: DeployedRoute['function']) => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(name)}Integration`, this.functions[name].function, {
          timeout: Duration.seconds(routeTimeoutOf(name)),
        });
        integrations.set(name, integration);
      }
      return integration;
    };
    for (const route of DEPLOYED_ROUTES) {
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationOf(route.function),
        authorizer: route.auth === 'none' ? new apigw.HttpNoneAuthorizer() : authorizers[route.auth],
      });
      if (route.auth === 'none' && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'A public page of published reports or a file of the officer console: public by design, it reads ' +
            'no key and no data that is not published; the console calls the key-protected routes itself.',
        });
      }
    }
  }

  private addOutputs(
    dispatcher: PipelineFunction,
    deadLetters: { readonly ingest: sqs.Queue; readonly nightly: sqs.Queue },
  ): void {
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'The base URL of /v1' });
    new CfnOutput(this, 'IngestQueueUrl', {
      value: this.ingestQueue.queueUrl,
      description: 'Trusted producers send event batches here (GONGKAI_INGEST_QUEUE_URL)',
    });
    new CfnOutput(this, 'NightlyDispatcherName', {
      value: dispatcher.function.functionName,
      description: 'Invoke it to run the nightly now (aws lambda invoke --function-name …)',
    });
    new CfnOutput(this, 'NightlyDeadLetterQueueUrl', { value: deadLetters.nightly.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: deadLetters.ingest.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Subscribe to get alarms',
    });
  }
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
