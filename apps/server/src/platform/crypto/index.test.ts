import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  decrypt,
  deriveKey,
  encrypt,
  hmac,
  randomToken,
  safeEqual,
  sha256Hex,
} from './index.ts';

const key = () => randomBytes(32);

/** Changes one base64url character of the given part so that the decoded bytes change. */
function flipCharacter(sealed: string, part: 1 | 2, at: number): string {
  const parts = sealed.split('.');
  const text = parts[part]!;
  const bytes = Buffer.from(text, 'base64url');
  bytes[at] = bytes[at]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('encrypt / decrypt', () => {
  it('round-trips text and binary, including the empty value', () => {
    const k = key();
    const binary = randomBytes(1000);
    expect(
      decrypt(k, encrypt(k, 'clé privée 🔑', 'signing-key:k1'), 'signing-key:k1').toString(),
    ).toBe('clé privée 🔑');
    expect(decrypt(k, encrypt(k, binary, 'blob'), 'blob').equals(binary)).toBe(true);
    expect(decrypt(k, encrypt(k, '', 'empty'), 'empty').length).toBe(0);
  });

  it('writes v1.<12-byte nonce>.<ciphertext + 16-byte tag> in base64url', () => {
    const sealed = encrypt(key(), 'hello', 'aad');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [, nonce, body] = sealed.split('.');
    expect(Buffer.from(nonce!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(body!, 'base64url')).toHaveLength('hello'.length + 16);
  });

  it('uses a fresh nonce each time, so equal plaintexts do not look equal', () => {
    const k = key();
    const sealed = Array.from({ length: 50 }, () => encrypt(k, 'same', 'aad'));
    expect(new Set(sealed).size).toBe(50);
    expect(new Set(sealed.map((s) => s.split('.')[1])).size).toBe(50);
  });

  it('is standard AES-256-GCM, readable by any implementation given the nonce and aad', () => {
    const k = key();
    const sealed = encrypt(k, 'interop', 'purpose');
    const nonce = Buffer.from(sealed.split('.')[1]!, 'base64url');
    const cipher = createCipheriv('aes-256-gcm', k, nonce).setAAD(Buffer.from('purpose'));
    const expected = Buffer.concat([cipher.update('interop'), cipher.final(), cipher.getAuthTag()]);
    expect(sealed.split('.')[2]).toBe(expected.toString('base64url'));
  });

  it('refuses a flipped byte anywhere in the nonce, ciphertext or tag', () => {
    const k = key();
    const sealed = encrypt(k, 'sixteen bytes!!!', 'aad');
    const bodyLength = Buffer.from(sealed.split('.')[2]!, 'base64url').length;
    for (let at = 0; at < 12; at++) {
      expect(() => decrypt(k, flipCharacter(sealed, 1, at), 'aad')).toThrow(DecryptionError);
    }
    for (let at = 0; at < bodyLength; at++) {
      expect(() => decrypt(k, flipCharacter(sealed, 2, at), 'aad')).toThrow(DecryptionError);
    }
  });

  it('refuses the wrong key and the wrong aad', () => {
    const k = key();
    const sealed = encrypt(k, 'secret', 'signing-key:k1');
    expect(() => decrypt(key(), sealed, 'signing-key:k1')).toThrow(DecryptionError);
    expect(() => decrypt(k, sealed, 'signing-key:k2')).toThrow(DecryptionError);
    expect(() => decrypt(k, sealed, '')).toThrow(DecryptionError);
  });

  it('refuses truncated, extended and malformed values', () => {
    const k = key();
    const sealed = encrypt(k, 'secret', 'aad');
    const [version, nonce, body] = sealed.split('.') as [string, string, string];
    const malformed = [
      '',
      'v1',
      `v2.${nonce}.${body}`,
      `${version}.${nonce}`,
      `${sealed}.extra`,
      `${version}.${nonce}.${body.slice(0, -2)}`,
      `${version}.${nonce.slice(0, -1)}.${body}`,
      `${version}.${nonce}.${body.slice(0, 10)}`,
      `${version}.${nonce}.`,
      `${version}.${nonce}.${body}=`,
      `${version}.${nonce}.${body.replace(/^./, '+')}`,
      `${version}.${nonce}.${body.slice(0, 4)}*${body.slice(4)}`,
    ];
    for (const value of malformed) {
      expect(() => decrypt(k, value, 'aad'), value).toThrow(DecryptionError);
    }
  });

  it('refuses a non-canonical spelling of the same bytes', () => {
    const k = key();
    // 'h' + tag = 17 bytes, whose base64url ends in a character carrying 2 unused bits.
    const sealed = encrypt(k, 'h', 'aad');
    const [version, nonce, body] = sealed.split('.') as [string, string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(body.at(-1)!);
    const variant = `${body.slice(0, -1)}${alphabet[last ^ 0b0001]}`;
    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(body, 'base64url'))).toBe(true);
    expect(() => decrypt(k, `${version}.${nonce}.${variant}`, 'aad')).toThrow(DecryptionError);
  });

  it('rejects keys that are not 32 bytes as a programming error', () => {
    expect(() => encrypt(randomBytes(16), 'x', 'aad')).toThrow(RangeError);
    expect(() => decrypt(randomBytes(31), encrypt(key(), 'x', 'aad'), 'aad')).toThrow(RangeError);
  });
});

describe('deriveKey', () => {
  it('gives a stable 32-byte key per purpose and master key', () => {
    const master = key();
    const a = deriveKey(master, 'signing-keys');
    expect(a).toHaveLength(32);
    expect(deriveKey(Buffer.from(master), 'signing-keys').equals(a)).toBe(true);
    expect(deriveKey(master, 'refresh-chain').equals(a)).toBe(false);
    expect(deriveKey(key(), 'signing-keys').equals(a)).toBe(false);
    expect(a.equals(master)).toBe(false);
  });

  it('is HKDF-SHA256 with an empty salt and the purpose as info', () => {
    // Computed by hand from RFC 5869 so that a change of construction, which would orphan every
    // sealed value, fails here rather than in production.
    const master = Buffer.alloc(32, 0x0b);
    const prk = createHmac('sha256', Buffer.alloc(32)).update(master).digest();
    const okm = createHmac('sha256', prk)
      .update(Buffer.concat([Buffer.from('purpose'), Buffer.from([1])]))
      .digest();
    expect(deriveKey(master, 'purpose').equals(okm)).toBe(true);
  });

  it('keys sealed under one purpose do not open under another', () => {
    const master = key();
    const sealed = encrypt(deriveKey(master, 'signing-keys'), 'pem', 'signing-key:k1');
    expect(() => decrypt(deriveKey(master, 'other'), sealed, 'signing-key:k1')).toThrow(
      DecryptionError,
    );
  });

  it('refuses a master key that is not 32 bytes and an empty purpose', () => {
    expect(() => deriveKey(randomBytes(16), 'x')).toThrow(RangeError);
    expect(() => deriveKey(key(), '')).toThrow(RangeError);
  });
});

describe('randomToken', () => {
  it('encodes 32 random bytes by default as 43 base64url characters', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('honours the byte count', () => {
    expect(Buffer.from(randomToken(12), 'base64url')).toHaveLength(12);
    expect(randomToken(12)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(Buffer.from(randomToken(64), 'base64url')).toHaveLength(64);
  });

  it('does not repeat and uses the whole alphabet', () => {
    const tokens = Array.from({ length: 2000 }, () => randomToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    // 86,000 characters over 64 symbols: every symbol shows up unless the source is broken.
    expect(new Set(tokens.join('')).size).toBe(64);
  });

  it('refuses a count that is not a positive whole number', () => {
    for (const bytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => randomToken(bytes)).toThrow(RangeError);
    }
  });
});

describe('sha256Hex and hmac', () => {
  it('sha256Hex matches the FIPS 180-2 test vector and hashes UTF-8', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });

  it('hmac matches RFC 4231 test case 2 in base64url', () => {
    const expected = Buffer.from(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      'hex',
    ).toString('base64url');
    expect(hmac(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe(expected);
  });

  it('hmac depends on the key and the value', () => {
    const k = key();
    expect(hmac(k, 'token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hmac(k, 'token')).toBe(hmac(Buffer.from(k), 'token'));
    expect(hmac(k, 'token')).not.toBe(hmac(key(), 'token'));
    expect(hmac(k, 'token')).not.toBe(hmac(k, 'token2'));
  });
});

describe('safeEqual', () => {
  it('compares strings of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
    expect(safeEqual('é', 'e\u0301')).toBe(false);
    const token = randomToken();
    expect(safeEqual(token, token.slice())).toBe(true);
    expect(safeEqual(token, token.slice(0, -1))).toBe(false);
  });
});
