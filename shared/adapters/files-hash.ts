/** A hash of files' names and contents: what a cached build was made from, to tell whether it still is. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 over each file's path and contents, in order; undefined if one can no longer be read. */
export function hashOfFiles(files: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  try {
    for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  } catch {
    return undefined; // a source gone: build again
  }
  return hash.digest('hex');
}
