import { randomBytes } from 'node:crypto';
import {
  decrypt,
  DecryptionError,
  deriveKey,
  encrypt,
  SealedKeyError,
} from '../../platform/crypto/index.ts';
import { CHAIN_KEY_BYTES, ChainKey } from './audit.chain.ts';

/** HKDF info of the key that seals the chain keys: distinct from every other use of MASTER_KEY. */
const SEALING_PURPOSE = 'monassurance audit chain v2';

const sealingAad = (version: number) => `audit-chain-key:${version}`;

/** Keys opened in this process, by their sealed text: an append finds its key from the row it reads. */
const opened = new Map<string, ChainKey>();

/** A new random chain key (see ChainKey: every byte below 0x80). */
export function newChainKey(): ChainKey {
  const bytes = randomBytes(CHAIN_KEY_BYTES);
  for (const [i, b] of bytes.entries()) bytes[i] = b & 0x7f;
  return new ChainKey(bytes);
}

export function sealChainKey(masterKey: Buffer, version: number, key: ChainKey): string {
  return encrypt(deriveKey(masterKey, SEALING_PURPOSE), key.bytes, sealingAad(version));
}

/**
 * Opens a sealed chain key and remembers it for the appends of this process. A master key that
 * does not open it is named as the likely cause.
 */
export function openChainKey(masterKey: Buffer, version: number, sealed: string): ChainKey {
  // Opened every time, never served from `opened`: another master key must fail here.
  let bytes: Buffer;
  try {
    bytes = decrypt(deriveKey(masterKey, SEALING_PURPOSE), sealed, sealingAad(version));
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    // SealedKeyError: at run time a 503 naming the master key, never a 500.
    throw new SealedKeyError(
      `The audit chain key version ${version} does not open with this MASTER_KEY: the master key ` +
        'is not the one the data was sealed with, or the row was altered.',
      { cause: error },
    );
  }
  const key = new ChainKey(bytes);
  opened.set(sealed, key);
  return key;
}

/** The opened key of a sealed text read from the database, if this process opened it. */
export function rememberedChainKey(sealed: string): ChainKey | undefined {
  return opened.get(sealed);
}

/** Re-seals a chain key under another master key (rotate-master-key). */
export function resealChainKey(
  oldMasterKey: Buffer,
  newMasterKey: Buffer,
  version: number,
  sealed: string,
): string {
  return sealChainKey(newMasterKey, version, openChainKey(oldMasterKey, version, sealed));
}

/**
 * The database holds audit chains keyed with a chain key (a `rekey` checkpoint, in the database
 * or in the object store) but no chain key: it was deleted. Making a new one would accept a
 * rewritten chain, so the process refuses to start.
 */
export class AuditChainKeyMissingError extends Error {
  override name = 'AuditChainKeyMissingError';
  constructor() {
    super(
      'The audit chain key is missing from the database (table audit_chain_keys) although the ' +
        'audit chains were keyed with it (a signed `rekey` checkpoint exists): restore the row ' +
        'from a backup. If the database was reset on purpose, also remove the objects under ' +
        '`audit-checkpoints/` of the file store.',
    );
  }
}
