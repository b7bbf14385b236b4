/**
 * The registry table: agencies, API key hashes and the "changed since the last nightly" markers.
 *
 *   PK `AGENCY`   SK `AGENCY#{id}`     name, parentId?, region?, registeredAt, updatedAt
 *   PK `APIKEY`   SK `KEY#{keyId}`     hash, agencyIds (list), label?, createdAt, revokedAt?
 *   PK `CHANGED`  SK `AGENCY#{id}`     version (number, grows), changedAt
 *
 * Each kind lives in one partition, so listing it is one strongly consistent Query.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, AgencyRegistry, ApiKeyRecord, ChangeMark, KeyStore } from '../ports.ts';
import type { DynamoDb } from './clients.ts';
import {
  batchGetAll,
  conditional,
  DynamoDbTable,
  type Item,
  MarkerPartition,
  queryAll,
} from './dynamodb-items.ts';

const optionalString = <K extends string>(key: K, value: unknown) =>
  (typeof value === 'string' ? { [key]: value } : {}) as Partial<Record<K, string>>;

// ── Agencies ───────────────────────────────────────────────────────────────────────────────────────────

const agencyKey = (id: string) => ({ PK: 'AGENCY', SK: `AGENCY#${id}` });

function toAgency(item: Item): Agency {
  return {
    id: String(item.SK).slice('AGENCY#'.length),
    name: String(item.name),
    registeredAt: String(item.registeredAt),
    updatedAt: String(item.updatedAt),
    ...optionalString('parentId', item.parentId),
    ...optionalString('region', item.region),
  };
}

export class DynamoDbAgencyRegistry extends DynamoDbTable implements AgencyRegistry {
  async get(id: string): Promise<Agency | undefined> {
    const { Item } = await this.db.doc.send(
      new GetCommand({ TableName: this.tableName, Key: agencyKey(id), ConsistentRead: true }),
    );
    return Item ? toAgency(Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Agency>> {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(ids)].map(agencyKey));
    return new Map(items.map(toAgency).map((agency) => [agency.id, agency]));
  }

  async list(): Promise<Agency[]> {
    return (await queryAll(this.db, this.tableName, 'AGENCY')).map(toAgency);
  }

  put(agency: Agency, expectedUpdatedAt: string | undefined): Promise<boolean> {
    const guard =
      expectedUpdatedAt === undefined
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : {
            ConditionExpression: 'updatedAt = :expected',
            ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
          };
    const { id, ...rest } = agency;
    return conditional(() =>
      this.db.doc.send(
        new PutCommand({ TableName: this.tableName, Item: { ...agencyKey(id), ...rest }, ...guard }),
      ),
    );
  }
}

// ── API keys ───────────────────────────────────────────────────────────────────────────────────────────

const apiKeyKey = (keyId: string) => ({ PK: 'APIKEY', SK: `KEY#${keyId}` });

function toApiKey(item: Item): ApiKeyRecord {
  return {
    keyId: String(item.SK).slice('KEY#'.length),
    hash: String(item.hash),
    agencyIds: Array.isArray(item.agencyIds) ? item.agencyIds.map(String) : [],
    createdAt: String(item.createdAt),
    ...optionalString('label', item.label),
    ...optionalString('revokedAt', item.revokedAt),
  };
}

export class DynamoDbKeyStore extends DynamoDbTable implements KeyStore {
  create(record: ApiKeyRecord): Promise<boolean> {
    const { keyId, agencyIds, ...rest } = record;
    return conditional(() =>
      this.db.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...apiKeyKey(keyId), ...rest, agencyIds: [...agencyIds] },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.doc.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(keyId), ConsistentRead: true }),
    );
    return Item ? toApiKey(Item) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await queryAll(this.db, this.tableName, 'APIKEY')).map(toApiKey);
  }

  revoke(keyId: string, at: string): Promise<boolean> {
    return conditional(() =>
      this.db.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: apiKeyKey(keyId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }
}

// ── Changed markers ────────────────────────────────────────────────────────────────────────────────────

const CHANGED = 'CHANGED';

export class DynamoDbChangeMarkers extends MarkerPartition {
  constructor(db: DynamoDb, tableName: string) {
    super(db, tableName, CHANGED);
  }

  async list(): Promise<ChangeMark[]> {
    return (await this.items()).map((item) => this.toChangeMark(item));
  }

  clear(mark: ChangeMark): Promise<boolean> {
    return conditional(() =>
      this.db.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(mark.agencyId),
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: { ':read': mark.version },
        }),
      ),
    );
  }
}
