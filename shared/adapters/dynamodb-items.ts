/**
 * What the DynamoDB adapters share: reading a whole partition, batch reads and writes that retry what
 * DynamoDB leaves unprocessed, and the markers' common half.
 */
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ChangeMark, ChangeMarkers } from '../ports.ts';
import type { DynamoDb } from './clients.ts';

export type Item = Record<string, unknown>;

/** An adapter over one table: the document client and the table's name. */
export abstract class DynamoDbTable {
  constructor(
    protected readonly db: DynamoDb,
    protected readonly tableName: string,
  ) {}
}

/** Which attributes a read returns (a ProjectionExpression and the names it aliases). */
interface Projection {
  readonly projection?: string;
  readonly names?: Record<string, string>;
}

/** Runs a conditional write: true when it was made, false when its condition failed. */
export async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Every item of a partition (optionally only sort keys with a prefix), page by page, consistently read. */
export async function queryAll(
  db: DynamoDb,
  tableName: string,
  pk: string,
  options: Projection & { readonly prefix?: string } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  const pages = paginateQuery(
    { client: db.doc },
    {
      TableName: tableName,
      KeyConditionExpression:
        options.prefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': pk,
        ...(options.prefix === undefined ? {} : { ':prefix': options.prefix }),
      },
      ConsistentRead: true,
      ...(options.projection ? { ProjectionExpression: options.projection } : {}),
      ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
    },
  );
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}

const BATCH_ATTEMPTS = 9;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));

/**
 * The items stored under these keys (absent keys are simply not returned), consistently read, `perRequest`
 * keys per BatchGetItem (at most 100; fewer for large items: a response holds at most 16 MB), the requests
 * in parallel; keys DynamoDB leaves unprocessed are asked again with backoff.
 */
export async function batchGetAll(
  db: DynamoDb,
  tableName: string,
  keys: readonly Item[],
  options: Projection & { readonly perRequest?: number } = {},
): Promise<Item[]> {
  const perRequest = options.perRequest ?? 100;
  const chunks: Item[][] = [];
  for (let i = 0; i < keys.length; i += perRequest) chunks.push(keys.slice(i, i + perRequest));
  const found = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Item[] = [];
      let pending: Item[] | undefined = chunk;
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt >= BATCH_ATTEMPTS) throw new Error('DynamoDB kept returning unprocessed keys');
        if (attempt > 0) await backoff(attempt);
        const answer: BatchGetCommandOutput = await db.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: pending,
                ConsistentRead: true,
                ...(options.projection ? { ProjectionExpression: options.projection } : {}),
                ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
              },
            },
          }),
        );
        items.push(...(answer.Responses?.[tableName] ?? []));
        pending = answer.UnprocessedKeys?.[tableName]?.Keys;
      }
      return items;
    }),
  );
  return found.flat();
}

/** Puts and deletes in BatchWriteItem requests of 25, one after another; unprocessed ones again with backoff. */
export function batchWriteAll(db: DynamoDb, tableName: string, requests: readonly Item[]): Promise<void> {
  return inBatchesOf25(requests, async (pending) => {
    const answer = await db.doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    return answer.UnprocessedItems?.[tableName] as Item[] | undefined;
  });
}

/**
 * batchWriteAll for requests already in DynamoDB's wire form (`{PutRequest: {Item: {PK: {S: …}, …}}}`),
 * sent by the low-level client: no marshalling of every item by the document client on the way (the
 * sole-writer loader's hot path).
 */
export function batchWriteWireAll(
  db: DynamoDb,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  return inBatchesOf25(requests, async (pending) => {
    const answer = await db.client.send(
      new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
    );
    return answer.UnprocessedItems?.[tableName];
  });
}

async function inBatchesOf25<T>(
  requests: readonly T[],
  write: (pending: T[]) => Promise<T[] | undefined>,
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= BATCH_ATTEMPTS) throw new Error('DynamoDB kept returning unprocessed items');
      if (attempt > 0) await backoff(attempt);
      pending = (await write(pending)) ?? [];
    }
  }
}

/**
 * The markers' common half (CHANGED in the registry, ROLLUP in the statistics): one partition `pk` of
 * items `AGENCY#{id}` whose version grows by one on every mark (ADD), so that a clear conditioned on the
 * version read can tell the agency was marked again meanwhile.
 */
export abstract class MarkerPartition extends DynamoDbTable implements ChangeMarkers {
  constructor(
    db: DynamoDb,
    tableName: string,
    private readonly pk: string,
  ) {
    super(db, tableName);
  }

  async mark(agencyIds: readonly string[], at: string): Promise<void> {
    await Promise.all(
      [...new Set(agencyIds)].map((agencyId) =>
        this.db.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.key(agencyId),
            UpdateExpression: 'SET changedAt = :at ADD version :one',
            ExpressionAttributeValues: { ':at': at, ':one': 1 },
          }),
        ),
      ),
    );
  }

  abstract list(): Promise<ChangeMark[]>;
  abstract clear(mark: ChangeMark): Promise<boolean>;

  protected key(agencyId: string) {
    return { PK: this.pk, SK: `AGENCY#${agencyId}` };
  }

  /** Every marker item of the partition. */
  protected items(): Promise<Item[]> {
    return queryAll(this.db, this.tableName, this.pk);
  }

  protected toChangeMark(item: Item): ChangeMark {
    return {
      agencyId: String(item.SK).slice('AGENCY#'.length),
      version: Number(item.version),
      changedAt: String(item.changedAt),
    };
  }
}
