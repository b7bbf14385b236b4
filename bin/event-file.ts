/** Reads a JSONL file of events as a stream: each line becomes a validated event or a list of reasons. */
import { createReadStream } from 'node:fs';
import { type FieldIssue, futureIssue, type GongkaiEvent, validateEvent } from '../shared/domain/contract.ts';

export type EventLine =
  | { readonly line: number; readonly ok: true; readonly event: GongkaiEvent }
  | { readonly line: number; readonly ok: false; readonly issues: readonly FieldIssue[] };

export interface EventFileSummary {
  readonly valid: number;
  readonly invalid: number;
}

/**
 * Calls `onLine` for every non-blank line, in file order. The file is read in 64 KiB chunks and lines are
 * handed over synchronously (no promise per line), so memory stays bounded and the loop stays fast.
 * A UTF-8 byte-order mark and CRLF line ends are accepted.
 */
export async function forEachEventLine(
  path: string,
  onLine: (line: EventLine) => void,
  /** Decides, before parsing, whether a line is this reader's to parse at all (parallel readers). */
  wanted?: (text: string) => boolean,
): Promise<EventFileSummary> {
  let valid = 0;
  let invalid = 0;
  let lineNumber = 0;
  const handle = (raw: string) => {
    lineNumber += 1;
    if (wanted !== undefined && raw.trim() !== '' && !wanted(raw)) return;
    const parsed = parseLine(raw, lineNumber);
    if (!parsed) return;
    if (parsed.ok) valid += 1;
    else invalid += 1;
    onLine(parsed);
  };
  let rest = '';
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest.length === 0 ? chunk : rest + chunk;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      handle(text.slice(start, newline));
      start = newline + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) handle(rest);
  return { valid, invalid };
}

function parseLine(raw: string, line: number): EventLine | undefined {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') return undefined;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return {
      line,
      ok: false,
      issues: [{ path: '(line)', message: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  const result = validateEvent(input);
  return result.ok ? { line, ok: true, event: result.event } : { line, ok: false, issues: result.issues };
}

/** `line 12: data.outcome: must be one of …` — the form every command reports a bad line in. */
export function describeBadLine(line: number, issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `line ${line}: ${issue.path}: ${issue.message}`).join('\n');
}

/** `line 12: occurredAt: … is in the future …; counted all the same`, or undefined for a date not ahead. */
export function futureWarning(line: number, occurredAt: string, now: Date): string | undefined {
  const issue = futureIssue(occurredAt, now, "this computer's clock");
  return issue ? `line ${line}: warning: ${issue.path}: ${issue.message} (counted all the same)` : undefined;
}
