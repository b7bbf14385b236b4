/** What the DynamoDB adapters share: reading a whole partition, and the markers' common half. */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeMark } from '../ports.ts';
import type { DynamoDb } from './clients.ts';

export type Item = Record<string, unknown>;

/** Every item of a partition (optionally only sort keys with a prefix), page by page, consistently read. */
export async function queryAll(
  db: DynamoDb,
  tableName: string,
  pk: string,
  options: {
    readonly prefix?: string;
    readonly projection?: string;
    readonly names?: Record<string, string>;
  } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression:
          options.prefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(options.prefix === undefined ? {} : { ':prefix': options.prefix }),
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
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
