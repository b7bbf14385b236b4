/** Reads a JSONL file of events as a stream: each line becomes a validated event or a list of reasons. */
import { open } from 'node:fs/promises';
import { validateEventCompiled } from '../domain/compiled-contract.ts';
import { type FieldIssue, futureIssue, type GongkaiEvent } from '../domain/contract.ts';
import { MAX_BODY_BYTES } from '../use-cases/ingest.ts';
import { describeLineWarning } from './line-reports.ts';

export { describeBadLine, escapeForTerminal } from './line-reports.ts';

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
  readonly wanted?: (text: string, line: number) => boolean;
  /** The same decision from the line's bytes, before decoding them; undefined: decode and ask `wanted`. */
  readonly wantedBytes?: (bytes: Buffer, start: number, end: number, line: number) => boolean | undefined;
  readonly ownsUnknown?: boolean;
  /**
   * Only the lines that start in these bytes of the file (`end` exclusive), so that several readers can
   * share one file without reading a byte twice; line numbers then count from the range's first line.
   */
  readonly range?: { readonly start: number; readonly end: number };
  /** Called after each chunk read, with the bytes read so far and the bytes to read (the file or range). */
  readonly progress?: (bytes: number, total: number) => void;
  /** Awaited after each chunk's lines: a consumer that writes them somewhere slows the reading down. */
  readonly backpressure?: () => Promise<void>;
}

/**
 * Calls `onLine` for every non-blank line, in file order. The file is read in chunks of bytes and lines are
 * handed over synchronously (no promise per line), so memory stays bounded and the loop stays fast. A line
 * over MAX_LINE_BYTES is refused as soon as it crosses the limit, with its number, and skipped to its end
 * without being kept. A UTF-8 byte-order mark and CRLF line ends are accepted. `lines`: how many lines
 * start in the file (or range), blank ones included.
 */
export async function forEachEventLine(
  path: string,
  onLine: (line: EventLine) => void,
  options: ReadOptions = {},
): Promise<EventFileSummary & { readonly lines: number }> {
  const { wanted, wantedBytes, range } = options;
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
    if (!owned && wanted !== undefined && !wanted(raw, lineNumber) && raw.trim() !== '') return;
    deliver(parseEventLine(raw, lineNumber));
  };

  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    // A range that starts inside the file starts at its first whole line: the byte before it is read too,
    // and what precedes the first line end (the previous range's last line, or nothing) is skipped.
    const from = range ? Math.min(Math.max(0, range.start - 1), size) : 0;
    const stopAt = range ? Math.min(range.end, size) : size;
    let before = range !== undefined && range.start > 0;
    const total = Math.max(0, stopAt - from);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    /** The start of the current line when it began in an earlier chunk (at most MAX_LINE_BYTES). */
    let carried: Buffer[] = [];
    let carriedBytes = 0;
    /** The current line crossed the limit (or precedes the range): skip to its end. */
    let skipping = before;
    /** The current line has bytes: at the end of the file it is a line even without a line end. */
    let begun = false;
    let position = from;
    let done = from >= stopAt && !before;
    while (!done) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      let start = 0;
      // The byte-order mark is not part of the first line.
      if (position === 0 && bytesRead >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
        start = 3;
      const chunkAt = position;
      position += bytesRead;
      while (start < bytesRead) {
        const newline = buffer.indexOf(NEWLINE, start);
        const end = newline < 0 || newline >= bytesRead ? bytesRead : newline;
        if (end > start) begun = true;
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
            const [lineFrom, lineTo] = carriedBytes > 0 ? [0, whole.length] : [start, end];
            carried = [];
            carriedBytes = 0;
            if (lineBytes - (lastByte === CARRIAGE_RETURN ? 1 : 0) > MAX_LINE_BYTES) {
              if (ownsUnknown) deliver(tooLong(lineNumber));
            } else {
              const owned = wantedBytes?.(whole, lineFrom, lineTo, lineNumber);
              if (owned !== false) handle(whole.toString('utf8', lineFrom, lineTo), owned === true);
            }
          }
        }
        if (end === bytesRead) break;
        // A line ended here; the next starts after it, unless that is past the range.
        skipping = false;
        begun = false;
        if (before) before = false;
        else lineNumber += 1;
        start = end + 1;
        if (chunkAt + start >= stopAt) {
          done = true;
          break;
        }
      }
      options.progress?.(Math.min(position, stopAt) - from, total);
      if (options.backpressure) await options.backpressure();
    }
    if (!done && !before && begun) {
      // The file's last line, without a line end.
      if (!skipping) {
        const text = Buffer.concat(carried).toString('utf8');
        if (text.endsWith('\r') ? carriedBytes - 1 > MAX_LINE_BYTES : carriedBytes > MAX_LINE_BYTES) {
          if (ownsUnknown) deliver(tooLong(lineNumber));
        } else handle(text);
      }
      lineNumber += 1;
    }
  } finally {
    await file.close();
  }
  return { valid, invalid, lines: lineNumber - 1 };
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

/** One line's text (a CR of a CRLF line end included or not): its event, its reasons, or undefined if blank. */
export function parseEventLine(raw: string, line: number): EventLine | undefined {
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
  const result = validateEventCompiled(input);
  return result.ok ? { line, ok: true, event: result.event } : { line, ok: false, issues: result.issues };
}

/** `line 12: warning: occurredAt: … is in the future …; counted all the same`, or undefined for a date not ahead. */
export function futureWarning(line: number, occurredAt: string, now: Date): string | undefined {
  const issue = futureIssue(occurredAt, now, "this computer's clock");
  return issue ? describeLineWarning(line, issue) : undefined;
}
