import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  utimesSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { cliIo } from './test-support/cli.ts';

const io = cliIo;

const PASSWORD = 'Une-Phrase-De-Passe-Solide';

/** Serves the data dir, runs `work` against it, stops. */
async function serving<T>(dir: string, work: (url: string) => Promise<T>): Promise<T> {
  const serve = io({ DATA_DIR: dir, PORT: '0' });
  await runCli(['serve'], serve.io);
  const [server] = serve.running;
  try {
    return await work(server!.url);
  } finally {
    await server!.stop();
  }
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'paul@lenoir.fr', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('monassurance CLI for documents', () => {
  it('rotate-master-key re-wraps data and signing keys: documents and sign-in survive', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'monassurance-cli-'));
    const admin = io({ DATA_DIR: dir });
    expect(
      await runCli(
        [
          'create-admin',
          '--org',
          'Cabinet Lenoir',
          '--email',
          'paul@lenoir.fr',
          '--password',
          PASSWORD,
        ],
        admin.io,
      ),
    ).toBe(0);
    const documentId = await serving(dir, async (url) => {
      const token = await signIn(url);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const templates = (await (await fetch(`${url}/api/v1/templates`, { headers })).json()) as {
        items: { id: string; code: string | null }[];
      };
      const attestation = templates.items.find((t) => t.code === 'attestation')!;
      const res = await fetch(`${url}/api/v1/documents`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ templateId: attestation.id, format: 'html' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    });

    const before = readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    const keyFile = path.join(dir, 'new.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
    const rotate = io({ DATA_DIR: dir });
    expect(await runCli(['rotate-master-key', '--new-key-file', keyFile], rotate.io)).toBe(0);
    expect(rotate.out[0]).toMatch(/^1 data key\(s\) and 1 signing key\(s\) re-wrapped\./);
    const after = readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain(readFileSync(keyFile, 'utf8').trim());

    await serving(dir, async (url) => {
      const token = await signIn(url);
      const res = await fetch(`${url}/api/v1/documents/${documentId}/content`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Cabinet Lenoir');
    });

    const same = io({ DATA_DIR: dir });
    writeFileSync(keyFile, `${JSON.parse(after).masterKey}\n`);
    expect(await runCli(['rotate-master-key', '--new-key-file', keyFile], same.io)).toBe(2);
    const bad = io({ DATA_DIR: dir });
    writeFileSync(keyFile, 'c2hvcnQ=');
    expect(await runCli(['rotate-master-key', '--new-key-file', keyFile], bad.io)).toBe(1);
    expect(bad.err[0]).toContain('32 bytes');
  }, 120_000);

  it('purge-orphans deletes old unreferenced files, keeps young ones, reports missing ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'monassurance-cli-'));
    const folder = path.join(dir, 'files', 'documents', 'abc');
    mkdirSync(folder, { recursive: true });
    const old = path.join(folder, 'old');
    const young = path.join(folder, 'young');
    writeFileSync(old, 'orphan');
    writeFileSync(young, 'uploading');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);

    const dry = io({ DATA_DIR: dir });
    expect(await runCli(['purge-orphans', '--dry-run'], dry.io)).toBe(0);
    expect(dry.out).toContain('would delete  documents/abc/old');
    expect(existsSync(old)).toBe(true);

    const run = io({ DATA_DIR: dir });
    expect(await runCli(['purge-orphans'], run.io)).toBe(0);
    expect(run.out.at(-1)).toBe(
      '2 stored files checked; 1 orphan(s) deleted; 0 document(s) without a file.',
    );
    expect(existsSync(old)).toBe(false);
    expect(existsSync(young)).toBe(true);

    const bad = io({ DATA_DIR: dir });
    expect(await runCli(['purge-orphans', '--min-age-minutes', '-1'], bad.io)).toBe(2);
  }, 60_000);
});
