/**
 * The artifact store over S3 (the artifacts bucket), through the one client factory's S3 client: path-style
 * on s3rver, the SDK's own endpoint on AWS. Presigned links are signed by the same client, so on the
 * emulator they point at s3rver and download from it.
 *
 * Never overwriting: `putIfAbsent` sends PutObject with `If-None-Match: *` (S3 conditional writes: 412
 * PreconditionFailed, or 409 ConditionalRequestConflict under a race, when the key exists). s3rver 3.7
 * ignores that header on PUT, so the object is first looked up with HeadObject and the write skipped when
 * it exists. On AWS the HEAD is redundant and the condition decides; on s3rver a write racing between the
 * HEAD and the PUT could still overwrite — the generate use case never races itself on a key because it
 * claims each version number in DynamoDB first (conditional put), so this only matters to other writers.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ArtifactObject, ArtifactStore, PresignOptions } from '../ports.ts';

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException && error.$metadata?.httpStatusCode === 404);

const isConditionFailure = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'PreconditionFailed' ||
    error.name === 'ConditionalRequestConflict' ||
    error.$metadata?.httpStatusCode === 412);

export class S3ArtifactStore implements ArtifactStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putIfAbsent(
    key: string,
    body: Uint8Array,
    options: Parameters<ArtifactStore['putIfAbsent']>[2],
  ): Promise<boolean> {
    if (await this.head(key)) return false;
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.byteLength,
          ContentType: options.contentType,
          ...(options.cacheControl ? { CacheControl: options.cacheControl } : {}),
          IfNoneMatch: '*',
        }),
      );
      // Tags in a call of their own (s3rver ignores the x-amz-tagging header): a crash just before
      // leaves a draft object untagged, which only means the lifecycle keeps it.
      if (options.tags) {
        await this.s3.send(
          new PutObjectTaggingCommand({
            Bucket: this.bucket,
            Key: key,
            Tagging: { TagSet: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) },
          }),
        );
      }
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const answer = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async head(key: string): Promise<{ readonly size: number } | undefined> {
    try {
      const answer = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<ArtifactObject[]> {
    const out: ArtifactObject[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        out.push({
          key: object.Key,
          size: object.Size ?? 0,
          ...(object.LastModified ? { lastModified: object.LastModified.toISOString() } : {}),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  presignGet(key: string, options: PresignOptions): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(options.contentDisposition ? { ResponseContentDisposition: options.contentDisposition } : {}),
      ...(options.contentType ? { ResponseContentType: options.contentType } : {}),
    });
    return getSignedUrl(this.s3, command, {
      expiresIn: options.expiresInSeconds,
      ...(options.signedAt ? { signingDate: options.signedAt } : {}),
    });
  }
}
