/**
 * The one real synth: `npm run synth:check` — the CDK CLI running infra/app.ts with bundling (local
 * esbuild, no Docker), the built-in CloudFormation validation and cdk-nag on, `--strict` (a warning
 * fails it), no credentials and no network. What CI deploys is what this builds; the bundles it writes
 * are checked against their budgets (bench/bundles.ts).
 *
 * It needs every handler of infra/pipeline-function.ts FUNCTION_NAMES to exist: while one is missing
 * the synth cannot run and the test says which (skipped).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_LIMITS } from '../../bench/bundles.ts';
import { STACK_NAMES } from '../../infra/app.ts';
import { FUNCTION_NAMES, handlerEntry, PROJECT_ROOT } from '../../infra/pipeline-function.ts';

interface CfnResource {
  readonly Type: string;
  readonly Metadata?: Readonly<Record<string, string>>;
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
const missing = FUNCTION_NAMES.filter((name) => !existsSync(handlerEntry(name)));
const outdir = mkdtempSync(join(tmpdir(), 'gongkai-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('npm run synth:check', () => {
  const title =
    missing.length === 0
      ? 'synthesizes both stacks offline, bundled, validated and cdk-nag clean'
      : `synthesizes both stacks (skipped: no handler yet for ${missing.join(', ')})`;

  it.skipIf(missing.length > 0)(title, { timeout: 300_000 }, () => {
    // Act
    const started = performance.now();
    const run = spawnSync('npm', ['run', '--silent', 'synth:check', '--', '--output', outdir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        // No credentials, no region: the stacks are environment-agnostic.
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        CDK_DISABLE_CLI_TELEMETRY: 'true',
      },
    });
    const ms = Math.round(performance.now() - started);
    // Assess
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    process.stderr.write(`synth:check took ${ms} ms\n`);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports ?? []).toEqual([]);

    const template = JSON.parse(readFileSync(join(outdir, `${STACK_NAMES.pipeline}.template.json`), 'utf8'));
    const functions = Object.entries(template.Resources as Record<string, CfnResource>).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const [id, resource] of functions) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      expect(assetPath, id).toBeTruthy();
      const bundle = join(outdir, assetPath ?? '', 'index.mjs');
      expect(existsSync(bundle), bundle).toBe(true);
      // Which function is this: its construct path names it (GongkaiPipeline/IngestHttpFunction/…).
      const path = resource.Metadata?.['aws:cdk:path'] ?? '';
      const name = FUNCTION_NAMES.find((n) => path.includes(`/${pascal(n)}Function/`));
      expect(name, path).toBeDefined();
      // The site serves the officer console from its own asset (built there after bundling).
      if (name === 'site') {
        const index = join(outdir, assetPath ?? '', 'console', 'index.html');
        expect(readFileSync(index, 'utf8')).toContain('<html lang="zh-CN">');
      }
      const limit = name ? BUNDLE_LIMITS[name] : undefined;
      if (limit !== undefined) expect(statSync(bundle).size, `${name} bundle`).toBeLessThanOrEqual(limit);
    }
  });
});
