/**
 * Records kept as versions that are never changed (narratives, template assignments): the next one is
 * numbered latest + 1 and written only if that number is free; when two saves race, the loser reads the
 * latest again and takes the next number.
 */
import { AppError } from '../errors.ts';

export async function saveNextVersion<R>(
  latestVersion: () => Promise<number | undefined>,
  make: (version: number) => R,
  putIfNew: (record: R) => Promise<boolean>,
  what: string,
): Promise<R> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = make(((await latestVersion()) ?? 0) + 1);
    if (await putIfNew(record)) return record;
  }
  throw new AppError(503, 'unavailable', `the ${what} could not be saved (too many saves at once); retry`);
}
