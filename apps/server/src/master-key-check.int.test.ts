import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { openPglite, type DatabaseHandle } from './db/client.ts';
import { organizations, signingKeys, storageKeys } from './db/schema/index.ts';
import { assertMasterKeyOpens, MasterKeyMismatchError } from './master-key-check.ts';
import { SigningKeyRing } from './modules/auth/index.ts';
import { StorageKeyRing } from './platform/storage/index.ts';
import { createTestApp, TEST_MASTER_KEY, testConfig } from './test-support/app.ts';
import { PASSWORD, seedCabinet } from './test-support/auth.ts';
import { createTestDatabase } from './test-support/database.ts';

const KEY = randomBytes(32);
const OTHER = randomBytes(32);
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'monassurance-key-'));

async function newCabinet(database: DatabaseHandle) {
  const [row] = await database.db
    .insert(organizations)
    .values({ name: `Cabinet ${randomBytes(3).toString('hex')}` })
    .returning({ id: organizations.id });
  return row!.id;
}

describe('assertMasterKeyOpens', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('lets any key through where nothing is sealed yet, even before the first migration', async () => {
    const blank = await openPglite();
    try {
      expect(await assertMasterKeyOpens(blank.db, { masterKey: OTHER }, dataDir())).toEqual({
        checked: 0,
      });
    } finally {
      await blank.close();
    }
    expect(await assertMasterKeyOpens(database.db, { masterKey: OTHER }, dataDir())).toEqual({
      checked: 0,
    });
  });

  it('lets the key through that opens every sealed key', async () => {
    await new SigningKeyRing(database.db, KEY, 60_000).ensureActiveKey();
    await new StorageKeyRing(database.db, KEY).activeKey(await newCabinet(database));
    expect(await assertMasterKeyOpens(database.db, { masterKey: KEY }, dataDir())).toEqual({
      checked: 2,
    });
  });

  it('refuses a key that opens none of them, naming the likely cause of each source', async () => {
    const check = (secrets: Parameters<typeof assertMasterKeyOpens>[1], dir = dataDir()) =>
      assertMasterKeyOpens(database.db, secrets, dir).catch((error: unknown) => error);

    const fromEnv = await check({ masterKey: OTHER, source: 'env' });
    expect(fromEnv).toBeInstanceOf(MasterKeyMismatchError);
    expect(String(fromEnv)).toMatch(
      /none of its 2 sealed keys \(1 signing key, 1 storage data key\) opens with MASTER_KEY\. Nothing was written\./,
    );
    expect(String(fromEnv)).toMatch(/MASTER_KEY is mistyped or truncated/);
    expect(String(fromEnv)).toMatch(/rotate-master-key was run .* restart with the new key/);

    expect(String(await check({ masterKey: OTHER, source: 'file' }))).toMatch(
      /opens with the key in MASTER_KEY_FILE\. .*\n.*MASTER_KEY_FILE names a file holding another key/,
    );

    const dir = dataDir();
    expect(String(await check({ masterKey: OTHER, source: 'embedded' }, dir))).toContain(
      `${path.join(dir, 'secrets.json')} is not the one this database was sealed with: it comes from another DATA_DIR`,
    );
  });

  it('removes a secrets.json it has just generated for a database sealed under another key', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ masterKey: OTHER.toString('base64') }));
    const error = await assertMasterKeyOpens(
      database.db,
      { masterKey: OTHER, source: 'embedded', generated: true },
      dir,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MasterKeyMismatchError);
    expect(String(error)).toMatch(/was deleted or never copied with the database/);
    expect(existsSync(file)).toBe(false);
  });

  it('only warns when some sealed keys open and others do not, naming those', async () => {
    const cabinet = await newCabinet(database);
    // An instance left on the previous key after a rotation sealed this one.
    await new StorageKeyRing(database.db, OTHER).activeKey(cabinet);
    const result = await assertMasterKeyOpens(database.db, { masterKey: KEY }, dataDir());
    expect(result.checked).toBe(3);
    expect(result.warning).toMatch(
      new RegExp(
        `^1 of the 3 keys sealed in this database do not open .*: cabinet ${cabinet} v1\\.`,
      ),
    );
    await database.db.delete(storageKeys);
    await database.db.delete(signingKeys);
  });
});

describe('sign-in with a master key that does not open the signing key', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('answers a 503 problem in French, not a 500, and logs the cause', async () => {
    const right = await createTestApp(database);
    const { admin } = await seedCabinet(right);
    await right.close();
    // An instance left running with another master key (say, after rotate-master-key) seals the
    // next signing key under it: the start-up check passes (the other keys open), sign-in cannot.
    await new SigningKeyRing(database.db, randomBytes(32), 60_000).rotate();

    const lines: Record<string, unknown>[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().trim().split('\n'))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const wrong = await buildApp(testConfig({ LOG_LEVEL: 'error' }), {
      database,
      logStream,
      secrets: { masterKey: TEST_MASTER_KEY },
    });
    try {
      await wrong.services.start();
      const res = await wrong.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: admin.email, password: PASSWORD },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 503,
        title: 'Service indisponible',
        type: '/problems/master-key-mismatch',
        detail: expect.stringMatching(/ne parvient pas à ouvrir ses clés chiffrées/),
      });
      expect(JSON.stringify(res.json())).not.toMatch(/MASTER_KEY|signing key/);
      const logged = lines.find((l) => l.msg === 'a sealed key does not open with this MASTER_KEY');
      expect(JSON.stringify(logged?.err)).toMatch(
        /The signing key k-[\w-]+ does not open with this MASTER_KEY: .*another DATA_DIR's secrets\.json/,
      );
    } finally {
      await wrong.close();
    }
    // `rotate-keys` with the right master key replaces the stray key: sign-in works again.
    await new SigningKeyRing(database.db, TEST_MASTER_KEY, 60_000).rotate();
    const again = await createTestApp(database);
    try {
      const res = await again.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: admin.email, password: PASSWORD },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await again.close();
    }
  });
});
