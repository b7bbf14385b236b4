/** Reads a JSONL file of events as a stream: one validated event or one list of reasons per line. */
import { createReadStream } from 'node:fs';
import { type FieldIssue, type GongkaiEvent, validateEvent } from '../shared/domain/contract.ts';

export type EventLine =
  | { readonly line: number; readonly ok: true; readonly event: GongkaiEvent }
  | { readonly line: number; readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Lines are read in 64 KiB chunks: memory stays bounded whatever the file size. Blank lines are skipped. */
export async function* readEventLines(path: string): AsyncGenerator<EventLine> {
  let rest = '';
  let lineNumber = 0;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline >= 0) {
      lineNumber += 1;
      const parsed = parseLine(text.slice(start, newline), lineNumber);
      if (parsed) yield parsed;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) {
    const parsed = parseLine(rest, lineNumber + 1);
    if (parsed) yield parsed;
  }
}

function parseLine(raw: string, line: number): EventLine | undefined {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
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
