import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { StorageConfig } from '../../config.ts';
import {
  assertObjectKey,
  assertObjectPrefix,
  ObjectNotFoundError,
  type ObjectStore,
} from './object-store.ts';

export type S3StorageConfig = Extract<StorageConfig, { driver: 's3' }>;

export interface S3StoreOptions {
  /** Keys asked per ListObjectsV2 page (S3's maximum and default: 1000); tests lower it. */
  listPageSize?: number;
}

/** A missing object, as GetObject (`NoSuchKey`) or HeadObject (bare 404, `NotFound`) reports it. */
function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  // A missing bucket is a configuration error, not a missing object.
  return name !== 'NoSuchBucket' && $metadata?.httpStatusCode === 404;
}

/**
 * Objects in one bucket of an S3-compatible service (AWS, MinIO, Garage, …). The client and its
 * credentials stay inside the closure: nothing here logs or returns them.
 */
export function createS3Store(config: S3StorageConfig, options: S3StoreOptions = {}): ObjectStore {
  const { bucket } = config;
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    // Without both keys the SDK's default chain (environment, instance role, …) applies.
    ...(config.accessKeyId && config.secretAccessKey
      ? {
          credentials: {
            accessKeyId: config.accessKeyId,
            secretAccessKey: config.secretAccessKey,
          },
        }
      : {}),
    // Since SDK 3.729 uploads default to aws-chunked bodies with trailing CRC checksums; servers
    // that do not decode them (MinIO versions, s3rver, …) store the chunk framing as the object.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    driver: 's3',

    async put(key, body) {
      assertObjectKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: 'application/octet-stream',
        }),
      );
    },

    async get(key) {
      assertObjectKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // An empty object may come back without a body stream.
        if (!response.Body) return Buffer.alloc(0);
        const bytes = await response.Body.transformToByteArray();
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if (isNotFound(error)) throw new ObjectNotFoundError(key, { cause: error });
        throw error;
      }
    },

    async exists(key) {
      assertObjectKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    async delete(key) {
      assertObjectKey(key);
      // S3 answers 204 for a missing key too.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async *list(prefix = '') {
      assertObjectPrefix(prefix);
      let continuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            ...(prefix ? { Prefix: prefix } : {}),
            ...(options.listPageSize ? { MaxKeys: options.listPageSize } : {}),
            ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) {
            yield {
              key: object.Key,
              size: object.Size ?? 0,
              ...(object.LastModified ? { modifiedAt: object.LastModified } : {}),
            };
          }
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },

    async close() {
      client.destroy();
    },
  };
}
