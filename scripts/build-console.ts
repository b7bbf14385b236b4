/**
 * Builds the officer console (console/src: Preact, TSX) into `dist/console/` (or the folder given):
 * `index.html` and fingerprinted assets under `assets/` (`main-<hash>.js`, `main-<hash>.css`), which may be
 * cached for ever because a change changes their names. index.html has no inline script or style, so the
 * site can serve it under a CSP without 'unsafe-inline'. `npm start`, the tests and the CDK bundling of
 * the site function call it.
 *
 *   tsx scripts/build-console.ts [outDir]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { hashOfFiles } from '../shared/adapters/files-hash.ts';
import { REPORT_STYLE_SHEET } from '../shared/render/html.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CONSOLE_OUT_DIR = join(ROOT, 'dist', 'console');

/** What a build was made from (`build.json` beside index.html): its inputs and their hash. */
interface BuildRecord {
  readonly inputs: readonly string[];
  readonly hash: string;
}

const RECORD_FILE = 'build.json';

/**
 * What a build depends on besides esbuild's inputs: this script (it writes index.html) and the report's
 * style sheet (written from a constant of shared/render/html.ts, which the console does not import).
 */
const THIS_SCRIPT = fileURLToPath(import.meta.url);
const extraHash = () => createHash('sha256').update(REPORT_STYLE_SHEET).digest('hex');

function hashOfInputs(inputs: readonly string[]): string | undefined {
  const files = hashOfFiles([...inputs, THIS_SCRIPT]);
  return files === undefined ? undefined : `${files}:${extraHash()}`;
}

/**
 * Whether `outDir` holds a build of the sources as they are now: every input it was built from still
 * hashes the same, and so does what it was written with. A start then serves it as it is.
 */
export function isCurrentBuild(outDir: string): boolean {
  try {
    const record = JSON.parse(readFileSync(join(outDir, RECORD_FILE), 'utf8')) as BuildRecord;
    return Array.isArray(record.inputs) && hashOfInputs(record.inputs) === record.hash;
  } catch {
    return false;
  }
}

export interface BuiltConsole {
  readonly outDir: string;
  /** The asset files written, relative to outDir (`assets/main-<hash>.js`, …). */
  readonly assets: readonly string[];
}

export async function buildConsole(outDir: string = CONSOLE_OUT_DIR): Promise<BuiltConsole> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'console', 'src', 'main.tsx')],
    tsconfig: join(ROOT, 'console', 'tsconfig.json'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    entryNames: '[name]-[hash]',
    outdir: join(outDir, 'assets'),
    metafile: true,
    absWorkingDir: ROOT, // the metafile's paths are relative to it
    logLevel: 'warning',
  });
  const assets = Object.keys(result.metafile.outputs).map((file) => relative(outDir, resolve(ROOT, file)));
  const script = assets.find((file) => file.endsWith('.js'));
  const style = assets.find((file) => file.endsWith('.css'));
  if (!script || !style) throw new Error('the console build wrote no script or no style sheet');
  const reportStyle = writeReportStyleSheet(outDir);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':'))
    .map((input) => resolve(ROOT, input));
  const hash = hashOfInputs(inputs);
  if (hash !== undefined)
    writeFileSync(join(outDir, RECORD_FILE), JSON.stringify({ inputs, hash } satisfies BuildRecord));
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府信息公开年度报告 · 工作台</title>
<meta name="gongkai-report-style" content="/console/${reportStyle}">
<link rel="stylesheet" href="/console/${style}">
<script type="module" src="/console/${script}"></script>
</head>
<body>
<div id="app"><noscript>工作台需要启用 JavaScript。</noscript></div>
</body>
</html>
`,
  );
  return { outDir, assets: [...assets, reportStyle] };
}

/**
 * The report's style sheet as a fingerprinted asset: the preview (an iframe srcdoc, which inherits the
 * console's policy: no inline style) links it in place of the report's `<style>`. index.html names it.
 */
function writeReportStyleSheet(outDir: string): string {
  const hash = createHash('sha256').update(REPORT_STYLE_SHEET).digest('hex').slice(0, 12).toUpperCase();
  const file = `assets/report-${hash}.css`;
  writeFileSync(join(outDir, file), REPORT_STYLE_SHEET);
  return file;
}

if (process.argv[1] && basename(process.argv[1]).startsWith('build-console')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: tsx scripts/build-console.ts [outDir]\nBuilds the officer console into outDir (default dist/console): index.html and fingerprinted assets.\n',
    );
  } else {
    const built = await buildConsole(positionals[0] ? resolve(positionals[0]) : CONSOLE_OUT_DIR);
    process.stdout.write(`built the console into ${built.outDir}: ${built.assets.join(', ')}\n`);
  }
}
