/**
 * The built officer console (scripts/build-console.ts): `index.html` and fingerprinted files under
 * `assets/`. Only a plain file name of a known type directly under assets/ is served: no path (no `/`,
 * no `..`), no dot-file, no symlink out of the folder, nothing that is not a regular file.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/** The types served, by extension: anything else is a 404. */
const CONTENT_TYPES: Readonly<Record<string, { readonly type: string; readonly text: boolean }>> = {
  '.js': { type: 'text/javascript; charset=utf-8', text: true },
  '.css': { type: 'text/css; charset=utf-8', text: true },
  '.map': { type: 'application/json; charset=utf-8', text: true },
  '.json': { type: 'application/json; charset=utf-8', text: true },
  '.svg': { type: 'image/svg+xml', text: true },
  '.png': { type: 'image/png', text: false },
  '.ico': { type: 'image/x-icon', text: false },
  '.woff2': { type: 'font/woff2', text: false },
};

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export interface ConsoleFile {
  readonly contentType: string;
  /** Text as is, or base64 (isBase64Encoded) for binary types. */
  readonly body: string;
  readonly base64: boolean;
}

/** A regular file inside `dir` (after symlinks), or undefined. */
async function readInside(dir: string, path: string): Promise<Buffer | undefined> {
  try {
    const [root, real] = await Promise.all([realpath(dir), realpath(path)]);
    if (!real.startsWith(root + sep)) return undefined;
    if (!(await stat(real)).isFile()) return undefined;
    return await readFile(real);
  } catch {
    return undefined;
  }
}

/** The console's index.html, or undefined when the console is not built. */
export async function consoleIndex(dir: string): Promise<string | undefined> {
  return (await readInside(dir, join(dir, 'index.html')))?.toString('utf8');
}

/** An asset by its file name, or undefined (not a plain name, not a known type, not there). */
export async function consoleAsset(dir: string, name: string): Promise<ConsoleFile | undefined> {
  if (!ASSET_NAME.test(name) || name.includes('..')) return undefined;
  const kind = CONTENT_TYPES[extname(name).toLowerCase()];
  if (!kind) return undefined;
  const bytes = await readInside(dir, join(dir, 'assets', name));
  if (!bytes) return undefined;
  return {
    contentType: kind.type,
    body: kind.text ? bytes.toString('utf8') : bytes.toString('base64'),
    base64: !kind.text,
  };
}
