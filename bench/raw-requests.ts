/**
 * Baselines for the benchmarks only, never for the log: the same items written raw, unconditionally in
 * batches of 25, or one conditional put each; the membership read (which of these keys are stored?) that
 * any log answering `duplicate` must make when it does not write conditionally; and a plain Query of an
 * agency's whole log, every attribute (what the nightly is measured against).
 */
import { PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '../shared/adapters/clients.ts';
import { HEAD_PROJECTION } from '../shared/adapters/dynamodb-event-store.ts';
import { batchGetAll, batchWriteAll } from '../shared/adapters/dynamodb-items.ts';

export const rawRequests = {
  /** Query PK = AGENCY#id, begins_with(SK, EVENT#), consistent, page by page: how many items. */
  async queryCount(db: DynamoDb, tableName: string, agencyId: string): Promise<number> {
    let count = 0;
    const pages = paginateQuery(
      { client: db.doc },
      {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': `AGENCY#${agencyId}`, ':event': 'EVENT#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) count += page.Items?.length ?? 0;
    return count;
  },
  /** BatchGetItem of the items' keys, 100 per request: how many are stored. */
  async batchGetKeys(
    db: DynamoDb,
    tableName: string,
    items: readonly Record<string, string>[],
  ): Promise<number> {
    const keys = items.map(({ PK, SK }) => ({ PK, SK }));
    return (await batchGetAll(db, tableName, keys, HEAD_PROJECTION)).length;
  },
  /** BatchWriteItem of the items, 25 per request. */
  batchWrite(db: DynamoDb, tableName: string, items: readonly Record<string, string>[]): Promise<void> {
    return batchWriteAll(
      db,
      tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
  },
  async conditionalPut(db: DynamoDb, tableName: string, item: Record<string, string>): Promise<void> {
    await db.doc.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  },
};
