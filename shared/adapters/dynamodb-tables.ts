/**
 * Creates tables from their declarations (infra/tables.ts, passed in) where they do not exist yet: what
 * the local runtime and the integration tests do on the emulator. On AWS the CDK stack creates them
 * from the same declarations.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type KeySchemaElement,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDb } from './clients.ts';

/** The part of a table declaration that creating it needs. */
export interface TableShape {
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly sortKey?: { readonly name: string; readonly type: 'S' | 'N' };
}

/** Creates each missing table (all at once) and waits until all are ACTIVE. Answers the names it created. */
export async function ensureTables(
  db: DynamoDb,
  tables: readonly { readonly name: string; readonly shape: TableShape }[],
): Promise<string[]> {
  const created = await Promise.all(
    tables.map(async ({ name, shape }) => {
      if (await describe(db, name)) return undefined;
      const keys = [shape.partitionKey, ...(shape.sortKey ? [shape.sortKey] : [])];
      const AttributeDefinitions: AttributeDefinition[] = keys.map((k) => ({
        AttributeName: k.name,
        AttributeType: k.type,
      }));
      const KeySchema: KeySchemaElement[] = keys.map((k, i) => ({
        AttributeName: k.name,
        KeyType: i === 0 ? 'HASH' : 'RANGE',
      }));
      await db.client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions,
          KeySchema,
        }),
      );
      return name;
    }),
  );
  await Promise.all(
    tables.map(async ({ name }) => {
      for (let attempt = 0; (await describe(db, name)) !== 'ACTIVE'; attempt++) {
        if (attempt > 200) throw new Error(`table ${name} did not become ACTIVE`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }),
  );
  return created.filter((name): name is string => name !== undefined);
}

async function describe(db: DynamoDb, name: string): Promise<string | undefined> {
  try {
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: name }));
    return Table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
