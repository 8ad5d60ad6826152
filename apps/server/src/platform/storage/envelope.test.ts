import { createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecryptionError } from '../crypto/index.ts';
import {
  ENVELOPE_OVERHEAD,
  objectAad,
  openObject,
  readKeyVersion,
  sealObject,
} from './envelope.ts';

const AAD = objectAad('8d1c2f4e-0000-4000-8000-000000000001', 'org/docs/a.pdf');
/** Every version opens with the same key: only the header's authentication can catch a change. */
const anyVersion = (key: Buffer) => async () => key;

describe('sealObject / openObject', () => {
  it('round-trips empty, small and large plaintexts', async () => {
    const key = randomBytes(32);
    for (const plaintext of [Buffer.alloc(0), Buffer.from('x'), randomBytes(1024 * 1024)]) {
      const sealed = sealObject(key, 1, AAD, plaintext);
      expect(sealed).toHaveLength(plaintext.length + ENVELOPE_OVERHEAD);
      expect((await openObject(anyVersion(key), AAD, sealed)).equals(plaintext)).toBe(true);
    }
  });

  it('writes MAE1, the key version, a 12-byte nonce, then standard AES-256-GCM', () => {
    const key = randomBytes(32);
    const sealed = sealObject(key, 0x01020304, AAD, Buffer.from('contrat'));
    expect(sealed.subarray(0, 4).toString('ascii')).toBe('MAE1');
    expect([...sealed.subarray(4, 8)]).toEqual([1, 2, 3, 4]);
    expect(readKeyVersion(sealed)).toBe(0x01020304);
    expect(ENVELOPE_OVERHEAD).toBe(4 + 4 + 12 + 16);
    // Readable by any AES-GCM implementation given the documented additional data.
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(8, 20));
    decipher.setAAD(Buffer.concat([sealed.subarray(0, 8), Buffer.from(AAD)]));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plaintext = Buffer.concat([
      decipher.update(sealed.subarray(20, sealed.length - 16)),
      decipher.final(),
    ]);
    expect(plaintext.toString()).toBe('contrat');
  });

  it('uses a fresh nonce each time', () => {
    const key = randomBytes(32);
    const nonces = Array.from({ length: 50 }, () =>
      sealObject(key, 1, AAD, Buffer.from('same')).subarray(8, 20).toString('hex'),
    );
    expect(new Set(nonces).size).toBe(50);
  });

  it('asks for the key of the version in the header', async () => {
    const keys = new Map([
      [1, randomBytes(32)],
      [7, randomBytes(32)],
    ]);
    const asked: number[] = [];
    const lookup = async (version: number) => {
      asked.push(version);
      return keys.get(version)!;
    };
    const sealed = sealObject(keys.get(7)!, 7, AAD, Buffer.from('v7'));
    expect((await openObject(lookup, AAD, sealed)).toString()).toBe('v7');
    expect(asked).toEqual([7]);
  });

  it('refuses every single changed byte, header included', async () => {
    const key = randomBytes(32);
    const sealed = sealObject(key, 3, AAD, randomBytes(64));
    for (let at = 0; at < sealed.length; at++) {
      const tampered = Buffer.from(sealed);
      tampered[at] = tampered[at]! ^ 0x01;
      await expect(openObject(anyVersion(key), AAD, tampered), `byte ${at}`).rejects.toBeInstanceOf(
        DecryptionError,
      );
    }
  });

  it('refuses every truncation and anything appended', async () => {
    const key = randomBytes(32);
    const sealed = sealObject(key, 1, AAD, randomBytes(40));
    for (let length = 0; length < sealed.length; length++) {
      await expect(
        openObject(anyVersion(key), AAD, sealed.subarray(0, length)),
        `${length} bytes`,
      ).rejects.toBeInstanceOf(DecryptionError);
    }
    await expect(
      openObject(anyVersion(key), AAD, Buffer.concat([sealed, Buffer.from([0])])),
    ).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses another aad (object key or cabinet) and another key', async () => {
    const key = randomBytes(32);
    const sealed = sealObject(key, 1, AAD, Buffer.from('secret'));
    for (const aad of [
      objectAad('8d1c2f4e-0000-4000-8000-000000000002', 'org/docs/a.pdf'),
      objectAad('8d1c2f4e-0000-4000-8000-000000000001', 'org/docs/b.pdf'),
      '',
    ]) {
      await expect(openObject(anyVersion(key), aad, sealed)).rejects.toBeInstanceOf(
        DecryptionError,
      );
    }
    await expect(openObject(anyVersion(randomBytes(32)), AAD, sealed)).rejects.toThrow(
      /does not open/,
    );
  });

  it('refuses what is not an envelope before asking for a key', async () => {
    let asked = false;
    const lookup = async () => {
      asked = true;
      return randomBytes(32);
    };
    const plain = Buffer.alloc(100, 'a');
    const versionZero = sealObject(randomBytes(32), 1, AAD, plain);
    versionZero.writeUInt32BE(0, 4);
    for (const bytes of [plain, Buffer.concat([Buffer.from('MAE2'), plain]), versionZero]) {
      await expect(openObject(lookup, AAD, bytes)).rejects.toBeInstanceOf(DecryptionError);
      expect(() => readKeyVersion(bytes)).toThrow(DecryptionError);
    }
    expect(asked).toBe(false);
  });

  it('passes key lookup failures through, and refuses a wrong-sized key as a wiring bug', async () => {
    const sealed = sealObject(randomBytes(32), 2, AAD, Buffer.from('x'));
    const missing = new Error('no key v2');
    await expect(openObject(() => Promise.reject(missing), AAD, sealed)).rejects.toBe(missing);
    await expect(openObject(async () => randomBytes(16), AAD, sealed)).rejects.toBeInstanceOf(
      RangeError,
    );
  });

  it('refuses to seal with a wrong-sized key or an invalid version', () => {
    expect(() => sealObject(randomBytes(31), 1, AAD, Buffer.alloc(1))).toThrow(RangeError);
    for (const version of [0, -1, 1.5, 2 ** 32, Number.NaN]) {
      expect(() => sealObject(randomBytes(32), version, AAD, Buffer.alloc(1))).toThrow(RangeError);
    }
    expect(readKeyVersion(sealObject(randomBytes(32), 2 ** 32 - 1, AAD, Buffer.alloc(1)))).toBe(
      2 ** 32 - 1,
    );
  });

  it('round-trips any plaintext, version and aad, and opens under no other aad', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.integer({ min: 1, max: 2 ** 32 - 1 }),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        async (bytes, version, aad, otherAad) => {
          const key = randomBytes(32);
          const plaintext = Buffer.from(bytes);
          const sealed = sealObject(key, version, aad, plaintext);
          expect(readKeyVersion(sealed)).toBe(version);
          expect((await openObject(anyVersion(key), aad, sealed)).equals(plaintext)).toBe(true);
          // Distinct strings can share a UTF-8 encoding (lone surrogates): compare bytes.
          if (!Buffer.from(otherAad).equals(Buffer.from(aad))) {
            await expect(openObject(anyVersion(key), otherAad, sealed)).rejects.toBeInstanceOf(
              DecryptionError,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
