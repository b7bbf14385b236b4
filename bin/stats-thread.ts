/**
 * One thread of `gongkai stats` on several threads (see stats-parallel.ts, which starts it): it reads its own
 * byte range of the file, and every line of it goes to the thread that owns the line's agency (a hash of
 * the id): its own lines it parses, validates and folds; another thread's it hands over as bytes, in
 * batches, and it folds the lines other threads hand to it. So every byte is read once and every line is
 * parsed once, and each agency's events meet in one fold (no fold state is ever shared or merged).
 *
 * A line's agency is found without parsing the line where that is certain (exactly one `"agencyId":"…"` in
 * the text: inside a JSON string such a sequence cannot occur unescaped); any other line is parsed to find
 * out. A line whose agency cannot be known (not JSON, no agencyId, too long) is never a valid event: the
 * thread that read it reports it, in the first pass. Line numbers are counted within a range and made the
 * file's by the coordinator, once it knows how many lines each range holds.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type EventLine, forEachEventLine, parseEventLine } from '../shared/adapters/event-file.ts';
import { type FieldIssue, futureIssue } from '../shared/domain/contract.ts';
import { StatisticsFold } from '../shared/domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../shared/domain/statistics/types.ts';

export interface ThreadJob {
  readonly file: string;
  /** The bytes this thread reads: the lines that start in them. */
  readonly range: { readonly start: number; readonly end: number };
  /** This thread's index, also its range's. */
  readonly thread: number;
  readonly jobs: number;
  /** Which pass this is, of how many: a pass folds the agencies of its share of the hash. */
  readonly pass: number;
  readonly passes: number;
  readonly year?: number;
  /** The clock of the command, so every thread judges dates alike (ms since the epoch). */
  readonly now: number;
  /** A port to each other thread of this pass, by index (none for this thread). */
  readonly peers: readonly (MessagePort | null)[];
}

/** A line's place before the file's line numbers are known: [range, line within the range]. */
export type RangeLine = readonly [range: number, line: number];

export interface ThreadResult {
  readonly statistics: AgencyYearStatistics[];
  readonly badLines: (readonly [...RangeLine, readonly FieldIssue[]])[];
  readonly warnings: (readonly [...RangeLine, FieldIssue])[];
  /** How many lines start in this thread's range. */
  readonly lines: number;
}

/** What a thread posts to the coordinator: how far it has read, then its result. */
export type ThreadMessage =
  | { readonly kind: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly kind: 'done'; readonly result: ThreadResult };

/** What threads post to each other: a batch of lines (as bytes, with their places), then the end. */
type PeerMessage =
  | {
      readonly kind: 'lines';
      readonly range: number;
      readonly lines: Int32Array;
      /** Where each line ends in `bytes` (each starts where the one before ends). */
      readonly ends: Int32Array;
      readonly bytes: Uint8Array;
    }
  | { readonly kind: 'end' };

const AGENCY_KEY = '"agencyId"';
const AGENCY_VALUE = /^\s*:\s*"([^"\\]*)"/;
const AGENCY_KEY_BYTES = Buffer.from(AGENCY_KEY);
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the agencyId's UTF-8 bytes: a stable, cheap hash so every thread agrees who owns an agency. */
export function shareOf(agencyId: string, shares: number): number {
  const bytes = Buffer.from(agencyId, 'utf8');
  let hash = FNV_OFFSET;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return (hash >>> 0) % shares;
}

function opensWithAgencyKey(bytes: Buffer, start: number, end: number): boolean {
  if (end - start <= AGENCY_KEY_BYTES.length || bytes[start] !== 0x7b) return false; // '{'
  for (let i = 0; i < AGENCY_KEY_BYTES.length; i++)
    if (bytes[start + 1 + i] !== AGENCY_KEY_BYTES[i]) return false;
  return true;
}

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * `shareOf` read from a line's bytes without decoding it, where that is certain (as `agencyOfText`: exactly
 * one `"agencyId"`, then `:` and a string without escapes); undefined otherwise. The same bytes hash the same
 * either way, so an agency's lines all go to one thread.
 */
function shareOfBytes(bytes: Buffer, start: number, end: number, shares: number): number | undefined {
  // Most lines open with the key (`{"agencyId":`, as JSON.stringify writes an event): no search for it.
  // Otherwise it is searched in the whole buffer (no view per line): a hit at or past `end` is a later line's.
  const at = opensWithAgencyKey(bytes, start, end) ? start + 1 : bytes.indexOf(AGENCY_KEY_BYTES, start);
  if (at < 0 || at >= end) return undefined;
  const again = bytes.indexOf(AGENCY_KEY_BYTES, at + AGENCY_KEY_BYTES.length);
  if (again >= 0 && again < end) return undefined;
  let i = at + AGENCY_KEY_BYTES.length;
  while (i < end && isSpace(bytes[i])) i++;
  if (i >= end || bytes[i] !== 0x3a) return undefined; // ':'
  i++;
  while (i < end && isSpace(bytes[i])) i++;
  if (i >= end || bytes[i] !== 0x22) return undefined; // '"'
  let hash = FNV_OFFSET;
  for (i++; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 0x22) return (hash >>> 0) % shares;
    if (c === 0x5c) return undefined; // an escape: decode and parse instead
    hash = Math.imul(hash ^ c, FNV_PRIME);
  }
  return undefined;
}

function agencyOfText(text: string): string | undefined {
  const at = text.indexOf(AGENCY_KEY);
  if (at >= 0 && text.indexOf(AGENCY_KEY, at + AGENCY_KEY.length) < 0) {
    const value = AGENCY_VALUE.exec(text.slice(at + AGENCY_KEY.length, at + AGENCY_KEY.length + 80));
    if (value) return value[1];
  }
  try {
    const value = JSON.parse(text) as { agencyId?: unknown };
    return typeof value?.agencyId === 'string' ? value.agencyId : undefined;
  } catch {
    return undefined;
  }
}

/** A batch is handed over once it holds this much; a line (at most 1 MiB + CR) always fits after that. */
const BATCH_BYTES = 256 * 1024;
const OUTBOX_BYTES = BATCH_BYTES + 1024 * 1024 + 2;

/** The lines bound for one other thread, handed over in batches (the bytes moved, not copied). */
class Outbox {
  private bytes = Buffer.allocUnsafeSlow(OUTBOX_BYTES);
  private used = 0;
  private lines: number[] = [];
  private ends: number[] = [];

  constructor(
    private readonly port: MessagePort,
    private readonly range: number,
  ) {}

  add(source: Buffer, start: number, end: number, line: number): void {
    this.used += source.copy(this.bytes, this.used, start, end);
    this.lines.push(line);
    this.ends.push(this.used);
    if (this.used >= BATCH_BYTES) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const bytes = new Uint8Array(this.bytes.buffer, 0, this.used);
    const message: PeerMessage = {
      kind: 'lines',
      range: this.range,
      lines: Int32Array.from(this.lines),
      ends: Int32Array.from(this.ends),
      bytes,
    };
    this.port.postMessage(message, [bytes.buffer as ArrayBuffer]);
    this.bytes = Buffer.allocUnsafeSlow(OUTBOX_BYTES);
    this.used = 0;
    this.lines = [];
    this.ends = [];
  }
}

/** This thread's part of a pass: its range read, its agencies' lines folded, its statistics. */
export async function foldThread(
  job: ThreadJob,
  progress?: (bytes: number, total: number) => void,
): Promise<ThreadResult> {
  const shares = job.jobs * job.passes;
  const fold = new StatisticsFold();
  const badLines: (readonly [...RangeLine, readonly FieldIssue[]])[] = [];
  const warnings: (readonly [...RangeLine, FieldIssue])[] = [];
  const now = new Date(job.now);
  const take = (range: number, parsed: EventLine | undefined) => {
    if (!parsed) return;
    if (parsed.ok) {
      const warning = futureIssue(parsed.event.occurredAt, now, "this computer's clock");
      if (warning) warnings.push([range, parsed.line, warning]);
      fold.add(parsed.event);
    } else badLines.push([range, parsed.line, parsed.issues]);
  };

  // Lines from the other threads, folded as they come (between this thread's own chunks).
  const peers = job.peers.filter((port): port is MessagePort => port !== null);
  let ended = 0;
  let allEnded: () => void = () => {};
  const peersDone = new Promise<void>((resolve) => {
    allEnded = resolve;
    if (peers.length === 0) resolve();
  });
  for (const port of peers) {
    port.on('message', (message: PeerMessage) => {
      if (message.kind === 'end') {
        ended += 1;
        if (ended === peers.length) allEnded();
        return;
      }
      const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
      let from = 0;
      for (let i = 0; i < message.lines.length; i++) {
        const to = message.ends[i] as number;
        take(message.range, parseEventLine(bytes.toString('utf8', from, to), message.lines[i] as number));
        from = to;
      }
    });
  }

  const outboxes = job.peers.map((port) => (port ? new Outbox(port, job.thread) : undefined));
  /** Whether this thread parses the line of `share` (else it is another pass's, or handed over). */
  const keep = (share: number, hand: (outbox: Outbox) => void): boolean => {
    if (Math.floor(share / job.jobs) !== job.pass) return false;
    const outbox = outboxes[share % job.jobs];
    if (outbox === undefined) return true;
    hand(outbox);
    return false;
  };
  const { lines } = await forEachEventLine(job.file, (line) => take(job.thread, line), {
    range: job.range,
    wantedBytes: (bytes, start, end, line) => {
      const share = shareOfBytes(bytes, start, end, shares);
      return share === undefined ? undefined : keep(share, (outbox) => outbox.add(bytes, start, end, line));
    },
    wanted: (text, line) => {
      const agencyId = agencyOfText(text);
      if (agencyId === undefined) return job.pass === 0;
      return keep(shareOf(agencyId, shares), (outbox) => {
        const bytes = Buffer.from(text, 'utf8');
        outbox.add(bytes, 0, bytes.length, line);
      });
    },
    ownsUnknown: job.pass === 0,
    ...(progress ? { progress } : {}),
  });
  for (const [index, outbox] of outboxes.entries()) {
    outbox?.flush();
    job.peers[index]?.postMessage({ kind: 'end' } satisfies PeerMessage);
  }
  await peersDone;
  for (const port of peers) port.close();
  return {
    statistics: fold.statistics(job.year === undefined ? {} : { year: job.year }),
    badLines,
    warnings,
    lines,
  };
}

if (parentPort && (workerData as ThreadJob | undefined)?.range !== undefined) {
  const port = parentPort;
  let reportedAt = 0;
  const result = await foldThread(workerData as ThreadJob, (bytes, total) => {
    // A few times a second is enough for a progress line.
    const now = performance.now();
    if (now - reportedAt < 100 && bytes < total) return;
    reportedAt = now;
    port.postMessage({ kind: 'progress', bytes, total } satisfies ThreadMessage);
  });
  port.postMessage({ kind: 'done', result } satisfies ThreadMessage);
}
