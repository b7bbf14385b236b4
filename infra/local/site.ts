/**
 * What `npm start` does for the site: builds the officer console into the folder the site function serves
 * (default dist/console), unless the folder holds a build of the same sources already, swapping it in
 * whole so that two starts building at once (tests run several) never serve or remove a half-written
 * folder.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildConsole, isCurrentBuild } from '../../scripts/build-console.ts';

export async function buildServedConsole(dir: string): Promise<void> {
  if (isCurrentBuild(dir)) return;
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const fresh = join(dirname(dir), `.${basename(dir)}-new-${suffix}`);
  const old = join(dirname(dir), `.${basename(dir)}-old-${suffix}`);
  try {
    await buildConsole(fresh);
    try {
      renameSync(dir, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      renameSync(fresh, dir);
    } catch (error) {
      // Another start swapped its build in meanwhile: the same sources, the same files; keep it.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}
