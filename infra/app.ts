/**
 * The CDK app: StorageStack (stateful), then PipelineStack (stateless). `cdk synth` / `cdk deploy` run
 * this file (cdk.json: `npx tsx infra/app.ts`); the template tests call `createApp` with bundling and
 * the built-in CloudFormation validation off, which is the only difference from what the CLI builds.
 *
 * The stacks are environment-agnostic (the account and region of the deploying credentials apply), so
 * a synth needs no credentials and gives the same template on every machine. cdk-nag's AwsSolutions
 * pack runs on every synth: an unacknowledged finding fails it.
 *
 * Context: `-c alarmEmail=ops@example.gov.cn` (comma-separated for several) subscribes addresses to the
 * alarm topic.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PipelineStack } from './pipeline-stack.ts';
import { StorageStack } from './storage-stack.ts';

export const STACK_NAMES = { storage: 'GongkaiStorage', pipeline: 'GongkaiPipeline' } as const;

export interface AppOptions {
  /** Bundle the functions with esbuild (default true; the CLI decides with `aws:cdk:bundling-stacks`). */
  readonly bundling?: boolean;
  /** aws-cdk-lib's built-in CloudFormation template validation (~3 s per synth; default true). */
  readonly validation?: boolean;
  /** Register cdk-nag's AwsSolutions pack as a validation plugin (default true). */
  readonly nag?: boolean;
  readonly outdir?: string;
  /** Where functions/ is (default: this repository). */
  readonly projectRoot?: string;
  readonly context?: Record<string, unknown>;
}

export function createApp(options: AppOptions = {}) {
  const app = new App({
    context: {
      // The flags `cdk init` writes for a new project today, fixed here so that the CLI and the tests,
      // which do not read cdk.json, build the same templates.
      ...CURRENTLY_RECOMMENDED_FLAGS,
      ...(options.bundling === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      ...options.context,
    },
    builtinCloudFormationValidation: options.validation ?? true,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  Tags.of(app).add('project', 'gongkai');

  const alarmEmail = app.node.tryGetContext('alarmEmail');
  const alarmEmails =
    typeof alarmEmail === 'string'
      ? alarmEmail
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)
      : [];

  const storage = new StorageStack(app, STACK_NAMES.storage);
  const pipeline = new PipelineStack(app, STACK_NAMES.pipeline, {
    alarmEmails,
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
  });
  // No exports tie them (fixed names), so say it: the pipeline needs the tables and the bucket first.
  pipeline.addStackDependency(storage, 'the functions use its tables and bucket (by name)');
  return { app, storage, pipeline };
}

const main =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (main) createApp().app.synth();
