/**
 * The CloudFormation templates of both stacks (aws-cdk-lib/assertions), synthesized with bundling and
 * the built-in validation off: the tables and the bucket as declared, each function's runtime, logs,
 * tracing, configuration and exact permissions, the queues, the schedule, the API, the alarms, and
 * cdk-nag's AwsSolutions pack with no unacknowledged finding.
 */
import { type CfnElement, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NIGHTLY_COMPLETED_METRIC } from '../../infra/alarms.ts';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/pipeline-function.ts';
import { NIGHTLY_QUEUE, SIZING } from '../../infra/pipeline-stack.ts';
import { INGEST_QUEUE, TABLES } from '../../infra/tables.ts';
import { BUCKET_ENV, DEFAULTS, TABLE_ENV } from '../../shared/config.ts';
import { DEPLOYED_ROUTES, ROUTES, routeKey } from '../../shared/http/routes.ts';
import { flat, permissionsOf, synthTestApp, type TestApp } from './support.ts';

let gk: TestApp;
beforeAll(() => {
  gk = synthTestApp();
});
afterAll(() => gk?.dispose());

const idOf = (construct: IConstruct) => gk.pipeline.getLogicalId(construct.node.defaultChild as CfnElement);
const fn = (name: FunctionName) => gk.pipeline.functions[name];
const functionProps = (name: FunctionName) =>
  gk.pipelineTemplate.toJSON().Resources[idOf(fn(name).function)].Properties as Record<string, unknown>;

const TABLE_ARN = (table: string) =>
  `arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/${table}`;
const OBJECTS = (prefix: string) =>
  `arn:<AWS::Partition>:s3:::gongkai-artifacts-<AWS::AccountId>-<AWS::Region>/${prefix}*`;
const BUCKET_NAME = 'gongkai-artifacts-<AWS::AccountId>-<AWS::Region>';
const EVENTS = TABLE_ARN('gongkai-events');
const REGISTRY = TABLE_ARN('gongkai-registry');
const STATISTICS = TABLE_ARN('gongkai-statistics');
const BUCKET = 'arn:<AWS::Partition>:s3:::gongkai-artifacts-<AWS::AccountId>-<AWS::Region>';
const only = (...keys: string[]) =>
  ` if ${JSON.stringify({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': keys } })}`;
const like = (...patterns: string[]) =>
  ` if ${JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns } })}`;

describe('storage stack', () => {
  it('builds every table of infra/tables.ts from its declaration: keys, on demand, PITR, deletion protection, KMS, retained', () => {
    const tables = gk.storageTemplate.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(Object.keys(TABLES).length);
    for (const [key, declaration] of Object.entries(TABLES)) {
      const [table] = Object.values(
        gk.storageTemplate.findResources('AWS::DynamoDB::Table', {
          Properties: { TableName: DEFAULTS.tables[key as keyof typeof TABLES] },
        }),
      );
      expect(table, key).toBeDefined();
      expect(table?.DeletionPolicy).toBe('Retain');
      expect(table?.UpdateReplacePolicy).toBe('Retain');
      expect(table?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: declaration.sortKey.name, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: declaration.partitionKey.name, AttributeType: declaration.partitionKey.type },
          { AttributeName: declaration.sortKey.name, AttributeType: declaration.sortKey.type },
        ],
      });
    }
  });

  it('keeps the artifacts bucket private, versioned, encrypted, TLS-only, logged, with drafts expiring', () => {
    const [bucket] = Object.values(
      gk.storageTemplate.findResources('AWS::S3::Bucket', {
        Properties: { VersioningConfiguration: Match.anyValue() },
      }),
    );
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(flat(bucket?.Properties.BucketName)).toBe(BUCKET_NAME);
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { LogFilePrefix: 'artifacts/' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-drafts',
            TagFilters: [{ Key: 'gongkai-draft', Value: 'true' }],
            ExpirationInDays: 30,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          },
          {
            Id: 'expire-noncurrent-versions',
            NoncurrentVersionExpiration: { NoncurrentDays: 365 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    });
    // Every bucket (the access-log one too) is private and refuses plain HTTP.
    for (const each of Object.values(gk.storageTemplate.findResources('AWS::S3::Bucket'))) {
      expect(each.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = Object.values(gk.storageTemplate.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('functions', () => {
  it('runs every function on nodejs22.x, arm64, X-Ray active, its own log group kept a year', () => {
    const functions = gk.pipelineTemplate.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(FUNCTION_NAMES.length);
    for (const name of FUNCTION_NAMES) {
      const props = functionProps(name);
      expect(props, name).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: SIZING[name].memorySize,
        Timeout: SIZING[name].timeoutSeconds,
        LoggingConfig: { LogGroup: { Ref: idOf(fn(name).logGroup) } },
      });
      const logGroup = gk.pipelineTemplate.toJSON().Resources[idOf(fn(name).logGroup)];
      expect(logGroup.Properties.RetentionInDays, name).toBe(365);
      expect(logGroup.DeletionPolicy, name).toBe('Retain');
    }
    expect(SIZING.generator.memorySize).toBeGreaterThanOrEqual(1536);
  });

  it('tells every function the table and bucket names (shared/config.ts variables)', () => {
    for (const name of FUNCTION_NAMES) {
      const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables[TABLE_ENV.events], name).toBe(DEFAULTS.tables.events);
      expect(variables[TABLE_ENV.registry], name).toBe(DEFAULTS.tables.registry);
      expect(flat(variables[BUCKET_ENV.artifacts]), name).toBe(BUCKET_NAME);
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      // Powertools Tracer's service name (the traces' annotation), and no response bodies in traces.
      expect(variables.POWERTOOLS_SERVICE_NAME, name).toBe('gongkai');
      expect(variables.POWERTOOLS_TRACER_CAPTURE_RESPONSE, name).toBe('false');
    }
    const queue = (functionProps('ingest-queue').Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(queue.GONGKAI_QUEUE_MAX_RECEIVE_COUNT).toBe(String(INGEST_QUEUE.maxReceiveCount));
    const dispatcher = (
      functionProps('nightly-dispatcher').Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(flat(dispatcher.GONGKAI_NIGHTLY_QUEUE_URL)).toBe(`<${idOf(gk.pipeline.nightlyQueue)}>`);
    const statistics = (functionProps('statistics-api').Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(statistics[TABLE_ENV.statistics]).toBe(DEFAULTS.tables.statistics);
  });

  it('gives every role no managed policy, only inline statements', () => {
    for (const role of Object.values(gk.pipelineTemplate.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('least privilege: the exact permissions of each function', () => {
  const common = (name: FunctionName) => [
    `Allow logs:CreateLogStream,logs:PutLogEvents on <${idOf(fn(name).logGroup)}.Arn>`,
    'Allow xray:PutTelemetryRecords,xray:PutTraceSegments on *',
  ];
  const consume = (queue: IConstruct) =>
    `Allow sqs:ChangeMessageVisibility,sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:GetQueueUrl,sqs:ReceiveMessage on <${idOf(queue)}.Arn>`;
  const ingest = [
    `Allow dynamodb:BatchGetItem,dynamodb:GetItem,dynamodb:PutItem on ${EVENTS}`,
    `Allow dynamodb:BatchGetItem on ${REGISTRY}${only('AGENCY')}`,
    `Allow dynamodb:UpdateItem on ${REGISTRY}${only('CHANGED')}`,
  ];
  const expected: Record<FunctionName, () => string[]> = {
    authorizer: () => [`Allow dynamodb:GetItem on ${REGISTRY}${only('APIKEY')}`],
    'ingest-http': () => ingest,
    'ingest-queue': () => [...ingest, consume(gk.pipeline.ingestQueue)],
    'nightly-dispatcher': () => [
      `Allow dynamodb:Query on ${REGISTRY}${only('CHANGED', 'AGENCY')}`,
      `Allow dynamodb:UpdateItem on ${REGISTRY}${only('CHANGED')}`,
      `Allow dynamodb:Query on ${STATISTICS}${only('ROLLUP', 'RUNNING')}`,
      `Allow sqs:GetQueueAttributes,sqs:SendMessage on <${idOf(gk.pipeline.nightlyQueue)}.Arn>`,
    ],
    'nightly-worker': () => [
      `Allow dynamodb:Query on ${EVENTS}`,
      `Allow dynamodb:Query on ${REGISTRY}${only('AGENCY')}`,
      `Allow dynamodb:DeleteItem on ${REGISTRY}${only('CHANGED')}`,
      `Allow dynamodb:BatchGetItem,dynamodb:BatchWriteItem,dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query,dynamodb:UpdateItem on ${STATISTICS}`,
      consume(gk.pipeline.nightlyQueue),
    ],
    generator: () => [
      `Allow dynamodb:Query on ${EVENTS}`,
      `Allow dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query on ${REGISTRY}`,
      `Allow s3:GetObject,s3:PutObject,s3:PutObjectTagging on ${OBJECTS('reports/')}`,
      `Allow s3:ListBucket on ${BUCKET}`,
    ],
    'reports-api': () => [
      `Allow dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query on ${REGISTRY}`,
      `Allow s3:GetObject on ${OBJECTS('reports/')}`,
      `Allow s3:ListBucket on ${BUCKET}`,
    ],
    'statistics-api': () => [`Allow dynamodb:BatchGetItem,dynamodb:GetItem on ${STATISTICS}`],
    // Published records only: never the APIKEY partition.
    site: () => [
      `Allow dynamodb:GetItem,dynamodb:Query on ${REGISTRY}${only('AGENCY')}`,
      `Allow dynamodb:Query on ${REGISTRY}${like('PUBLISHED#*')}`,
      `Allow dynamodb:BatchGetItem,dynamodb:GetItem on ${REGISTRY}${like('REPORT#*')}`,
      `Allow s3:GetObject on ${OBJECTS('reports/')}`,
    ],
  };
  for (const name of FUNCTION_NAMES) {
    it(name, () => {
      const role = idOf(fn(name).role);
      expect(flat(functionProps(name).Role)).toBe(`<${role}.Arn>`);
      expect(permissionsOf(gk.pipelineTemplate, role)).toEqual([...common(name), ...expected[name]()].sort());
    });
  }

  it('lets the schedule invoke the dispatcher and nothing else', () => {
    const [schedule] = Object.values(gk.pipelineTemplate.findResources('AWS::Scheduler::Schedule'));
    const role = flat(schedule?.Properties.Target.RoleArn).replace(/^<|\.Arn>$/g, '');
    const dispatcher = idOf(fn('nightly-dispatcher').function);
    expect(permissionsOf(gk.pipelineTemplate, role)).toEqual(
      [
        `Allow lambda:InvokeFunction on <${dispatcher}.Arn>`,
        `Allow lambda:InvokeFunction on <${dispatcher}.Arn>:*`,
      ].sort(),
    );
  });
});

describe('queues and the nightly', () => {
  const queueProps = (queue: IConstruct) =>
    gk.pipelineTemplate.toJSON().Resources[idOf(queue)].Properties as Record<string, unknown>;

  it('redrives a failing ingest message to its dead-letter queue after maxReceiveCount receives', () => {
    const props = queueProps(gk.pipeline.ingestQueue);
    expect(props.VisibilityTimeout).toBe(INGEST_QUEUE.visibilityTimeoutSeconds);
    expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: INGEST_QUEUE.maxReceiveCount });
    expect(props.SqsManagedSseEnabled).toBe(true);
    gk.pipelineTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: idOf(fn('ingest-queue').function) },
      BatchSize: INGEST_QUEUE.batchSize,
      MaximumBatchingWindowInSeconds: INGEST_QUEUE.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(INGEST_QUEUE.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
      6 * SIZING['ingest-queue'].timeoutSeconds,
    );
  });

  it('redrives a failing agency of the nightly queue after its maxReceiveCount', () => {
    const props = queueProps(gk.pipeline.nightlyQueue);
    expect(props.VisibilityTimeout).toBe(NIGHTLY_QUEUE.visibilityTimeoutSeconds);
    expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: NIGHTLY_QUEUE.maxReceiveCount });
    gk.pipelineTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: idOf(fn('nightly-worker').function) },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: NIGHTLY_QUEUE.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(NIGHTLY_QUEUE.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
      6 * SIZING['nightly-worker'].timeoutSeconds,
    );
  });

  it('runs the dispatcher at 02:00 Asia/Shanghai every day', () => {
    gk.pipelineTemplate.resourceCountIs('AWS::Scheduler::Schedule', 1);
    gk.pipelineTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [idOf(fn('nightly-dispatcher').function), 'Arn'] } },
    });
  });
});

describe('HTTP API', () => {
  const routes = () => Object.values(gk.pipelineTemplate.findResources('AWS::ApiGatewayV2::Route'));
  const resource = (ref: unknown) => gk.pipelineTemplate.toJSON().Resources[flat(ref).replace(/^<|>$/g, '')];

  it('has exactly the deployed routes of shared/http/routes.ts, none of the local-only ones', () => {
    const keys = routes().map((r) => r.Properties.RouteKey as string);
    expect(keys.sort()).toEqual(DEPLOYED_ROUTES.map(routeKey).sort());
    const localOnly = ROUTES.filter((route) => 'localOnly' in route).map(routeKey);
    expect(localOnly.length).toBeGreaterThan(0);
    for (const key of localOnly) expect(keys).not.toContain(key);
  });

  it("puts every route behind the authorizer its auth says: the key's header, or none (optional)", () => {
    const authorizerFn = idOf(fn('authorizer').function);
    for (const route of DEPLOYED_ROUTES) {
      const deployed = routes().find((r) => r.Properties.RouteKey === routeKey(route));
      if (route.auth === 'none') {
        // The public site and the console's files: no authorizer at all.
        expect(deployed?.Properties.AuthorizationType ?? 'NONE', routeKey(route)).toBe('NONE');
        expect(deployed?.Properties.AuthorizerId, routeKey(route)).toBeUndefined();
        continue;
      }
      expect(deployed?.Properties.AuthorizationType, routeKey(route)).toBe('CUSTOM');
      const props = resource(deployed?.Properties.AuthorizerId)?.Properties;
      expect(props, routeKey(route)).toMatchObject({
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        AuthorizerResultTtlInSeconds: 0,
        IdentitySource: route.auth === 'required' ? ['$request.header.Authorization'] : [],
      });
      expect(flat(props?.AuthorizerUri)).toContain(`<${authorizerFn}.Arn>`);
    }
  });

  it("integrates every route with its function, waiting the table's timeout (at most 29 s)", () => {
    for (const route of DEPLOYED_ROUTES) {
      const deployed = routes().find((r) => r.Properties.RouteKey === routeKey(route));
      const integration = resource(
        flat(deployed?.Properties.Target).replace(/^integrations\//, ''),
      )?.Properties;
      expect(integration, routeKey(route)).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        TimeoutInMillis: route.timeoutSeconds * 1000,
      });
      expect(flat(integration?.IntegrationUri)).toContain(`<${idOf(fn(route.function).function)}.Arn>`);
      expect(route.timeoutSeconds).toBeLessThanOrEqual(29);
    }
  });

  it('gives a function that only serves routes the Lambda timeout of its routes', () => {
    for (const name of ['ingest-http', 'reports-api', 'statistics-api', 'site'] as const) {
      for (const route of DEPLOYED_ROUTES.filter((r) => r.function === name))
        expect(functionProps(name).Timeout, name).toBe(route.timeoutSeconds);
    }
  });

  it('logs every request of the stage and throttles it', () => {
    gk.pipelineTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('context.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('alarms', () => {
  it('alarms on a non-empty dead-letter queue, on function errors, and on a nightly missed for 26 hours', () => {
    const alarms = Object.values(gk.pipelineTemplate.findResources('AWS::CloudWatch::Alarm'));
    const deadLetters = alarms.filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(deadLetters).toHaveLength(2);
    for (const alarm of deadLetters) {
      expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
    const errors = alarms.filter((a) => a.Properties.MetricName === 'Errors');
    expect(errors).toHaveLength(FUNCTION_NAMES.length);
    const nightly = alarms.filter((a) => a.Properties.MetricName === NIGHTLY_COMPLETED_METRIC.metricName);
    expect(nightly).toHaveLength(1);
    expect(nightly[0]?.Properties).toMatchObject({
      Namespace: NIGHTLY_COMPLETED_METRIC.namespace,
      Statistic: 'Sum',
      Period: 26 * 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    const topic = Object.keys(gk.pipelineTemplate.findResources('AWS::SNS::Topic'));
    expect(topic).toHaveLength(1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic[0] }]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, error or warning, in either stack', () => {
    const report = new AwsSolutionsChecks(gk.app).validateScope(gk.app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    // No AwsSolutions annotation either (cdk-nag 2 style), and no warning or error from CDK itself.
    expect(gk.messages.filter((m) => /AwsSolutions-/.test(m.text))).toEqual([]);
    expect(gk.messages.filter((m) => m.level !== 'info')).toEqual([]);
  });

  it('acknowledges only the expected rules, each with a specific reason', () => {
    const acknowledged = new Map<string, string>();
    const visit = (node: IConstruct) => {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.set(`${node.node.path} ${id.replace(/^annotation::/i, '')}`, reason);
        }
      }
      node.node.children.forEach(visit);
    };
    visit(gk.app);
    const ids = [...acknowledged.keys()].map((k) => k.replace(/^\S+ /, ''));
    expect(new Set(ids)).toEqual(
      new Set([
        'AwsSolutions-S1',
        'AwsSolutions-L1',
        'AwsSolutions-IAM5[Resource::*]',
        `AwsSolutions-IAM5[Resource::${OBJECTS('reports/')}]`,
        `AwsSolutions-IAM5[Resource::<${idOf(fn('nightly-dispatcher').function)}.Arn>:*]`,
        // The public site's routes (auth none), and only those.
        'AwsSolutions-APIG4',
      ]),
    );
    const publicRoutes = [...acknowledged.keys()].filter((k) => k.endsWith(' AwsSolutions-APIG4'));
    expect(publicRoutes).toHaveLength(DEPLOYED_ROUTES.filter((r) => r.auth === 'none').length);
    for (const [where, reason] of acknowledged) expect(reason.length, where).toBeGreaterThan(60);
  });
});
