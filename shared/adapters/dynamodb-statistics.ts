/**
 * The derived data in DynamoDB (table `statistics`), written by the nightly and rebuildable from the log:
 *
 *   PK `AGENCY#{id}`  SK `STAT#OWN#{year}`            an own statistics snapshot (guard: the watermark)
 *   PK `AGENCY#{id}`  SK `STAT#CONSOLIDATED#{year}`   a consolidated one (guard: its inputs digest)
 *   PK `AGENCY#{id}`  SK `DEADLINES`                  the deadlines snapshot (guard: watermark, as-of day)
 *   PK `AGENCY#{id}`  SK `PART#{head SK}#{digest}#{i}` a slice of a body too large for one item
 *   PK `ROLLUP`       SK `AGENCY#{id}`                "a descendant changed": version (grows), changedAt,
 *                                                     clearedVersion (set: nothing to do while it equals version)
 *   PK `RUNNING`      SK `AGENCY#{id}`                its deadlines have requests running: asOf (to count again)
 *
 * A head item carries the watermark as plain attributes (what the conditions compare) and the body —
 * the statistics or the deadline rows as gzipped JSON — inline (`body`) when it fits, else in `parts`
 * items named by the digest of the body (written before the head, deleted when a head stops pointing at
 * them). So a reader never mixes two bodies, and a re-run rewrites exactly the same items.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RUNNING_STATUSES } from '../domain/deadlines.ts';
import type {
  ChangeMark,
  DeadlinesSnapshot,
  DeadlinesStore,
  StatisticsScope,
  StatisticsSnapshot,
  StatisticsStore,
  Watermark,
} from '../ports.ts';
import type { DynamoDb } from './clients.ts';
import { batchGetAll, batchWriteAll, type Item, MarkerPartition, queryAll } from './dynamodb-items.ts';

/** A gzipped body up to this size stays in its head item (DynamoDB items hold at most 400 KB). */
const INLINE_BYTES = 300_000;
const PART_BYTES = 300_000;

const agencyPk = (agencyId: string) => `AGENCY#${agencyId}`;
const statSk = (scope: StatisticsScope, year: number) =>
  `STAT#${scope === 'own' ? 'OWN' : 'CONSOLIDATED'}#${year}`;
const statPrefix = (scope: StatisticsScope) => `STAT#${scope === 'own' ? 'OWN' : 'CONSOLIDATED'}#`;
const DEADLINES_SK = 'DEADLINES';
const partSk = (headSk: string, digest: string, i: number) =>
  `PART#${headSk}#${digest}#${String(i).padStart(4, '0')}`;

// ── Bodies: gzipped JSON, inline or in parts ───────────────────────────────────────────────────────────

interface Encoded {
  /** Head attributes: `body`, or `parts` + `digest`. */
  readonly head: Item;
  /** Part items to write before the head. */
  readonly parts: readonly Item[];
  readonly digest: string;
}

function encode(pk: string, headSk: string, value: unknown): Encoded {
  const text = JSON.stringify(value);
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const zipped = gzipSync(text);
  if (zipped.length <= INLINE_BYTES) return { head: { body: zipped, digest }, parts: [], digest };
  const parts: Item[] = [];
  for (let at = 0, i = 0; at < zipped.length; at += PART_BYTES, i++) {
    parts.push({ PK: pk, SK: partSk(headSk, digest, i), chunk: zipped.subarray(at, at + PART_BYTES) });
  }
  return { head: { parts: parts.length, digest }, parts, digest };
}

const asBytes = (value: unknown): Uint8Array => {
  if (value instanceof Uint8Array) return value;
  throw new Error('a stored body is not binary');
};

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Head items guarded by a condition, with bodies inline or in parts. */
class SnapshotTable {
  constructor(
    readonly db: DynamoDb,
    readonly tableName: string,
  ) {}

  /**
   * Writes the parts, then the head under `condition`; deletes the parts the head no longer points at
   * (the previous body's, or ours when refused). false when the condition failed.
   */
  async put(
    head: Item,
    body: unknown,
    condition: { expression: string; values?: Item; names?: Record<string, string> },
  ): Promise<boolean> {
    const pk = String(head.PK);
    const sk = String(head.SK);
    const encoded = encode(pk, sk, body);
    if (encoded.parts.length > 0) {
      await batchWriteAll(
        this.db,
        this.tableName,
        encoded.parts.map((Item) => ({ PutRequest: { Item } })),
      );
    }
    let old: Item | undefined;
    try {
      const answer = await this.db.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...head, ...encoded.head },
          ConditionExpression: condition.expression,
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
          ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = answer.Attributes;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (encoded.parts.length > 0) {
        const stored = await this.head(pk, sk);
        if (stored?.digest !== encoded.digest)
          await this.deleteParts(pk, sk, encoded.digest, encoded.parts.length);
      }
      return false;
    }
    if (old && typeof old.parts === 'number' && old.digest !== encoded.digest) {
      await this.deleteParts(pk, sk, String(old.digest), old.parts);
    }
    return true;
  }

  /** Deletes the head under `condition`, then the parts it pointed at. false when the condition failed. */
  async delete(pk: string, sk: string, condition: { expression: string; values: Item }): Promise<boolean> {
    let old: Item | undefined;
    try {
      const answer = await this.db.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: pk, SK: sk },
          ConditionExpression: condition.expression,
          ExpressionAttributeValues: condition.values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = answer.Attributes;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    if (old && typeof old.parts === 'number') await this.deleteParts(pk, sk, String(old.digest), old.parts);
    return true;
  }

  async head(pk: string, sk: string): Promise<Item | undefined> {
    const { Item } = await this.db.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: pk, SK: sk }, ConsistentRead: true }),
    );
    return Item;
  }

  /** The head and its decoded body; reads again if its parts were replaced while reading. */
  async get<T>(pk: string, sk: string): Promise<{ head: Item; body: T } | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const head = await this.head(pk, sk);
      if (!head) return undefined;
      const body = await this.decode<T>(head);
      if (body !== undefined) return { head, body };
    }
    throw new Error(`the body of ${pk} ${sk} kept changing while it was read`);
  }

  /** Every head under a prefix; with a projection, only those attributes (`year` is a reserved word: `#year`). */
  query(pk: string, prefix: string, projection?: string): Promise<Item[]> {
    return queryAll(this.db, this.tableName, pk, {
      prefix,
      ...(projection ? { projection, names: { '#year': 'year' } } : {}),
    });
  }

  /** The body of a head; undefined if one of its parts is gone (a newer body replaced it meanwhile). */
  async decode<T>(head: Item): Promise<T | undefined> {
    if (head.body !== undefined) return JSON.parse(gunzipSync(asBytes(head.body)).toString('utf8')) as T;
    const count = Number(head.parts);
    const pk = String(head.PK);
    const sk = String(head.SK);
    const digest = String(head.digest);
    const keys = Array.from({ length: count }, (_, i) => ({ PK: pk, SK: partSk(sk, digest, i) }));
    // Parts are up to 300 KB: 25 of them stay well under a response's 16 MB.
    const items = await batchGetAll(this.db, this.tableName, keys, { perRequest: 25 });
    const found = new Map(items.map((item) => [String(item.SK), asBytes(item.chunk)]));
    const chunks: Uint8Array[] = [];
    for (const key of keys) {
      const chunk = found.get(key.SK);
      if (!chunk) return undefined;
      chunks.push(chunk);
    }
    return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as T;
  }

  private async deleteParts(pk: string, sk: string, digest: string, count: number): Promise<void> {
    const requests = Array.from({ length: count }, (_, i) => ({
      DeleteRequest: { Key: { PK: pk, SK: partSk(sk, digest, i) } },
    }));
    await batchWriteAll(this.db, this.tableName, requests);
  }
}

// ── Watermarks as attributes ───────────────────────────────────────────────────────────────────────────

function watermarkAttributes(w: Watermark): Item {
  return {
    eventsFolded: w.eventsFolded,
    ...(w.newestReceivedAt === null ? {} : { newestReceivedAt: w.newestReceivedAt }),
    ...(w.newestOccurredAt === null ? {} : { newestOccurredAt: w.newestOccurredAt }),
    rulesVersion: w.rulesVersion,
    calendarVersion: w.calendarVersion,
    computedAt: w.computedAt,
  };
}

function watermarkOf(item: Item): Watermark {
  return {
    eventsFolded: Number(item.eventsFolded),
    newestReceivedAt: typeof item.newestReceivedAt === 'string' ? item.newestReceivedAt : null,
    newestOccurredAt: typeof item.newestOccurredAt === 'string' ? item.newestOccurredAt : null,
    rulesVersion: String(item.rulesVersion),
    calendarVersion: String(item.calendarVersion),
    computedAt: String(item.computedAt),
  };
}

// ── Statistics ─────────────────────────────────────────────────────────────────────────────────────────

type StatisticsBody = Pick<StatisticsSnapshot, 'statistics' | 'agencyIds'>;

export class DynamoDbStatisticsStore implements StatisticsStore {
  private readonly table: SnapshotTable;

  constructor(db: DynamoDb, tableName: string) {
    this.table = new SnapshotTable(db, tableName);
  }

  putOwn(snapshot: StatisticsSnapshot): Promise<boolean> {
    return this.table.put(this.head(snapshot), this.body(snapshot), {
      expression: 'attribute_not_exists(PK) OR eventsFolded <= :n',
      values: { ':n': snapshot.watermark.eventsFolded },
    });
  }

  putConsolidated(snapshot: StatisticsSnapshot, expectedInputs: string | undefined): Promise<boolean> {
    if (snapshot.inputs === undefined) throw new Error('a consolidated snapshot needs its inputs digest');
    return this.table.put(
      this.head(snapshot),
      this.body(snapshot),
      expectedInputs === undefined
        ? { expression: 'attribute_not_exists(PK)' }
        : { expression: 'inputs = :expected', values: { ':expected': expectedInputs } },
    );
  }

  async get(agencyId: string, year: number, scope: StatisticsScope): Promise<StatisticsSnapshot | undefined> {
    const found = await this.table.get<StatisticsBody>(agencyPk(agencyId), statSk(scope, year));
    return found ? this.snapshot(found.head, found.body) : undefined;
  }

  async list(agencyId: string, scope: StatisticsScope): Promise<StatisticsSnapshot[]> {
    const heads = await this.table.query(agencyPk(agencyId), statPrefix(scope));
    const out: StatisticsSnapshot[] = [];
    for (const head of heads) {
      const body = await this.table.decode<StatisticsBody>(head);
      if (body !== undefined) {
        out.push(this.snapshot(head, body));
        continue;
      }
      // Its parts were replaced while we read: read that year again.
      const again = await this.get(agencyId, Number(head.year), scope);
      if (again) out.push(again);
    }
    return out.sort((a, b) => a.year - b.year);
  }

  async years(agencyId: string, scope: StatisticsScope): Promise<number[]> {
    const heads = await this.table.query(agencyPk(agencyId), statPrefix(scope), '#year');
    return heads.map((h) => Number(h.year)).sort((a, b) => a - b);
  }

  async consolidatedInputs(agencyId: string): Promise<Map<number, string>> {
    const heads = await this.table.query(agencyPk(agencyId), statPrefix('consolidated'), '#year, inputs');
    return new Map(heads.map((h) => [Number(h.year), String(h.inputs)]));
  }

  deleteConsolidated(agencyId: string, year: number, expectedInputs: string): Promise<boolean> {
    return this.table.delete(agencyPk(agencyId), statSk('consolidated', year), {
      expression: 'inputs = :expected',
      values: { ':expected': expectedInputs },
    });
  }

  private head(s: StatisticsSnapshot): Item {
    return {
      PK: agencyPk(s.agencyId),
      SK: statSk(s.scope, s.year),
      agencyId: s.agencyId,
      year: s.year,
      scope: s.scope,
      format: s.statistics.format,
      ...watermarkAttributes(s.watermark),
      ...(s.inputs === undefined ? {} : { inputs: s.inputs }),
      agencies: s.agencyIds.length,
      errors: s.statistics.findings.filter((f) => f.severity === 'error').length,
      warnings: s.statistics.findings.filter((f) => f.severity === 'warning').length,
    };
  }

  private body(s: StatisticsSnapshot): StatisticsBody {
    return { statistics: s.statistics, agencyIds: s.agencyIds };
  }

  private snapshot(head: Item, body: StatisticsBody): StatisticsSnapshot {
    return {
      agencyId: String(head.agencyId),
      year: Number(head.year),
      scope: head.scope === 'consolidated' ? 'consolidated' : 'own',
      statistics: body.statistics,
      watermark: watermarkOf(head),
      agencyIds: body.agencyIds,
      ...(typeof head.inputs === 'string' ? { inputs: head.inputs } : {}),
    };
  }
}

// ── Deadlines ──────────────────────────────────────────────────────────────────────────────────────────

type DeadlinesBody = Pick<DeadlinesSnapshot, 'requests' | 'summary' | 'timeliness' | 'uncovered'>;

export class DynamoDbDeadlinesStore implements DeadlinesStore {
  private readonly table: SnapshotTable;

  constructor(db: DynamoDb, tableName: string) {
    this.table = new SnapshotTable(db, tableName);
  }

  async put(s: DeadlinesSnapshot): Promise<boolean> {
    const head: Item = {
      PK: agencyPk(s.agencyId),
      SK: DEADLINES_SK,
      agencyId: s.agencyId,
      asOf: s.asOf,
      requests: s.requests.length,
      ...watermarkAttributes(s.watermark),
    };
    const body: DeadlinesBody = {
      requests: s.requests,
      summary: s.summary,
      timeliness: s.timeliness,
      uncovered: s.uncovered,
    };
    const written = await this.table.put(head, body, {
      expression: 'attribute_not_exists(PK) OR eventsFolded < :n OR (eventsFolded = :n AND asOf <= :asOf)',
      values: { ':n': s.watermark.eventsFolded, ':asOf': s.asOf },
    });
    if (!written) return false;
    // The index of agencies to count again tomorrow (after the head: a crash between leaves the
    // agency's marker in place, and the re-run writes both again).
    const running = RUNNING_STATUSES.some((status) => s.summary[status] > 0);
    const key = { PK: 'RUNNING', SK: `AGENCY#${s.agencyId}` };
    const { db, tableName } = this.table;
    if (running) {
      await db.doc.send(
        new PutCommand({ TableName: tableName, Item: { ...key, agencyId: s.agencyId, asOf: s.asOf } }),
      );
    } else {
      await db.doc.send(new DeleteCommand({ TableName: tableName, Key: key }));
    }
    return true;
  }

  async stale(asOf: string): Promise<string[]> {
    const items = await this.table.query('RUNNING', 'AGENCY#');
    return items
      .filter((item) => String(item.asOf) < asOf)
      .map((item) => String(item.agencyId))
      .sort();
  }

  async get(agencyId: string): Promise<DeadlinesSnapshot | undefined> {
    const found = await this.table.get<DeadlinesBody>(agencyPk(agencyId), DEADLINES_SK);
    if (!found) return undefined;
    const { head, body } = found;
    return {
      agencyId: String(head.agencyId),
      asOf: String(head.asOf),
      requests: body.requests,
      summary: body.summary,
      timeliness: body.timeliness,
      uncovered: body.uncovered,
      watermark: watermarkOf(head),
    };
  }
}

// ── Roll-up markers ────────────────────────────────────────────────────────────────────────────────────

const ROLLUP = 'ROLLUP';

/**
 * "A descendant's statistics changed: recompute the consolidated ones." The protocol of the registry's
 * changed markers (UpdateItem ADD version; clear only if the version is the one read), except that a
 * clear keeps the item and records the version cleared (`clearedVersion`): the version then never starts
 * again at 1, so a marker cleared and set again within one run never looks like the one already sent.
 */
export class DynamoDbRollupMarkers extends MarkerPartition {
  constructor(db: DynamoDb, tableName: string) {
    super(db, tableName, ROLLUP);
  }

  async list(): Promise<ChangeMark[]> {
    return (await this.items())
      .filter((item) => item.clearedVersion !== item.version)
      .map((item) => this.toChangeMark(item));
  }

  async clear(mark: ChangeMark): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(mark.agencyId),
          UpdateExpression: 'SET clearedVersion = :read',
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: { ':read': mark.version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
