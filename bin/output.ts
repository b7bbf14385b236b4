/** What every command shares for its output, its arguments and its errors. */
import { statSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { AppError } from '../shared/errors.ts';

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

/** An input file argument: it must exist and be a file (checked before any work starts). */
export function parseInputFile(path: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    throw new InvalidArgumentError(explainCliError(error) ?? `cannot read ${path}`);
  }
  if (!isFile) throw new InvalidArgumentError(`${path} is not a file`);
  return path;
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/**
 * What a command failed with, for a person: a caller's mistake (an AppError below 500, a file that cannot
 * be read) is one line on stderr and exit code 1; anything else is a defect and keeps its stack.
 */
export function explainCliError(error: unknown): string | undefined {
  if (error instanceof AppError && error.expose) return error.message;
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code === 'string' && typeof path === 'string' && FILE_ERRORS[code]) {
    return `cannot read ${path}: ${FILE_ERRORS[code]}`;
  }
  return undefined;
}

/**
 * Commander checks required options before unknown ones, so a misspelt `--event F` was answered "required
 * option '--events' not specified". For every command of the program, its required options are checked in
 * a preAction hook instead, which runs after the unknown options are named — with commander's own words.
 */
export function unknownOptionsFirst(program: Command): void {
  for (const command of [
    program,
    ...program.commands.flatMap(function all(c): Command[] {
      return [c, ...c.commands.flatMap(all)];
    }),
  ]) {
    const required = command.options.filter((option) => option.mandatory);
    if (required.length === 0) continue;
    for (const option of required) option.mandatory = false;
    command.hook('preAction', (_self, actioned) => {
      if (actioned !== command) return;
      for (const option of required) {
        if (command.getOptionValue(option.attributeName()) === undefined)
          command.error(`error: required option '${option.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          });
      }
    });
  }
}
