/**
 * Starts the emulators once for every integration test file: dynalite (in memory) and s3rver (a temp
 * folder), on free ports of 127.0.0.1. Each test file makes its own tables (test/integration/support.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynalite, startS3rver } from '../../infra/local/emulators.ts';
import { buildConsole } from '../../scripts/build-console.ts';
import { DEFAULTS } from '../../shared/config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
    /** The officer console, built once for every test file (the site function serves it). */
    consoleDir: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const folder = mkdtempSync(join(tmpdir(), 'gongkai-s3-'));
  const dynamodb = await startDynalite();
  const s3 = await startS3rver({ directory: folder, buckets: [DEFAULTS.buckets.artifacts] });
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  const consoleFolder = mkdtempSync(join(tmpdir(), 'gongkai-console-'));
  const built = await buildConsole(join(consoleFolder, 'console'));
  project.provide('consoleDir', built.outDir);
  return async () => {
    await Promise.allSettled([dynamodb.close(), s3.close()]);
    rmSync(folder, { recursive: true, force: true });
    rmSync(consoleFolder, { recursive: true, force: true });
  };
}
