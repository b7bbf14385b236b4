/**
 * What the DynamoDB adapters share: reading a whole partition, batch reads and writes that retry what
 * DynamoDB leaves unprocessed, and the markers' common half.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ChangeMark } from '../ports.ts';
import type { DynamoDb } from './clients.ts';

export type Item = Record<string, unknown>;

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
export async function batchWriteAll(
  db: DynamoDb,
  tableName: string,
  requests: readonly Item[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= BATCH_ATTEMPTS) throw new Error('DynamoDB kept returning unprocessed items');
      if (attempt > 0) await backoff(attempt);
      const answer = await db.doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (answer.UnprocessedItems?.[tableName] ?? []) as Item[];
    }
  }
}

/** A marker item of agency `id` in partition `pk` (CHANGED in the registry, ROLLUP in the statistics). */
export const markerKey = (pk: string, agencyId: string) => ({ PK: pk, SK: `AGENCY#${agencyId}` });

/** Marks agencies: each marker's version grows by one (ADD), so a clear can tell it was marked again. */
export async function markAgencies(
  db: DynamoDb,
  tableName: string,
  pk: string,
  agencyIds: readonly string[],
  at: string,
): Promise<void> {
  await Promise.all(
    [...new Set(agencyIds)].map((agencyId) =>
      db.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: markerKey(pk, agencyId),
          UpdateExpression: 'SET changedAt = :at ADD version :one',
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
        }),
      ),
    ),
  );
}

export const toChangeMark = (item: Item): ChangeMark => ({
  agencyId: String(item.SK).slice('AGENCY#'.length),
  version: Number(item.version),
  changedAt: String(item.changedAt),
});
