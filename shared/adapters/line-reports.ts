/**
 * How a command names a line of an event file on a terminal: a bad line with its reasons, a line counted with
 * a warning. Kept apart from the reading (event-file.ts) so code that only reports — the coordinator of
 * `gongkai stats`' threads — loads no validator.
 */
import type { FieldIssue } from '../domain/contract.ts';

/**
 * Characters a terminal would act on rather than show (C0 and C1 controls such as ESC, DEL, line and
 * paragraph separators, bidirectional overrides), and lone surrogates.
 */
const UNSAFE_FOR_TERMINAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text from the input as it may be shown on a terminal: the unsafe characters as `\u001b` escapes. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `line 12: data.outcome: must be one of …` — the form every command reports a bad line in. */
export function describeBadLine(line: number, issues: readonly FieldIssue[]): string {
  return issues
    .map((issue) => `line ${line}: ${escapeForTerminal(issue.path)}: ${escapeForTerminal(issue.message)}`)
    .join('\n');
}

/** `line 12: warning: occurredAt: … (counted all the same)`: a line counted, with something to check. */
export function describeLineWarning(line: number, issue: FieldIssue): string {
  return `line ${line}: warning: ${issue.path}: ${issue.message} (counted all the same)`;
}
