/**
 * Ports: what the use cases need from the outside world. Adapters (shared/adapters) implement them over
 * DynamoDB; tests may wrap them (to inject a fault) but never mock the AWS SDK.
 */

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
}

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

// ── Cross-cutting ──────────────────────────────────────────────────────────────────────────────────────

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type Clock = () => Date;
