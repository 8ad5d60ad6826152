import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { signingKeys } from '../../db/schema/index.ts';
import {
  decrypt,
  DecryptionError,
  deriveKey,
  encrypt,
  randomToken,
  SealedKeyError,
} from '../../platform/crypto/index.ts';

export const SIGNING_ALGORITHM = 'EdDSA';

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

export interface Jwk extends Record<string, string> {
  kid: string;
  kty: string;
  alg: string;
  use: string;
}

const SEALING_PURPOSE = 'signing-keys';

/** How long an instance keeps using its cached active key after another instance rotated. */
const ACTIVE_KEY_CACHE_MS = 30_000;
/** Unknown kids trigger a reload at most this often, so forged kids cannot hammer the database. */
const RELOAD_MIN_INTERVAL_MS = 2_000;

/**
 * The platform's access-token signing keys (Ed25519). Private keys are stored sealed with a key
 * derived from MASTER_KEY; public keys are cached per instance. After a rotation, a retired key
 * stays published (JWKS) and accepted until every token it may have signed has expired.
 */
export class SigningKeyRing {
  private readonly sealingKey: Buffer;
  private active: { key: ActiveKey; loadedAt: number } | undefined;
  private publicKeys = new Map<string, KeyObject>();
  private lastReload = Number.NEGATIVE_INFINITY;
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    masterKey: Buffer,
    /** Retired keys are kept this long: the access-token lifetime plus the active-key cache. */
    private readonly retentionMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.sealingKey = deriveKey(masterKey, SEALING_PURPOSE);
  }

  /**
   * Re-seals every private key from one master key to another (master key rotation); call it
   * inside the transaction that re-wraps the other keys. Returns how many keys it re-sealed.
   */
  static async resealAll(db: Database, oldMasterKey: Buffer, newMasterKey: Buffer) {
    const oldKey = deriveKey(oldMasterKey, SEALING_PURPOSE);
    const newKey = deriveKey(newMasterKey, SEALING_PURPOSE);
    const rows = await db.select().from(signingKeys).for('update');
    for (const row of rows) {
      const aad = `signing-key:${row.kid}`;
      const pem = openSealed(oldKey, row.kid, row.privateKeySealed);
      await db
        .update(signingKeys)
        .set({ privateKeySealed: encrypt(newKey, pem, aad) })
        .where(eq(signingKeys.kid, row.kid));
    }
    return rows.length;
  }

  /**
   * Which sealed private keys do not open with `masterKey` (the start-up check of the master key,
   * see master-key-check.ts): every row is tried, nothing is cached or written.
   */
  static async unopenedKeys(
    db: Database,
    masterKey: Buffer,
  ): Promise<{ checked: number; unopened: string[] }> {
    const key = deriveKey(masterKey, SEALING_PURPOSE);
    const rows = await db
      .select({ kid: signingKeys.kid, sealed: signingKeys.privateKeySealed })
      .from(signingKeys);
    const unopened = rows.filter((row) => {
      try {
        openSealed(key, row.kid, row.sealed);
        return false;
      } catch (error) {
        if (error instanceof DecryptionError) return true;
        throw error;
      }
    });
    return { checked: rows.length, unopened: unopened.map((row) => `signing key ${row.kid}`) };
  }

  /** Creates the first key on a fresh install; a no-op when one is active. */
  async ensureActiveKey(): Promise<string> {
    const [current] = await this.db
      .select({ kid: signingKeys.kid })
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt));
    if (current) return current.kid;
    try {
      const row = this.newKeyRow();
      await this.db.insert(signingKeys).values(row);
      return row.kid;
    } catch (error) {
      // Another instance created it at the same time (one-active unique index).
      const [winner] = await this.db
        .select({ kid: signingKeys.kid })
        .from(signingKeys)
        .where(isNull(signingKeys.retiredAt));
      if (winner) return winner.kid;
      throw error;
    }
  }

  /** Retires the active key and activates a new one; nobody is logged out. */
  async rotate(): Promise<{ kid: string; retiredKid: string | undefined }> {
    const row = this.newKeyRow();
    const retired = await this.db.transaction(async (tx) => {
      const old = await tx
        .update(signingKeys)
        .set({ retiredAt: new Date(this.clock()) })
        .where(isNull(signingKeys.retiredAt))
        .returning({ kid: signingKeys.kid });
      await tx.insert(signingKeys).values(row);
      return old[0]?.kid;
    });
    // This instance signs and verifies with the new key at once; others pick it up on their own.
    this.active = undefined;
    this.publicKeys.set(row.kid, createPublicKey({ key: row.publicJwk, format: 'jwk' }));
    return { kid: row.kid, retiredKid: retired };
  }

  async activeKey(): Promise<ActiveKey> {
    const now = this.clock();
    if (this.active && now - this.active.loadedAt < ACTIVE_KEY_CACHE_MS) return this.active.key;
    const [row] = await this.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt));
    if (!row) throw new Error('No active signing key: run migrations and start the server once.');
    const pem = openSealed(this.sealingKey, row.kid, row.privateKeySealed);
    const key = { kid: row.kid, privateKey: createPrivateKey(pem) };
    this.active = { key, loadedAt: now };
    return key;
  }

  /**
   * The public key of `kid` if it is still accepted. An unknown kid (another instance rotated)
   * triggers one shared reload, at most every RELOAD_MIN_INTERVAL_MS: a request may wait for the
   * next reload, but forged kids cannot turn into a query each.
   */
  async publicKey(kid: string): Promise<KeyObject | undefined> {
    const cached = this.publicKeys.get(kid);
    if (cached) return cached;
    this.reloading ??= (async () => {
      const wait = this.lastReload + RELOAD_MIN_INTERVAL_MS - this.clock();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.reloadPublicKeys();
    })().finally(() => {
      this.reloading = undefined;
    });
    await this.reloading;
    return this.publicKeys.get(kid);
  }

  /** Signs a statement (audit checkpoints) with the active key. */
  async signDetached(data: string): Promise<{ kid: string; signature: string }> {
    const key = await this.activeKey();
    return {
      kid: key.kid,
      signature: sign(null, Buffer.from(data), key.privateKey).toString('base64url'),
    };
  }

  /** Verifies a signed statement with the key that made it, retired or not: statements outlive tokens. */
  async verifyDetached(kid: string, data: string, signature: string): Promise<boolean> {
    const [row] = await this.db
      .select({ publicJwk: signingKeys.publicJwk })
      .from(signingKeys)
      .where(eq(signingKeys.kid, kid));
    if (!row) return false;
    const key = createPublicKey({ key: row.publicJwk, format: 'jwk' });
    return verify(null, Buffer.from(data), key, Buffer.from(signature, 'base64url'));
  }

  /** Public keys still accepted, for `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: Jwk[] }> {
    const rows = await this.acceptedKeys();
    return {
      keys: rows.map((row) => ({
        ...row.publicJwk,
        kid: row.kid,
        alg: SIGNING_ALGORITHM,
        use: 'sig',
        kty: row.publicJwk.kty ?? 'OKP',
      })),
    };
  }

  private async acceptedKeys() {
    const cutoff = new Date(this.clock() - this.retentionMs);
    return this.db
      .select({ kid: signingKeys.kid, publicJwk: signingKeys.publicJwk })
      .from(signingKeys)
      .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, cutoff)))
      .orderBy(desc(signingKeys.createdAt));
  }

  private async reloadPublicKeys(): Promise<void> {
    this.lastReload = this.clock();
    const rows = await this.acceptedKeys();
    this.publicKeys = new Map(
      rows.map((row) => [row.kid, createPublicKey({ key: row.publicJwk, format: 'jwk' })]),
    );
  }

  private newKeyRow() {
    const kid = `k-${randomToken(12)}`;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    return {
      kid,
      algorithm: SIGNING_ALGORITHM,
      publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, string>,
      privateKeySealed: encrypt(this.sealingKey, pem, `signing-key:${kid}`),
    };
  }
}

/**
 * Opens a sealed private key. One that does not open is a master key fault (a wrong MASTER_KEY, or
 * a row sealed by an instance still on the previous key), named so in the log; sign-in answers 503.
 */
function openSealed(sealingKey: Buffer, kid: string, sealed: string): Buffer {
  try {
    return decrypt(sealingKey, sealed, `signing-key:${kid}`);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new SealedKeyError(
      `The signing key ${kid} does not open with this MASTER_KEY: the master key is not the one ` +
        "it was sealed with (another DATA_DIR's secrets.json, a mistyped MASTER_KEY or " +
        'MASTER_KEY_FILE, or a rotate-master-key not followed by a restart with the new key), or ' +
        'the row was altered.',
      { cause: error },
    );
  }
}
