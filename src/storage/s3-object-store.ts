import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { ObjectNotFoundError } from './object-store.js';
import type { ConditionalObjectStore, GetResult, ListOptions, ObjectInfo, PutOptions, PutResult } from './object-store.js';

/**
 * An {@link ObjectStore} over one S3 bucket. The client is injected so callers choose region,
 * credentials and endpoint (tests point it at s3rver). ETags are returned without S3's quotes, so
 * they compare equal to {@link LocalObjectStore}'s md5 hex for single-part uploads.
 */
export class S3ObjectStore implements ConditionalObjectStore {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {
    this.description = `s3://${bucket}`;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const response = await this.client.send(putObject(this.bucket, key, body, options));
    return { etag: unquote(response.ETag) };
  }

  /** PutObject with `If-None-Match: *` (S3 conditional writes, since August 2024). */
  async putIfAbsent(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<PutResult | undefined> {
    return this.conditionalPut(key, body, options, { IfNoneMatch: '*' });
  }

  /** PutObject with `If-Match: "<etag>"` (S3 conditional writes, since November 2024). */
  async putIfMatch(key: string, body: Uint8Array | string, etag: string, options: PutOptions = {}): Promise<PutResult | undefined> {
    return this.conditionalPut(key, body, options, { IfMatch: `"${etag}"` });
  }

  private async conditionalPut(
    key: string,
    body: Uint8Array | string,
    options: PutOptions,
    condition: { IfNoneMatch: string } | { IfMatch: string },
  ): Promise<PutResult | undefined> {
    try {
      const response = await this.client.send(putObject(this.bucket, key, body, options, condition));
      return { etag: unquote(response.ETag) };
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<GetResult> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (response.Body === undefined) return { body: new Uint8Array(0), etag: unquote(response.ETag) };
      return { body: await response.Body.transformToByteArray(), etag: unquote(response.ETag) };
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key, this.description);
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: response.ContentLength ?? 0,
        etag: unquote(response.ETag),
        lastModified: response.LastModified ?? new Date(0),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ObjectInfo> {
    let continuationToken: string | undefined;
    do {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(options.startAfter === undefined || continuationToken !== undefined ? {} : { StartAfter: options.startAfter }),
          ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
        }),
      );
      for (const object of response.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          key: object.Key,
          size: object.Size ?? 0,
          etag: unquote(object.ETag),
          lastModified: object.LastModified ?? new Date(0),
        };
      }
      continuationToken = response.IsTruncated ? response.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a missing key too, which is exactly the interface's contract.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function unquote(etag: string | undefined): string {
  if (etag === undefined) return '';
  return etag.startsWith('"') && etag.endsWith('"') && etag.length >= 2 ? etag.slice(1, -1) : etag;
}

/** GetObject reports `NoSuchKey`; HeadObject has no body, so only `NotFound` / a bare 404. */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'NoSuchKey' || error.name === 'NotFound') return true;
  // A missing bucket is a configuration error, not a missing object: let it surface.
  if (error.name === 'NoSuchBucket') return false;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode === 404;
}

/**
 * 412 Precondition Failed (the condition does not hold), 409 ConditionalRequestConflict (a
 * concurrent conditional write to the same key won), and for If-Match a 404 (the key is gone).
 */
function isConditionFailed(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'PreconditionFailed' || error.name === 'ConditionalRequestConflict' || error.name === 'NoSuchKey') return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 412 || status === 409 || status === 404;
}

/** One PutObject request, optionally conditional (S3 conditional writes). */
function putObject(
  bucket: string,
  key: string,
  body: Uint8Array | string,
  options: PutOptions,
  condition: { IfNoneMatch: string } | { IfMatch: string } | Record<string, never> = {},
): PutObjectCommand {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new PutObjectCommand({
    Bucket: bucket,
    Key: key,
    Body: bytes,
    ContentLength: bytes.byteLength,
    ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
    ...condition,
  });
}
