/**
 * The size of each function's bundle, built with exactly the options the CDK construct deploys with
 * (BUNDLING in infra/pipeline-function.ts: minified ESM for node22, AWS SDK external), against its
 * budget: the ingest path must stay small (cold starts on every new instance), the generator carries
 * the renderers and may be larger.
 *
 * `npx tsx bench/bundles.ts` prints the sizes and, for each bundle, the packages that weigh most (from
 * esbuild's metafile); `benchBundles()` answers the sizes for `npm run bench`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  BUNDLING,
  FUNCTION_NAMES,
  type FunctionName,
  handlerEntry,
  PROJECT_ROOT,
} from '../infra/pipeline-function.ts';

const KIB = 1024;

/** Budgets for the minified bundle (index.mjs, without its source map). */
export const BUNDLE_LIMITS: Partial<Record<FunctionName, number>> = {
  'ingest-http': 150 * KIB,
  'ingest-queue': 150 * KIB,
  authorizer: 150 * KIB,
  generator: 1.2 * KIB * KIB,
};

export interface BundleResult {
  readonly bytes: number;
  readonly limit?: number;
}

export interface BundleAnalysis extends BundleResult {
  /** Output bytes by package (`node_modules/<name>`) or by our own top folder (shared/domain, …). */
  readonly byPackage: readonly { readonly name: string; readonly bytes: number }[];
}

/** Builds one handler as the construct would; answers its size and what it is made of. */
export async function bundleOne(name: FunctionName, root: string = PROJECT_ROOT): Promise<BundleAnalysis> {
  const outdir = mkdtempSync(join(tmpdir(), `gongkai-bundle-${name}-`));
  try {
    const result = await build({
      ...BUNDLING,
      mainFields: [...BUNDLING.mainFields],
      external: [...BUNDLING.external],
      entryPoints: [handlerEntry(name, root)],
      outfile: join(outdir, 'index.mjs'),
      absWorkingDir: root,
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
    if (!output) throw new Error(`esbuild wrote no index.mjs for ${name}`);
    const limit = BUNDLE_LIMITS[name];
    return {
      bytes: output.contents.byteLength,
      ...(limit === undefined ? {} : { limit: Math.round(limit) }),
      byPackage: byPackage(result.metafile),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The sizes of every function whose handler exists (a missing one is left out, not an error). */
export async function benchBundles(root: string = PROJECT_ROOT): Promise<Record<string, BundleResult>> {
  const results: Record<string, BundleResult> = {};
  for (const name of FUNCTION_NAMES) {
    if (!existsSync(handlerEntry(name, root))) continue;
    const { bytes, limit } = await bundleOne(name, root);
    results[name] = limit === undefined ? { bytes } : { bytes, limit };
  }
  return results;
}

function byPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = ownerOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .filter((entry) => entry.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; `shared/domain/x.ts` → `shared/domain`. */
function ownerOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
  }
  const parts = input.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
}

const main =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (main) {
  const kib = (bytes: number) => `${(bytes / KIB).toFixed(1)} KiB`;
  let over = false;
  for (const name of FUNCTION_NAMES) {
    if (!existsSync(handlerEntry(name))) {
      process.stdout.write(`${name.padEnd(20)} (no functions/${name}/handler.ts yet)\n`);
      continue;
    }
    const started = performance.now();
    const result = await bundleOne(name);
    const ms = Math.round(performance.now() - started);
    const verdict = result.limit === undefined ? '' : result.bytes <= result.limit ? ' ok' : ' OVER BUDGET';
    over ||= verdict === ' OVER BUDGET';
    const budget = result.limit === undefined ? '' : ` / ${kib(result.limit)}`;
    process.stdout.write(
      `${name.padEnd(20)} ${kib(result.bytes).padStart(11)}${budget}${verdict}  (${ms} ms)\n`,
    );
    for (const entry of result.byPackage.slice(0, 6)) {
      process.stdout.write(`    ${kib(entry.bytes).padStart(11)}  ${entry.name}\n`);
    }
  }
  process.exitCode = over ? 1 : 0;
}
