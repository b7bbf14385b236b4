/**
 * Report records in the registry table, one partition per agency (`REPORT#{agencyId}`):
 *
 *   SK `NARRATIVE#{year}#v{n:6}`   sections (map s1…s6), savedAt, keyId?       one per saved version
 *   SK `VERSION#{year}#v{n:6}`     claimedAt                                    a report version number handed out
 *   SK `TEMPLATE#v{n:6}`           template (JSON text, or absent for the national default), sha256, savedAt, keyId?
 *   SK `PUBLISHED#{year}`          version, publishedAt, watermark, manifestSha256, keyId?   the year's lock
 *                                 corrections? (list, oldest first): each correction (更正) appended
 *
 * And one partition per report year listing who published it (the public site's index, `listPublications`):
 *
 *   PK `PUBLISHED#{year}`  SK `{agencyId}`   agencyId, year     written just before the publication itself
 *
 * A listing item says only "look here": the publication is read from its own item (BatchGetItem), and a
 * listing item without one (a crash between the two writes, a publish refused) is left out. One Query per
 * year and one BatchGetItem per 100 publications, never a Scan (docs/storage.md).
 *
 * Every write is a PutItem conditioned on attribute_not_exists(PK): nothing here is ever overwritten. The one
 * update is a correction: appended to the publication's list only while the list still has the length read
 * (two corrections at once: one wins), never changing what is there.
 * Version numbers are zero-padded so that the latest is the last in sort-key order (one Query, descending,
 * Limit 1).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReportTemplate } from '../domain/report/template.ts';
import type {
  CorrectionRecord,
  NarrativeRecord,
  PublicationRecord,
  ReportRecords,
  TemplateRecord,
  Watermark,
} from '../ports.ts';
import { batchGetAll, conditional, DynamoDbTable, queryAll } from './dynamodb-items.ts';

type Item = Record<string, unknown>;

const pk = (agencyId: string) => `REPORT#${agencyId}`;
const padded = (n: number) => String(n).padStart(6, '0');
const narrativePrefix = (year: number) => `NARRATIVE#${year}#v`;
const versionPrefix = (year: number) => `VERSION#${year}#v`;
const TEMPLATE_PREFIX = 'TEMPLATE#v';

function toNarrative(agencyId: string, year: number, item: Item): NarrativeRecord {
  const sections: Record<string, string> = {};
  for (const [id, text] of Object.entries((item.sections as Item | undefined) ?? {})) {
    if (typeof text === 'string') sections[id] = text;
  }
  return {
    agencyId,
    year,
    version: Number(String(item.SK).slice(narrativePrefix(year).length)),
    sections,
    savedAt: String(item.savedAt),
    ...(typeof item.keyId === 'string' ? { keyId: item.keyId } : {}),
  };
}

function toCorrection(item: Item): CorrectionRecord {
  return {
    version: Number(item.version),
    corrects: Number(item.corrects),
    reason: String(item.reason),
    correctedAt: String(item.correctedAt),
    watermark: item.watermark as Watermark,
    manifestSha256: String(item.manifestSha256),
    ...(typeof item.keyId === 'string' ? { keyId: item.keyId } : {}),
  };
}

/** The year's listing partition: one item per agency that published (or began to publish) the year. */
const listingPk = (year: number) => `PUBLISHED#${year}`;

function toPublication(agencyId: string, year: number, item: Item): PublicationRecord {
  return {
    agencyId,
    year,
    version: Number(item.version),
    publishedAt: String(item.publishedAt),
    watermark: item.watermark as Watermark,
    manifestSha256: String(item.manifestSha256),
    ...(typeof item.keyId === 'string' ? { keyId: item.keyId } : {}),
    ...(Array.isArray(item.corrections)
      ? { corrections: (item.corrections as Item[]).map(toCorrection) }
      : {}),
  };
}

export class DynamoDbReportRecords extends DynamoDbTable implements ReportRecords {
  /** Writes an item that must not exist yet: false when it does (nothing here is ever overwritten). */
  private putNew(item: Item): Promise<boolean> {
    return conditional(() =>
      this.db.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  private async last(agencyId: string, prefix: string): Promise<Item | undefined> {
    const { Items } = await this.db.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk(agencyId), ':prefix': prefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0];
  }

  async latestNarrative(agencyId: string, year: number): Promise<NarrativeRecord | undefined> {
    const item = await this.last(agencyId, narrativePrefix(year));
    return item ? toNarrative(agencyId, year, item) : undefined;
  }

  putNarrative(record: NarrativeRecord): Promise<boolean> {
    return this.putNew({
      PK: pk(record.agencyId),
      SK: `${narrativePrefix(record.year)}${padded(record.version)}`,
      sections: { ...record.sections },
      savedAt: record.savedAt,
      ...(record.keyId ? { keyId: record.keyId } : {}),
    });
  }

  async latestTemplate(agencyId: string): Promise<TemplateRecord | undefined> {
    const item = await this.last(agencyId, TEMPLATE_PREFIX);
    if (!item) return undefined;
    return {
      agencyId,
      version: Number(String(item.SK).slice(TEMPLATE_PREFIX.length)),
      // Stored as the JSON text the template was validated as: a map would lose nothing, but the text keeps
      // its hash checkable byte for byte.
      template: typeof item.template === 'string' ? (JSON.parse(item.template) as ReportTemplate) : null,
      sha256: typeof item.sha256 === 'string' ? item.sha256 : null,
      savedAt: String(item.savedAt),
      ...(typeof item.keyId === 'string' ? { keyId: item.keyId } : {}),
    };
  }

  putTemplate(record: TemplateRecord): Promise<boolean> {
    return this.putNew({
      PK: pk(record.agencyId),
      SK: `${TEMPLATE_PREFIX}${padded(record.version)}`,
      ...(record.template ? { template: JSON.stringify(record.template), sha256: record.sha256 } : {}),
      savedAt: record.savedAt,
      ...(record.keyId ? { keyId: record.keyId } : {}),
    });
  }

  async highestClaimedVersion(agencyId: string, year: number): Promise<number> {
    const item = await this.last(agencyId, versionPrefix(year));
    return item ? Number(String(item.SK).slice(versionPrefix(year).length)) : 0;
  }

  claimVersion(agencyId: string, year: number, version: number, at: string): Promise<boolean> {
    return this.putNew({ PK: pk(agencyId), SK: `${versionPrefix(year)}${padded(version)}`, claimedAt: at });
  }

  async getPublication(agencyId: string, year: number): Promise<PublicationRecord | undefined> {
    const { Item } = await this.db.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: pk(agencyId), SK: `PUBLISHED#${year}` },
        ConsistentRead: true,
      }),
    );
    return Item ? toPublication(agencyId, year, Item) : undefined;
  }

  async listPublications(year: number): Promise<PublicationRecord[]> {
    const listed = await queryAll(this.db, this.tableName, listingPk(year), { projection: 'agencyId' });
    const agencyIds = listed.map((item) => String(item.agencyId));
    const items = await batchGetAll(
      this.db,
      this.tableName,
      agencyIds.map((agencyId) => ({ PK: pk(agencyId), SK: `PUBLISHED#${year}` })),
    );
    return items
      .map((item) => toPublication(String(item.PK).slice('REPORT#'.length), year, item))
      .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
  }

  putCorrection(
    agencyId: string,
    year: number,
    correction: CorrectionRecord,
    expectedCount: number,
  ): Promise<boolean> {
    // The list must still have the length read: a correction decided on an older current version loses.
    const guard =
      expectedCount === 0
        ? 'attribute_exists(PK) AND attribute_not_exists(corrections)'
        : 'size(corrections) = :count';
    return conditional(() =>
      this.db.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: pk(agencyId), SK: `PUBLISHED#${year}` },
          UpdateExpression: 'SET corrections = list_append(if_not_exists(corrections, :none), :added)',
          ConditionExpression: guard,
          ExpressionAttributeValues: {
            ':none': [],
            ':added': [{ ...correction, watermark: { ...correction.watermark } }],
            ...(expectedCount === 0 ? {} : { ':count': expectedCount }),
          },
        }),
      ),
    );
  }

  async putPublication(record: PublicationRecord): Promise<boolean> {
    const { agencyId, year, ...rest } = record;
    // The listing item first (a plain put: it says only where to look), so that no publication is unlisted.
    await this.db.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: listingPk(year), SK: agencyId, agencyId, year },
      }),
    );
    return this.putNew({
      PK: pk(agencyId),
      SK: `PUBLISHED#${year}`,
      ...rest,
      watermark: { ...rest.watermark },
    });
  }
}
