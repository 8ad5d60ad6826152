import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const KEY_BYTES = 32;
// 96 bits is the nonce size GCM is specified for; other sizes go through an extra GHASH step.
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_VERSION = 'v1';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A sealed value could not be opened: tampered, wrong key, wrong purpose or not a sealed value. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/**
 * A key sealed under MASTER_KEY (signing key, storage data key) does not open with this process's
 * master key: an operations fault, not bad input, so the API answers 503 and logs this message,
 * never a 500 (platform/errors.ts). Start-up refuses such a key first (see master-key-check.ts).
 */
export class SealedKeyError extends DecryptionError {
  override name = 'SealedKeyError';
}

function assertKey(key: Buffer, what: string): void {
  // A short key is a wiring bug, not bad input: fail loudly rather than as a DecryptionError.
  if (key.length !== KEY_BYTES) {
    throw new RangeError(`${what} must be ${KEY_BYTES} bytes, got ${key.length}.`);
  }
}

/**
 * AES-256-GCM with a random 96-bit nonce; output is a versioned self-describing string
 * `v1.<base64url nonce>.<base64url ciphertext+tag>`; `aad` binds the ciphertext to its purpose
 * (e.g. `signing-key:<kid>`) so a sealed value copied to another row does not open there.
 * Random nonces keep a key safe for about 2^32 encryptions; derive one key per purpose.
 */
export function encrypt(key: Buffer, plaintext: Buffer | string, aad: string): string {
  assertKey(key, 'The encryption key');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([
    cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${SEALED_VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

// Node's base64url decoder skips characters it does not know; only canonical text is accepted so
// that one sealed value has exactly one spelling.
function decodeCanonical(text: string | undefined): Buffer | undefined {
  if (text === undefined || !BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/** Opens a value sealed by `encrypt` with the same key and aad; throws `DecryptionError` otherwise. */
export function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  assertKey(key, 'The decryption key');
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== SEALED_VERSION) {
    throw new DecryptionError(`Not a ${SEALED_VERSION} sealed value.`);
  }
  const nonce = decodeCanonical(parts[1]);
  const body = decodeCanonical(parts[2]);
  if (nonce?.length !== NONCE_BYTES || body === undefined || body.length < TAG_BYTES) {
    throw new DecryptionError(`Not a ${SEALED_VERSION} sealed value.`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (error) {
    // GCM cannot tell a wrong key from a wrong aad or a tampered byte, and should not try.
    throw new DecryptionError('The sealed value does not open with this key and purpose.', {
      cause: error,
    });
  }
}

/**
 * HKDF-SHA256 to derive a 32-byte purpose key from the master key (32 bytes), so that one leaked
 * or misused purpose key does not expose the others. `purpose` is the HKDF info: changing it, or
 * the master key, changes the key and makes what it sealed unreadable.
 */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  assertKey(masterKey, 'The master key');
  if (purpose === '') throw new RangeError('A key purpose is required.');
  // No salt: the master key is already uniformly random (RFC 5869 §3.1).
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), purpose, KEY_BYTES));
}

/** Opaque random token (base64url) of `bytes` random bytes (default 32 = 256 bits). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1) {
    throw new RangeError(`A token needs a positive whole number of bytes, got ${bytes}.`);
  }
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 hex of a token, for storing tokens hashed: tokens are random and long, so a fast
 * unsalted hash is enough (unlike passwords).
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** HMAC-SHA256 base64url. */
export function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

/**
 * Constant-time string equality. Both sides are hashed first: `timingSafeEqual` needs equal
 * lengths, and comparing lengths directly would leak the secret's length.
 */
export function safeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
