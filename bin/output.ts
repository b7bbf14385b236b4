/** What every command shares for its output and arguments. */
import { InvalidArgumentError } from 'commander';

/** Writes one JSON document to stdout and waits until it is flushed (large documents, piped output). */
export function writeJson(document: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

export function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 2000 || year > 2099) {
    throw new InvalidArgumentError('a year is four digits, 2000–2099');
  }
  return year;
}
