import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError } from '../crypto/index.ts';

/**
 * The bytes of an encrypted object:
 *
 * | bytes | content                                   |
 * |-------|-------------------------------------------|
 * | 4     | magic `MAE1` (MONASSURANCE encrypted, v1) |
 * | 4     | data key version, uint32 big-endian       |
 * | 12    | random nonce                              |
 * | n     | AES-256-GCM ciphertext                    |
 * | 16    | GCM tag                                   |
 *
 * The GCM additional data is the 8 header bytes followed by the UTF-8 `aad`
 * (`object:<organizationId>:<objectKey>`): the header cannot be altered, and an object copied
 * under another key or cabinet does not open.
 */
const MAGIC = Buffer.from('MAE1', 'ascii');
const HEADER_BYTES = MAGIC.length + 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const MAX_VERSION = 0xffffffff;

/** Bytes an envelope adds to the plaintext. */
export const ENVELOPE_OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

/** The aad binding an object to its cabinet and key. */
export function objectAad(organizationId: string, objectKey: string): string {
  return `object:${organizationId}:${objectKey}`;
}

function assertDataKey(key: Buffer): void {
  // A short key is a wiring bug, not a corrupt object.
  if (key.length !== KEY_BYTES) {
    throw new RangeError(`A data key must be ${KEY_BYTES} bytes, got ${key.length}.`);
  }
}

function additionalData(header: Buffer, aad: string): Buffer {
  return Buffer.concat([header, Buffer.from(aad, 'utf8')]);
}

/** Encrypts `plaintext` with a cabinet's data key of version `keyVersion` (1, 2, …). */
export function sealObject(
  dataKey: Buffer,
  keyVersion: number,
  aad: string,
  plaintext: Buffer,
): Buffer {
  assertDataKey(dataKey);
  if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion > MAX_VERSION) {
    throw new RangeError(`A key version is a whole number from 1, got ${keyVersion}.`);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32BE(keyVersion, MAGIC.length);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(header, aad));
  return Buffer.concat([
    header,
    nonce,
    cipher.update(plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
}

/** The data key version an envelope was sealed with; `DecryptionError` when it is not one. */
export function readKeyVersion(sealed: Buffer): number {
  if (sealed.length < ENVELOPE_OVERHEAD || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DecryptionError('Not an encrypted object (MAE1).');
  }
  const version = sealed.readUInt32BE(MAGIC.length);
  if (version < 1) throw new DecryptionError('Not an encrypted object (MAE1).');
  return version;
}

/**
 * Decrypts an envelope, fetching the data key of the version its header names. Tampered,
 * truncated or foreign bytes, a wrong key or a wrong aad all give `DecryptionError`; errors of
 * `lookupKey` (no such version, database down) pass through.
 */
export async function openObject(
  lookupKey: (version: number) => Promise<Buffer>,
  aad: string,
  sealed: Buffer,
): Promise<Buffer> {
  const version = readKeyVersion(sealed);
  const key = await lookupKey(version);
  assertDataKey(key);
  const header = sealed.subarray(0, HEADER_BYTES);
  const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(header, aad));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(HEADER_BYTES + NONCE_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (error) {
    throw new DecryptionError('The object does not open with this key and purpose.', {
      cause: error,
    });
  }
}
