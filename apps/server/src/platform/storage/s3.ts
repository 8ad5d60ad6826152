import type * as S3 from '@aws-sdk/client-s3';
import type { StorageConfig } from '../../config.ts';
import {
  assertObjectKey,
  assertObjectPrefix,
  ObjectNotFoundError,
  type ObjectStore,
} from './object-store.ts';
import { errnoCode, mapStorageErrors } from './storage-errors.ts';

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

/** No room left: MinIO's full disks (507), a bucket or account quota (MinIO, Ceph RGW). */
const FULL_CODES = new Set([
  'XMinioStorageFull',
  'XMinioAdminBucketQuotaExceeded',
  'QuotaExceeded',
  'InsufficientStorage',
]);
/** The service cannot be reached, or answers that it cannot serve now. */
const DOWN_CODES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/**
 * The operator's configuration is refused (credentials, bucket, permissions): for the client the
 * store is as unavailable as when it is down; the log says which.
 */
const REFUSED_CODES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'NoSuchBucket',
  'CredentialsProviderError',
]);

/**
 * The S3 SDK's failures that are the store's state, not the request's: after the SDK's own
 * retries, a full store is 507, and a store down, overloaded or refusing our credentials is 503.
 */
function classifyS3Error(error: unknown): 'full' | 'unavailable' | undefined {
  const { name, Code, $metadata } = (error ?? {}) as {
    name?: unknown;
    Code?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const codes = [name, Code, errnoCode(error)].filter((c): c is string => typeof c === 'string');
  const status = $metadata?.httpStatusCode;
  if (status === 507 || codes.some((c) => FULL_CODES.has(c))) return 'full';
  if (codes.some((c) => DOWN_CODES.has(c) || REFUSED_CODES.has(c))) return 'unavailable';
  if (status !== undefined && (status >= 500 || status === 403)) return 'unavailable';
  return undefined;
}

const guarded = <T>(operation: () => Promise<T>) => mapStorageErrors(classifyS3Error, operation);

/**
 * Objects in one bucket of an S3-compatible service (AWS, MinIO, Garage, …). The client and its
 * credentials stay inside the closure: nothing here logs or returns them.
 */
export function createS3Store(config: S3StorageConfig, options: S3StoreOptions = {}): ObjectStore {
  const { bucket } = config;
  // The SDK is loaded on the first call, not at start-up: importing it costs about a second to
  // every process, S3 configured or not (this module is imported with the storage drivers).
  let connection: Promise<{ sdk: typeof S3; client: S3.S3Client }> | undefined;
  const newClient = (sdk: typeof S3) =>
    new sdk.S3Client({
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
  const connect = () =>
    (connection ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: newClient(sdk) })));

  return {
    driver: 's3',

    async put(key, body) {
      assertObjectKey(key);
      const { sdk, client } = await connect();
      await guarded(() =>
        client.send(
          new sdk.PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentLength: body.length,
            ContentType: 'application/octet-stream',
          }),
        ),
      );
    },

    async get(key) {
      assertObjectKey(key);
      const { sdk, client } = await connect();
      return guarded(async () => {
        try {
          const response = await client.send(
            new sdk.GetObjectCommand({ Bucket: bucket, Key: key }),
          );
          // An empty object may come back without a body stream.
          if (!response.Body) return Buffer.alloc(0);
          const bytes = await response.Body.transformToByteArray();
          return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        } catch (error) {
          if (isNotFound(error)) throw new ObjectNotFoundError(key, { cause: error });
          throw error;
        }
      });
    },

    async exists(key) {
      assertObjectKey(key);
      const { sdk, client } = await connect();
      return guarded(async () => {
        try {
          await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
          return true;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      });
    },

    async delete(key) {
      assertObjectKey(key);
      const { sdk, client } = await connect();
      // S3 answers 204 for a missing key too.
      await guarded(() => client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key })));
    },

    async *list(prefix = '') {
      assertObjectPrefix(prefix);
      const { sdk, client } = await connect();
      let continuationToken: string | undefined;
      do {
        const page = await guarded(() =>
          client.send(
            new sdk.ListObjectsV2Command({
              Bucket: bucket,
              ...(prefix ? { Prefix: prefix } : {}),
              ...(options.listPageSize ? { MaxKeys: options.listPageSize } : {}),
              ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
            }),
          ),
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
      const { sdk, client } = await connect();
      await guarded(() => client.send(new sdk.HeadBucketCommand({ Bucket: bucket })));
    },

    async close() {
      // A store never used has no client to close.
      if (connection) (await connection).client.destroy();
    },
  };
}
