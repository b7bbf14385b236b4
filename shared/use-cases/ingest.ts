import { type FieldIssue, type GongkaiEvent, type Validation, validateEvent } from '../domain/contract.ts';
import { AppError, badRequest, payloadTooLarge, TransientError } from '../errors.ts';
import type { AgencyRegistry, ChangeMarkers, Clock, EventRecord, EventStore } from '../ports.ts';
import { sha256Hex } from './digest.ts';
import { EVENT_STATUSES, type EventResult, type EventStatus, type IngestReport } from './ingest-report.ts';
import { parseJsonBody } from './json-body.ts';

export type { EventResult, EventStatus, IngestReport };
export { EVENT_STATUSES };

export const MAX_EVENTS_PER_BATCH = 500;
/** 1 MiB: the largest body accepted, by HTTP or by queue. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface IngestDeps {
  readonly events: EventStore;
  readonly agencies: AgencyRegistry;
  readonly markers: ChangeMarkers;
  readonly clock: Clock;
  /**
   * The contract's validation (default `validateEvent`). A bulk loader passes `validateEventCompiled`: the
   * same answers, a tenth of the cost per event, but compiled once per process (~0.1 s), which a
   * function's cold start would pay for a few hundred events.
   */
  readonly validate?: (input: unknown, options: { readonly now: Date }) => Validation;
}

/** Who is writing: an API key (its agencies) or a trusted internal producer (any registered agency). */
export type IngestScope =
  | { readonly kind: 'key'; readonly keyId: string; readonly agencyIds: ReadonlySet<string> }
  | { readonly kind: 'trusted' };

/** A parsed body: its events, not yet judged. `batch` decides whether paths are prefixed `events[i].`. */
export interface Envelope {
  readonly batch: boolean;
  readonly items: readonly unknown[];
}

// ── The body ───────────────────────────────────────────────────────────────────────────────────────────

const ENVELOPE_HINT = 'the body must be one event (a JSON object) or a batch {"events": [...]}';

/** Parses a request or message body. Throws 413 (too large), 400 (not JSON, or not an envelope). */
export function parseBody(text: string, byteLength: number = Buffer.byteLength(text, 'utf8')): Envelope {
  if (byteLength > MAX_BODY_BYTES) {
    throw payloadTooLarge(
      `the body is ${byteLength} bytes; at most ${MAX_BODY_BYTES} bytes (1 MiB) are accepted: send smaller batches`,
    );
  }
  if (text.trim() === '') throw badRequest('malformed_json', `the body is empty: ${ENVELOPE_HINT}`);
  return parseJsonBody(text, (value) => ({ ok: true, value: readEnvelope(value) }), {
    notJson: (reason) => `the body is not valid JSON (${reason}): ${ENVELOPE_HINT}`,
    invalid: ENVELOPE_HINT,
  });
}

/** Tells a single event from a batch. Throws 400 for a bad envelope, 413 for more than 500 events. */
export function readEnvelope(value: unknown): Envelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a JSON array' : value === null ? 'null' : `a ${typeof value}`;
    throw badRequest('bad_envelope', `the body is ${what}: ${ENVELOPE_HINT}`);
  }
  if (!Object.hasOwn(value, 'events')) return { batch: false, items: [value] };
  const extra = Object.keys(value).filter((key) => key !== 'events');
  if (extra.length > 0) {
    throw badRequest(
      'bad_envelope',
      `a batch has one field, "events": ${ENVELOPE_HINT}`,
      extra.map((key) => ({ path: key, message: 'unknown field' })),
    );
  }
  const events = (value as { events: unknown }).events;
  if (!Array.isArray(events)) {
    throw badRequest('bad_envelope', `"events" must be a list: ${ENVELOPE_HINT}`, [
      { path: 'events', message: 'must be a list of events' },
    ]);
  }
  if (events.length === 0) {
    throw badRequest('bad_envelope', 'the batch is empty: "events" must list at least one event', [
      { path: 'events', message: 'must list at least one event' },
    ]);
  }
  if (events.length > MAX_EVENTS_PER_BATCH) {
    throw payloadTooLarge(
      `the batch has ${events.length} events; a batch holds at most ${MAX_EVENTS_PER_BATCH}: split it`,
    );
  }
  return { batch: true, items: events };
}

// ── Canonical form ─────────────────────────────────────────────────────────────────────────────────────

/** JSON with object keys sorted at every level: equal events give equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function toRecord(event: GongkaiEvent, receivedAt: string): EventRecord {
  const body = canonicalJson(event);
  return {
    agencyId: event.agencyId,
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    body,
    hash: sha256Hex(body),
    receivedAt,
  };
}

// ── Judging ────────────────────────────────────────────────────────────────────────────────────────────

const stringField = (item: unknown, key: string): string | undefined => {
  if (typeof item !== 'object' || item === null) return undefined;
  const value = (item as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

const prefixIssue = (issue: FieldIssue, prefix: string): FieldIssue => {
  if (prefix === '') return issue;
  const path = issue.path === '(event)' ? prefix : `${prefix}.${issue.path}`;
  return { path, message: issue.message };
};

interface Candidate {
  readonly index: number;
  readonly record: EventRecord;
}

/** Each event's answer by its index in the envelope, filled in by the steps below. */
type Judged = (EventResult | undefined)[];

/** Judges and stores the events of one envelope. Throws a TransientError if the storage fails. */
export async function ingest(
  deps: IngestDeps,
  envelope: Envelope,
  scope: IngestScope,
): Promise<IngestReport> {
  const now = deps.clock();
  const receivedAt = now.toISOString();
  const results: Judged = new Array(envelope.items.length);
  const valid = validateItems(envelope, deps.validate ?? validateEvent, now, results);
  const allowed = await withinScope(deps, envelope, scope, valid, receivedAt, results);
  const touched = await store(deps, allowed, receivedAt, results);
  // Events first, then the markers: a crash here is repaired by the retry (its duplicates re-mark).
  if (touched.size > 0) await guard(() => deps.markers.mark([...touched], receivedAt));
  return reportOf(results);
}

/** The events the contract accepts; the others are answered `rejected` with every field issue. */
function validateItems(
  envelope: Envelope,
  validate: NonNullable<IngestDeps['validate']>,
  now: Date,
  results: Judged,
): { index: number; event: GongkaiEvent }[] {
  const valid: { index: number; event: GongkaiEvent }[] = [];
  envelope.items.forEach((item, index) => {
    const eventId = stringField(item, 'eventId');
    const agencyId = stringField(item, 'agencyId');
    // Dated more than a day after our clock: refused (the domain is told the time, it never reads it).
    const validation = validate(item, { now });
    if (!validation.ok) {
      const prefix = envelope.batch ? `events[${index}]` : '';
      const issues = validation.issues.map((issue) => prefixIssue(issue, prefix));
      results[index] = { index, status: 'rejected', eventId, agencyId, issues };
      return;
    }
    valid.push({ index, event: validation.event });
  });
  return valid;
}

/** The caller's scope: a key's agencies (else `forbidden`), or (trusted producers) any registered agency. */
async function withinScope(
  deps: IngestDeps,
  envelope: Envelope,
  scope: IngestScope,
  valid: readonly { index: number; event: GongkaiEvent }[],
  receivedAt: string,
  results: Judged,
): Promise<Candidate[]> {
  const allowed: Candidate[] = [];
  const registered =
    scope.kind === 'trusted'
      ? await guard(() => deps.agencies.getMany([...new Set(valid.map((v) => v.event.agencyId))]))
      : undefined;
  for (const { index, event } of valid) {
    const { eventId, agencyId } = event;
    if (scope.kind === 'key' && !scope.agencyIds.has(agencyId)) {
      const may = [...scope.agencyIds].sort().join(', ');
      const message = `this API key may not write for agency "${agencyId}" (it may write for: ${may}); the event was not stored`;
      results[index] = { index, status: 'forbidden', eventId, agencyId, message };
    } else if (registered && !registered.has(agencyId)) {
      const prefix = envelope.batch ? `events[${index}].` : '';
      const issues = [{ path: `${prefix}agencyId`, message: `agency "${agencyId}" is not registered` }];
      results[index] = { index, status: 'rejected', eventId, agencyId, issues };
    } else {
      allowed.push({ index, record: toRecord(event, receivedAt) });
    }
  }
  return allowed;
}

/**
 * The same (agencyId, eventId) twice in one envelope: the later ones wait for the earlier, so the first in
 * the batch is the one accepted and the answer does not depend on timing.
 */
function roundsOf(allowed: readonly Candidate[]): Candidate[][] {
  const rounds: Candidate[][] = [];
  const seen = new Map<string, number>();
  for (const candidate of allowed) {
    const key = `${candidate.record.agencyId}\u0000${candidate.record.eventId}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    const list = rounds[round] ?? [];
    list.push(candidate);
    rounds[round] = list;
  }
  return rounds;
}

/** Appends the allowed events round by round; answers each, and returns the agencies whose log grew. */
async function store(
  deps: IngestDeps,
  allowed: readonly Candidate[],
  receivedAt: string,
  results: Judged,
): Promise<Set<string>> {
  const touched = new Set<string>();
  try {
    for (const round of roundsOf(allowed)) {
      const outcomes = await deps.events.append(round.map((c) => c.record));
      round.forEach(({ index, record }, i) => {
        const outcome = outcomes[i]!;
        const { eventId, agencyId } = record;
        if (outcome.status === 'conflict') {
          const message =
            `eventId "${eventId}" of agency "${agencyId}" was stored on ${outcome.storedAt} with a different body ` +
            `(sha256 ${outcome.storedHash.slice(0, 12)}…, this one ${record.hash.slice(0, 12)}…); a stored event is ` +
            'never changed: to correct it, send a new event with its own eventId';
          results[index] = { index, status: 'conflict', eventId, agencyId, message };
        } else {
          touched.add(agencyId);
          results[index] = { index, status: outcome.status, eventId, agencyId };
        }
      });
    }
  } catch (error) {
    // Some events may be stored: mark their agencies now if the storage lets us (the retry would anyway).
    const agencies = [...new Set(allowed.map((c) => c.record.agencyId))];
    await deps.markers.mark(agencies, receivedAt).catch(() => undefined);
    throw asTransient(error, 'the event store failed');
  }
  return touched;
}

function reportOf(results: Judged): IngestReport {
  const summary = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as Record<EventStatus, number>;
  const final = Array.from(results, (result, index) => {
    if (!result) throw new Error(`event ${index} was not judged`);
    summary[result.status] += 1;
    return result;
  });
  return { summary, results: final };
}

/**
 * What a whole answer amounts to: `stored` when every event is stored (accepted or duplicate), the one
 * failure every event shares, or `mixed`. The HTTP handler maps it to a status.
 */
export type IngestOutcome = 'stored' | 'forbidden' | 'rejected' | 'conflict' | 'mixed';

export function ingestOutcome(report: IngestReport): IngestOutcome {
  const { summary, results } = report;
  const n = results.length;
  if (summary.accepted + summary.duplicate === n) return 'stored';
  if (summary.forbidden === n) return 'forbidden';
  if (summary.rejected === n) return 'rejected';
  if (summary.conflict === n) return 'conflict';
  return 'mixed';
}

function asTransient(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  return new TransientError(what, { cause: error });
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asTransient(error, 'the registry failed');
  }
}
