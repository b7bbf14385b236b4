/**
 * The app as the template tests see it: bundling and the built-in CloudFormation validation off (the
 * one CI synth, test/infra/synth.test.ts, has both on), synthesized once per test file.
 *
 * The functions are built from stub handlers in a temporary project root, so that these tests depend
 * on the infrastructure only, not on which handlers exist yet: with bundling off, the handler's code is
 * never read — only its path must exist. Logical ids do not depend on that path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/app.ts';
import { FUNCTION_NAMES } from '../../infra/pipeline-function.ts';

export interface TestApp extends ReturnType<typeof createApp> {
  readonly storageTemplate: Template;
  readonly pipelineTemplate: Template;
  /** Every message (info, warning, error) attached while synthesizing, per stack. */
  readonly messages: { readonly stack: string; readonly level: string; readonly text: string }[];
  readonly synthMs: number;
  dispose(): void;
}

export function synthTestApp(options: { nag?: boolean } = {}): TestApp {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-infra-'));
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
  for (const name of FUNCTION_NAMES) {
    mkdirSync(join(root, 'functions', name), { recursive: true });
    writeFileSync(join(root, 'functions', name, 'handler.ts'), 'export const handler = async () => ({});\n');
  }
  const started = performance.now();
  const built = createApp({
    bundling: false,
    validation: false,
    nag: options.nag ?? false,
    projectRoot: root,
    outdir: join(root, 'cdk.out'),
  });
  const assembly = built.app.synth();
  const synthMs = performance.now() - started;
  const artifact = (name: string) => assembly.getStackByName(name);
  const messages = [built.storage, built.pipeline].flatMap((stack) =>
    artifact(stack.stackName).messages.map((m) => ({
      stack: stack.stackName,
      level: String(m.level),
      text: typeof m.entry.data === 'string' ? m.entry.data : JSON.stringify(m.entry.data),
    })),
  );
  return {
    ...built,
    storageTemplate: Template.fromJSON(artifact(built.storage.stackName).template),
    pipelineTemplate: Template.fromJSON(artifact(built.pipeline.stackName).template),
    messages,
    synthMs,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A CloudFormation value as one readable string: `<Ref>`, `<Id.Attr>`, joins concatenated. */
export function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flat).join(' | ');
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flat).join(delimiter);
    }
    if (node.Ref !== undefined) return `<${flat(node.Ref)}>`;
    if (Array.isArray(node['Fn::GetAtt']))
      return `<${(node['Fn::GetAtt'] as unknown[]).map(flat).join('.')}>`;
  }
  return JSON.stringify(value);
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/**
 * Every permission a role holds, one line per (statement, resource): `actions on resource [if …]`, so
 * that the comparison does not depend on how CDK groups statements.
 */
export function permissionsOf(template: Template, roleLogicalId: string): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as unknown[]).some((role) => flat(role) === `<${roleLogicalId}>`),
  );
  const lines: string[] = [];
  for (const policy of policies) {
    for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
      const actions = [statement.Action].flat().sort().join(',');
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      const condition = statement.Condition ? ` if ${JSON.stringify(statement.Condition)}` : '';
      for (const resource of resources)
        lines.push(`${statement.Effect} ${actions} on ${flat(resource)}${condition}`);
    }
  }
  return lines.sort();
}
