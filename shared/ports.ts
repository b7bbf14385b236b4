/**
 * Ports: what the use cases need from the outside world. Adapters (shared/adapters) implement them over
 * DynamoDB; tests may wrap them (to inject a fault) but never mock the AWS SDK.
 */
import type { DeadlineRow, DeadlineStatus, Timeliness } from './domain/deadlines.ts';
import type { ReportTemplate } from './domain/report/template.ts';
import type { AgencyYearStatistics } from './domain/statistics/types.ts';

// ── The event log ──────────────────────────────────────────────────────────────────────────────────────

/** One event as stored: its canonical JSON and the sha256 of it, which decides duplicate vs conflict. */
export interface EventRecord {
  readonly agencyId: string;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  /** The canonical JSON of the validated event (keys sorted): what is hashed and what is read back. */
  readonly body: string;
  /** sha256 (hex) of `body`. */
  readonly hash: string;
  /** When Gongkai first stored it (ISO 8601, UTC). */
  readonly receivedAt: string;
}

export type AppendOutcome =
  | { readonly status: 'accepted' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'conflict'; readonly storedHash: string; readonly storedAt: string };

export interface EventStore {
  /**
   * Stores each record unless one with the same (agencyId, eventId) is already stored; never overwrites.
   * Answers in input order: `accepted` (stored now), `duplicate` (stored before with the same hash) or
   * `conflict` (stored before with another hash). The records must have distinct (agencyId, eventId).
   * Throws if the storage fails: some records may then be stored and come back as `duplicate` on a retry.
   */
  append(records: readonly EventRecord[]): Promise<AppendOutcome[]>;
  /** Every stored event of an agency, in eventId order, in pages. */
  readEvents(agencyId: string): AsyncIterable<readonly EventRecord[]>;
  /**
   * The same events, with only what a fold needs (the body and when it was stored): about a third less to
   * read. Optional: without it the nightly reads `readEvents`.
   */
  readBodies?(agencyId: string): AsyncIterable<readonly StoredBody[]>;
}

/** A stored event as the nightly folds it. */
export type StoredBody = Pick<EventRecord, 'body' | 'receivedAt'>;

// ── The agency registry ────────────────────────────────────────────────────────────────────────────────

export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly parentId?: string;
  readonly region?: string;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export interface AgencyRegistry {
  get(id: string): Promise<Agency | undefined>;
  /** The registered ones among `ids` (an id that is not registered is simply absent). */
  getMany(ids: readonly string[]): Promise<Map<string, Agency>>;
  list(): Promise<Agency[]>;
  /**
   * Creates or replaces an agency. `expectedUpdatedAt` guards a replacement (optimistic concurrency):
   * `undefined` = must not exist yet. Answers false when the guard fails.
   */
  put(agency: Agency, expectedUpdatedAt: string | undefined): Promise<boolean>;
}

// ── API keys ───────────────────────────────────────────────────────────────────────────────────────────

export interface ApiKeyRecord {
  /** Public id of the key (derived from its hash): what `keys list` shows and `keys revoke` takes. */
  readonly keyId: string;
  /** sha256 (hex) of the key; the key itself is never stored. */
  readonly hash: string;
  readonly agencyIds: readonly string[];
  readonly label?: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export interface KeyStore {
  /** Answers false if a key with this id already exists. */
  create(record: ApiKeyRecord): Promise<boolean>;
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Answers false if there is no such key (revoking a revoked key keeps the first date). */
  revoke(keyId: string, at: string): Promise<boolean>;
}

// ── "Changed since the last nightly" markers ───────────────────────────────────────────────────────────

export interface ChangeMark {
  readonly agencyId: string;
  /** Grows with every marking; the nightly clears a marker only if it still has the version it read. */
  readonly version: number;
  readonly changedAt: string;
}

export interface ChangeMarkers {
  /** Marks these agencies as changed (after their events are stored: events first, then the marker). */
  mark(agencyIds: readonly string[], at: string): Promise<void>;
  list(): Promise<ChangeMark[]>;
  /** Clears a marker if it is unchanged since read; false if an event arrived meanwhile (it stays). */
  clear(mark: ChangeMark): Promise<boolean>;
}

// ── Derived data: statistics and deadlines snapshots (the nightly writes them) ───────────────────────────

/** `own`: the agency's own log; `consolidated`: its own plus all its descendants' (the roll-up). */
export type StatisticsScope = 'own' | 'consolidated';

/** What a snapshot was computed from, and with what. */
export interface Watermark {
  /** Events folded: the agency's log (own), or the sum over the agencies included (consolidated). */
  readonly eventsFolded: number;
  /** The newest event folded: greatest `receivedAt` and greatest `occurredAt` (null: no event). */
  readonly newestReceivedAt: string | null;
  readonly newestOccurredAt: string | null;
  readonly rulesVersion: string;
  readonly calendarVersion: string;
  readonly computedAt: string;
}

export interface StatisticsSnapshot {
  readonly agencyId: string;
  readonly year: number;
  readonly scope: StatisticsScope;
  /** The tables, extras and findings (the consistency rules' results) of the year. */
  readonly statistics: AgencyYearStatistics;
  readonly watermark: Watermark;
  /** The agencies whose own events are counted in it, sorted: `[agencyId]` for own. */
  readonly agencyIds: readonly string[];
  /** Consolidated only: a digest of its inputs (which parts, at which watermark), the optimistic lock. */
  readonly inputs?: string;
}

export interface StatisticsStore {
  /**
   * Writes an own snapshot unless the stored one folded MORE events (an older computation never replaces a
   * newer one; an equal one — a re-run — overwrites with the same content). false when refused.
   */
  putOwn(snapshot: StatisticsSnapshot): Promise<boolean>;
  /**
   * Writes a consolidated snapshot if the stored one still has the inputs digest read before computing
   * (`undefined`: there must be none). false when another computation wrote in between.
   */
  putConsolidated(snapshot: StatisticsSnapshot, expectedInputs: string | undefined): Promise<boolean>;
  get(agencyId: string, year: number, scope: StatisticsScope): Promise<StatisticsSnapshot | undefined>;
  /** Every year's snapshot of one scope, by year ascending. */
  list(agencyId: string, scope: StatisticsScope): Promise<StatisticsSnapshot[]>;
  /** The years that have a snapshot of this scope (no bodies read). */
  years(agencyId: string, scope: StatisticsScope): Promise<number[]>;
  /** year → inputs digest of the stored consolidated snapshots (no bodies read). */
  consolidatedInputs(agencyId: string): Promise<Map<number, string>>;
  /**
   * Deletes a consolidated snapshot that no longer has parts (its agency lost its children, or the year its
   * only contributor) if it still has the inputs digest read. false when another computation wrote in between.
   */
  deleteConsolidated(agencyId: string, year: number, expectedInputs: string): Promise<boolean>;
}

/** The legal deadlines of all an agency's requests as of a day, and the timeliness of each year. */
export interface DeadlinesSnapshot {
  readonly agencyId: string;
  /** The day counted as of (Asia/Shanghai), `YYYY-MM-DD`: the nightly's date. */
  readonly asOf: string;
  /** One row per request received by `asOf`, sorted by requestId. */
  readonly requests: readonly DeadlineRow[];
  /** Requests by status. */
  readonly summary: Readonly<Record<DeadlineStatus, number>>;
  /** Per year with statistics or decisions, ascending. */
  readonly timeliness: readonly Timeliness[];
  /** Requests whose count reached days outside the calendar's covered years (counted Mon–Fri there). */
  readonly uncovered: number;
  readonly watermark: Watermark;
}

export interface DeadlinesStore {
  /**
   * Writes the snapshot unless the stored one folded more events, or as many as of a later day.
   * false when refused.
   */
  put(snapshot: DeadlinesSnapshot): Promise<boolean>;
  get(agencyId: string): Promise<DeadlinesSnapshot | undefined>;
  /**
   * Agencies whose snapshot still has requests running (not decided) and was counted as of a day before
   * `asOf` (`YYYY-MM-DD`): their days left and statuses change with the date, so the nightly counts again.
   */
  stale(asOf: string): Promise<string[]>;
}

// ── Work queues (the nightly fan-out) ──────────────────────────────────────────────────────────────────

export interface WorkQueue<M> {
  /** Enqueues the messages (JSON); throws if any could not be sent. */
  send(messages: readonly M[]): Promise<void>;
  /**
   * Waits until no message is waiting or being worked on, retries included (true), or until `timeoutMs`
   * has passed (false).
   */
  drained(timeoutMs: number): Promise<boolean>;
}

// ── Report artifacts (S3) ──────────────────────────────────────────────────────────────────────────────

export interface ArtifactObject {
  readonly key: string;
  readonly size: number;
  /** ISO 8601, when the store knows it. */
  readonly lastModified?: string;
}

export interface PresignOptions {
  readonly expiresInSeconds: number;
  /** The Content-Disposition the download is answered with (response-content-disposition). */
  readonly contentDisposition?: string;
  readonly contentType?: string;
  /** The signing time (default: now); the link expires `expiresInSeconds` after it. */
  readonly signedAt?: Date;
}

/** The object tag every artifact of a draft version carries: the bucket's lifecycle expires them. */
export const DRAFT_TAG = { key: 'gongkai-draft', value: 'true' } as const;

export interface ArtifactStore {
  /** Writes the object unless one exists at `key`; never overwrites. false when one exists. */
  putIfAbsent(
    key: string,
    body: Uint8Array,
    options: {
      readonly contentType: string;
      readonly cacheControl?: string;
      readonly tags?: Readonly<Record<string, string>>;
    },
  ): Promise<boolean>;
  get(key: string): Promise<Uint8Array | undefined>;
  head(key: string): Promise<{ readonly size: number } | undefined>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<ArtifactObject[]>;
  /** A time-limited GET link to the object (it need not exist yet). */
  presignGet(key: string, options: PresignOptions): Promise<string>;
}

// ── Reports: narratives, version numbers, publications (registry table) ────────────────────────────────

/**
 * The agency's own text of a report, by slot of its template (the national templates' s1…s6 and more). One
 * record per saved version, never changed.
 */
export interface NarrativeRecord {
  readonly agencyId: string;
  readonly year: number;
  readonly version: number;
  readonly sections: Readonly<Record<string, string>>;
  readonly savedAt: string;
  /** The API key that saved it. */
  readonly keyId?: string;
}

/**
 * The report template assigned to an agency: one record per assignment, never changed; the latest is in
 * force. `template: null` goes back to the national default (national-2019 for 2019–2020, national-2021 on).
 */
export interface TemplateRecord {
  readonly agencyId: string;
  readonly version: number;
  /** The template document as validated (JSON), or null for the national default. */
  readonly template: ReportTemplate | null;
  /** sha256 of the template's canonical JSON (null for the national default). */
  readonly sha256: string | null;
  readonly savedAt: string;
  readonly keyId?: string;
}

/** A year's publication: the version published and what its figures were computed from. The year is locked. */
export interface PublicationRecord {
  readonly agencyId: string;
  readonly year: number;
  readonly version: number;
  readonly publishedAt: string;
  /** The event watermark of the published version (its manifest's). */
  readonly watermark: Watermark;
  /** sha256 (hex) of the published version's manifest.json. */
  readonly manifestSha256: string;
  readonly keyId?: string;
  /**
   * The year's corrections (更正), oldest first: each publishes a later version in place of the one current
   * before it. Absent or empty: the first publication is current.
   */
  readonly corrections?: readonly CorrectionRecord[];
}

/** A correction (更正) of a published year: a later version published in place of the current one. */
export interface CorrectionRecord {
  /** The version published as the correction (now current). */
  readonly version: number;
  /** The version it replaces (current until now). */
  readonly corrects: number;
  /** Why, as the office states it (shown on the public page as 更正说明). */
  readonly reason: string;
  readonly correctedAt: string;
  /** The event watermark of the correcting version (its manifest's): amendments are counted from it. */
  readonly watermark: Watermark;
  /** sha256 (hex) of the correcting version's manifest.json. */
  readonly manifestSha256: string;
  readonly keyId?: string;
}

export interface ReportRecords {
  latestNarrative(agencyId: string, year: number): Promise<NarrativeRecord | undefined>;
  /** The agency's template assignment in force, if it ever had one. */
  latestTemplate(agencyId: string): Promise<TemplateRecord | undefined>;
  /** false when that version exists already. */
  putTemplate(record: TemplateRecord): Promise<boolean>;
  /** Stores a narrative version unless that version exists. false when it does. */
  putNarrative(record: NarrativeRecord): Promise<boolean>;
  /** The highest report version number handed out for the agency-year (0: none). */
  highestClaimedVersion(agencyId: string, year: number): Promise<number>;
  /** Hands out a report version number unless it was handed out before. false when it was. */
  claimVersion(agencyId: string, year: number, version: number, at: string): Promise<boolean>;
  getPublication(agencyId: string, year: number): Promise<PublicationRecord | undefined>;
  /** Records the year's publication unless the year is published already. false when it is. */
  putPublication(record: PublicationRecord): Promise<boolean>;
  /**
   * Every agency's publication of a year, by agency id (the public site's index): a query of the year's
   * listing, not a scan of the table, so it costs what the year's publications are, at any scale.
   */
  listPublications(year: number): Promise<PublicationRecord[]>;
  /**
   * Appends a correction to the year's publication if its corrections list still has `expectedCount`
   * entries (the count read before deciding). false when it has not (another correction got there first) or
   * the year is not published.
   */
  putCorrection(
    agencyId: string,
    year: number,
    correction: CorrectionRecord,
    expectedCount: number,
  ): Promise<boolean>;
}

// ── Cross-cutting ──────────────────────────────────────────────────────────────────────────────────────

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type Clock = () => Date;
