/**
 * The event log in DynamoDB (table `events`): one item per event, PK `AGENCY#{agencyId}`,
 * SK `EVENT#{eventId}`, holding the canonical JSON (`body`) and its sha256 (`hash`).
 *
 * A write is a PutItem conditioned on attribute_not_exists(PK): it never overwrites. When the condition
 * fails, the stored item is read back (consistently) and its hash decides `duplicate` or `conflict`.
 * A batch of PRECHECK_FROM events or more is probed with its first PROBE puts: when one of them finds its
 * event stored, the batch is a retry and one BatchGetItem per 100 events finds the others already stored,
 * so a retried batch costs a few reads instead of hundreds of failed writes; a new batch (the usual case:
 * a portal sending what just happened) is not read first, and each new event is stored in one round trip.
 *
 * `SoleWriterEventStore` (below) is the same log written in batches, for a store nobody else writes.
 */
import {
  ConditionalCheckFailedException,
  paginateQuery as paginateWireQuery,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AppendOutcome, EventRecord, EventStore, StoredBody } from '../ports.ts';
import type { DynamoDb } from './clients.ts';
import { batchGetAll, batchWriteWireAll, queryAll } from './dynamodb-items.ts';

export const eventKey = (agencyId: string, eventId: string) => ({
  PK: `AGENCY#${agencyId}`,
  SK: `EVENT#${eventId}`,
});

/** The stored item of a record: also what the benchmark writes raw. */
export function eventItem(record: EventRecord): Record<string, string> {
  return {
    ...eventKey(record.agencyId, record.eventId),
    type: record.type,
    occurredAt: record.occurredAt,
    hash: record.hash,
    body: record.body,
    receivedAt: record.receivedAt,
  };
}

/** The same item in DynamoDB's wire form (every attribute a string), as the document client would send it. */
export function eventWireItem(record: EventRecord): Record<string, { S: string }> {
  const wire: Record<string, { S: string }> = {};
  for (const [name, value] of Object.entries(eventItem(record))) wire[name] = { S: value };
  return wire;
}

interface StoredHead {
  readonly hash: string;
  readonly receivedAt: string;
}

/**
 * From this many events on, a batch is probed: its first PROBE events are put conditionally, and if one of
 * them was already stored (a retried batch) the others are checked with BatchGetItem before their puts.
 */
export const PRECHECK_FROM = 16;
const PROBE = 8;

/** What judging a stored event needs: its key, hash and time of receipt. */
export const HEAD_PROJECTION = { projection: 'PK, SK, #hash, receivedAt', names: { '#hash': 'hash' } };

export class DynamoDbEventStore implements EventStore {
  private readonly writes: LimitFunction;

  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string,
    /** Conditional puts in flight at once, per store (a Lambda instance, the local runtime). */
    concurrency = 48,
  ) {
    this.writes = pLimit(concurrency);
  }

  async append(records: readonly EventRecord[]): Promise<AppendOutcome[]> {
    if (records.length < PRECHECK_FROM) return this.putAll(records);
    // The first PROBE events are put conditionally: if all are new, the batch is new (the usual case) and
    // the rest are put too — no read of 500 keys that are not there. If any was stored, the batch is a
    // retry: the rest are read first (BatchGetItem) and only the new ones put.
    const probe = await this.putAll(records.slice(0, PROBE));
    const rest = records.slice(PROBE);
    if (probe.every((outcome) => outcome.status === 'accepted'))
      return [...probe, ...(await this.putAll(rest))];
    const stored = await this.heads(rest);
    return [
      ...probe,
      ...(await Promise.all(
        rest.map(async (record) => {
          const head = stored.get(`${record.agencyId}\u0000${record.eventId}`);
          if (head) return judge(record, head);
          return this.writes(() => this.put(record));
        }),
      )),
    ];
  }

  private putAll(records: readonly EventRecord[]): Promise<AppendOutcome[]> {
    return Promise.all(records.map((record) => this.writes(() => this.put(record))));
  }

  async *readEvents(agencyId: string): AsyncIterable<readonly EventRecord[]> {
    const pages = paginateQuery(
      { client: this.db.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': `AGENCY#${agencyId}`, ':event': 'EVENT#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      const records = (page.Items ?? []).map((item) => ({
        agencyId,
        eventId: String(item.SK).slice('EVENT#'.length),
        type: String(item.type),
        occurredAt: String(item.occurredAt),
        body: String(item.body),
        hash: String(item.hash),
        receivedAt: String(item.receivedAt),
      }));
      if (records.length > 0) yield records;
    }
  }

  /** Query as readEvents, projecting `body` and `receivedAt`, read from the wire format (no unmarshalling). */
  async *readBodies(agencyId: string): AsyncIterable<readonly StoredBody[]> {
    const pages = paginateWireQuery(
      { client: this.db.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': { S: `AGENCY#${agencyId}` }, ':event': { S: 'EVENT#' } },
        ProjectionExpression: 'body, receivedAt',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      const items = page.Items ?? [];
      const bodies: StoredBody[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        bodies[i] = { body: item.body?.S ?? '', receivedAt: item.receivedAt?.S ?? '' };
      }
      if (bodies.length > 0) yield bodies;
    }
  }

  private async put(record: EventRecord): Promise<AppendOutcome> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: eventItem(record),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return { status: 'accepted' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.db.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: eventKey(record.agencyId, record.eventId),
        ProjectionExpression: '#hash, receivedAt',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new Error('an event vanished after its write was refused: the log is append-only');
    return judge(record, { hash: String(Item.hash), receivedAt: String(Item.receivedAt) });
  }

  /** The already-stored events among these (consistent reads), by agencyId + NUL + eventId. */
  private async heads(records: readonly EventRecord[]): Promise<Map<string, StoredHead>> {
    const keys = records.map((r) => eventKey(r.agencyId, r.eventId));
    const items = await batchGetAll(this.db, this.tableName, keys, HEAD_PROJECTION);
    return new Map(
      items.map((item) => [
        `${String(item.PK).slice('AGENCY#'.length)}\u0000${String(item.SK).slice('EVENT#'.length)}`,
        { hash: String(item.hash), receivedAt: String(item.receivedAt) },
      ]),
    );
  }
}

/**
 * The event log for a loader that is the store's only writer while it runs: the demo at a first start
 * (before the API listens or the queue runs), `gongkai run`'s fresh store, `gongkai import` into a stopped
 * data folder. The HTTP and queue paths never use it.
 *
 * One membership read per agency and load (a Query of the keys and hashes already stored, usually none),
 * kept in memory; each new event is claimed there synchronously when its batch arrives, so batches in
 * flight together still answer exactly (the first to claim an eventId is `accepted`), then written
 * unconditionally with BatchWriteItem, 25 a request, several requests in flight. Exact because nobody else
 * can store an eventId meanwhile; the stored items are those of the conditional path (`eventItem`).
 */
export class SoleWriterEventStore implements EventStore {
  private readonly log: DynamoDbEventStore;
  /** agencyId → (eventId → what is stored), read once per agency. */
  private readonly members = new Map<string, Promise<Map<string, StoredHead>>>();

  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string,
    /** BatchWriteItem requests in flight at once. */
    private readonly writesInFlight = 4,
  ) {
    this.log = new DynamoDbEventStore(db, tableName);
  }

  async append(records: readonly EventRecord[]): Promise<AppendOutcome[]> {
    const agencies = [...new Set(records.map((r) => r.agencyId))];
    const stored = new Map(
      await Promise.all(agencies.map(async (id) => [id, await this.membership(id)] as const)),
    );
    // Judged and claimed without an await in between: no other batch can claim an eventId meanwhile.
    const fresh: EventRecord[] = [];
    const outcomes = records.map((record): AppendOutcome => {
      const members = stored.get(record.agencyId) as Map<string, StoredHead>;
      const head = members.get(record.eventId);
      if (head) return judge(record, head);
      members.set(record.eventId, { hash: record.hash, receivedAt: record.receivedAt });
      fresh.push(record);
      return { status: 'accepted' };
    });
    try {
      const requests = fresh.map((record) => ({ PutRequest: { Item: eventWireItem(record) } }));
      const chunks: (typeof requests)[] = [];
      for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
      await pLimit(this.writesInFlight).map(chunks, (chunk) =>
        batchWriteWireAll(this.db, this.tableName, chunk),
      );
    } catch (error) {
      // Some may be stored, some not: read the membership again on the next batch (a retry then answers
      // `duplicate` for those stored).
      for (const id of agencies) this.members.delete(id);
      throw error;
    }
    return outcomes;
  }

  readEvents(agencyId: string): AsyncIterable<readonly EventRecord[]> {
    return this.log.readEvents(agencyId);
  }

  readBodies(agencyId: string): AsyncIterable<readonly StoredBody[]> {
    return this.log.readBodies(agencyId);
  }

  private membership(agencyId: string): Promise<Map<string, StoredHead>> {
    let members = this.members.get(agencyId);
    if (!members) {
      members = queryAll(this.db, this.tableName, `AGENCY#${agencyId}`, {
        prefix: 'EVENT#',
        projection: 'SK, #hash, receivedAt',
        names: { '#hash': 'hash' },
      }).then(
        (items) =>
          new Map(
            items.map((item) => [
              String(item.SK).slice('EVENT#'.length),
              { hash: String(item.hash), receivedAt: String(item.receivedAt) },
            ]),
          ),
      );
      this.members.set(agencyId, members);
      members.catch(() => this.members.delete(agencyId));
    }
    return members;
  }
}

function judge(record: EventRecord, stored: StoredHead): AppendOutcome {
  return stored.hash === record.hash
    ? { status: 'duplicate' }
    : { status: 'conflict', storedHash: stored.hash, storedAt: stored.receivedAt };
}
