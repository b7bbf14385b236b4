/** Reads a JSONL file of events as a stream: each line becomes a validated event or a list of reasons. */
import { open } from 'node:fs/promises';
import { validateEventCompiled } from '../domain/compiled-contract.ts';
import { type FieldIssue, futureIssue, type GongkaiEvent } from '../domain/contract.ts';
import { MAX_BODY_BYTES } from '../use-cases/ingest.ts';

export type EventLine =
  | { readonly line: number; readonly ok: true; readonly event: GongkaiEvent }
  | { readonly line: number; readonly ok: false; readonly issues: readonly FieldIssue[] };

export interface EventFileSummary {
  readonly valid: number;
  readonly invalid: number;
}

/** The longest line read: one event, as large as the HTTP API accepts a whole body (1 MiB). */
export const MAX_LINE_BYTES = MAX_BODY_BYTES;

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface ReadOptions {
  /**
   * Decides, before parsing, whether a line is this reader's to parse at all (parallel readers share a
   * file by agency). A line too long to be read is reported only where `ownsUnknown` is set.
   */
  readonly wanted?: (text: string) => boolean;
  /** The same decision from the line's bytes, before decoding them; undefined: decode and ask `wanted`. */
  readonly wantedBytes?: (bytes: Buffer, start: number, end: number) => boolean | undefined;
  readonly ownsUnknown?: boolean;
  /** Called after each chunk read, with the bytes read so far and the file's size. */
  readonly progress?: (bytes: number, total: number) => void;
  /** Awaited after each chunk's lines: a consumer that writes them somewhere slows the reading down. */
  readonly backpressure?: () => Promise<void>;
}

/**
 * Calls `onLine` for every non-blank line, in file order. The file is read in chunks of bytes and lines are
 * handed over synchronously (no promise per line), so memory stays bounded and the loop stays fast. A line
 * over MAX_LINE_BYTES is refused as soon as it crosses the limit, with its number, and skipped to its end
 * without being kept. A UTF-8 byte-order mark and CRLF line ends are accepted.
 */
export async function forEachEventLine(
  path: string,
  onLine: (line: EventLine) => void,
  options: ReadOptions = {},
): Promise<EventFileSummary> {
  const { wanted, wantedBytes } = options;
  const ownsUnknown = options.ownsUnknown ?? wanted === undefined;
  let valid = 0;
  let invalid = 0;
  let lineNumber = 1;
  const deliver = (parsed: EventLine | undefined) => {
    if (!parsed) return;
    if (parsed.ok) valid += 1;
    else invalid += 1;
    onLine(parsed);
  };
  /** `owned`: the bytes already said the line is this reader's. */
  const handle = (raw: string, owned = false) => {
    if (!owned && wanted !== undefined && !wanted(raw) && raw.trim() !== '') return;
    deliver(parseLine(raw, lineNumber));
  };

  const file = await open(path, 'r');
  try {
    const total = (await file.stat()).size;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    /** The start of the current line when it began in an earlier chunk (at most MAX_LINE_BYTES). */
    let carried: Buffer[] = [];
    let carriedBytes = 0;
    /** The current line crossed the limit: skip to its end. */
    let skipping = false;
    let position = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let start = 0;
      while (start < bytesRead) {
        const newline = buffer.indexOf(NEWLINE, start);
        const end = newline < 0 || newline >= bytesRead ? bytesRead : newline;
        if (!skipping) {
          const lineBytes = carriedBytes + (end - start);
          // One byte of room for the CR of a CRLF line end, which is not part of the event.
          if (lineBytes > MAX_LINE_BYTES + 1) {
            // Refused now, with its number; the rest of it is never kept.
            if (ownsUnknown) deliver(tooLong(lineNumber));
            skipping = true;
            carried = [];
            carriedBytes = 0;
          } else if (end === bytesRead) {
            carried.push(Buffer.from(buffer.subarray(start, end)));
            carriedBytes += end - start;
          } else {
            const lastByte = end > start ? buffer[end - 1] : carried.at(-1)?.at(-1);
            const whole =
              carriedBytes > 0 ? Buffer.concat([...carried, buffer.subarray(start, end)]) : buffer;
            const [from, to] = carriedBytes > 0 ? [0, whole.length] : [start, end];
            carried = [];
            carriedBytes = 0;
            if (lineBytes - (lastByte === CARRIAGE_RETURN ? 1 : 0) > MAX_LINE_BYTES) {
              if (ownsUnknown) deliver(tooLong(lineNumber));
            } else {
              const owned = wantedBytes?.(whole, from, to);
              if (owned !== false) handle(whole.toString('utf8', from, to), owned === true);
            }
          }
        }
        if (end === bytesRead) break;
        // A line ended here.
        skipping = false;
        lineNumber += 1;
        start = end + 1;
      }
      options.progress?.(position, total);
      if (options.backpressure) await options.backpressure();
    }
    if (!skipping && carriedBytes > 0) {
      const text = Buffer.concat(carried).toString('utf8');
      if (text.endsWith('\r') ? carriedBytes - 1 > MAX_LINE_BYTES : carriedBytes > MAX_LINE_BYTES) {
        if (ownsUnknown) deliver(tooLong(lineNumber));
      } else handle(text);
    }
  } finally {
    await file.close();
  }
  return { valid, invalid };
}

function tooLong(line: number): EventLine {
  return {
    line,
    ok: false,
    issues: [
      {
        path: '(line)',
        message: `longer than ${MAX_LINE_BYTES} bytes (1 MiB, the most one event may take, as over HTTP): not read`,
      },
    ],
  };
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
  const result = validateEventCompiled(input);
  return result.ok ? { line, ok: true, event: result.event } : { line, ok: false, issues: result.issues };
}

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

/** `line 12: occurredAt: … is in the future …; counted all the same`, or undefined for a date not ahead. */
export function futureWarning(line: number, occurredAt: string, now: Date): string | undefined {
  const issue = futureIssue(occurredAt, now, "this computer's clock");
  return issue ? `line ${line}: warning: ${issue.path}: ${issue.message} (counted all the same)` : undefined;
}
