/**
 * The one way a JSON body (an HTTP request's or a queue message's) becomes a value: text → JSON → the
 * schema, or a 400 that explains — `malformed_json` (with JSON.parse's reason, never the body's text) or
 * `invalid_argument` with every field path at fault.
 */
import * as z from 'zod';
import { type FieldIssue, toFieldIssues } from '../domain/contract.ts';
import { AppError, badRequest } from '../errors.ts';

/** A validator that is not a zod schema: the value, or every issue (it may also throw its own AppError). */
export type Check<T> = (
  value: unknown,
) => { ok: true; value: T } | { ok: false; issues: readonly FieldIssue[] };

export interface JsonBodyWords {
  /** The `malformed_json` message; a function is told what JSON.parse found wrong. */
  readonly notJson: string | ((reason: string) => string);
  /** The `invalid_argument` message the field issues go with. */
  readonly invalid: string;
  /** Rewords an issue (e.g. an unknown field named with what is allowed). */
  readonly reword?: (issue: FieldIssue) => FieldIssue;
}

/**
 * What JSON.parse found wrong, without the body's text: V8 quotes a piece of the input in its message
 * (`Unexpected token 'n', "not json …" is not valid JSON`), and this reason reaches the logs.
 */
function jsonErrorReason(error: unknown): string {
  if (!(error instanceof SyntaxError)) return 'not JSON';
  const reason = error.message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/token '.*?'/su, 'token')
    .replace(/"[^"]*"/gu, '…');
  return reason.length <= 120 ? reason : 'not JSON';
}

export function parseJsonBody<T>(text: string, validate: z.ZodType<T> | Check<T>, words: JsonBodyWords): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = jsonErrorReason(error);
    throw badRequest(
      'malformed_json',
      typeof words.notJson === 'string' ? words.notJson : words.notJson(reason),
    );
  }
  const checked: ReturnType<Check<T>> =
    validate instanceof z.ZodType
      ? (() => {
          const result = validate.safeParse(value);
          return result.success
            ? { ok: true as const, value: result.data }
            : { ok: false as const, issues: toFieldIssues(result.error) };
        })()
      : validate(value);
  if (!checked.ok) {
    const issues = words.reword ? checked.issues.map(words.reword) : [...checked.issues];
    throw new AppError(400, 'invalid_argument', words.invalid, issues);
  }
  return checked.value;
}
