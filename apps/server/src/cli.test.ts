import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { cliIo } from './test-support/cli.ts';
import { openPglite } from './db/client.ts';

const io = cliIo;

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'monassurance-cli-'));

describe('monassurance CLI', () => {
  it('lists every command with its description on --help', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    const text = t.out.join('\n');
    expect(text).toMatch(/serve\s+Serve the API and the web app/);
    expect(text).toMatch(/migrate\s+Apply the pending database migrations/);
  });

  it('shows help and fails without a command', async () => {
    const t = io();
    expect(await runCli([], t.io)).toBe(2);
    expect(t.out.join('\n')).toContain('Usage: monassurance <command>');
  });

  it('rejects an unknown command', async () => {
    const t = io();
    expect(await runCli(['frobnicate'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('Unknown command "frobnicate"');
  });

  it('shows one command’s help', async () => {
    const t = io();
    expect(await runCli(['migrate', '--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('Usage: monassurance migrate');
  });

  it('migrates an embedded data dir, idempotently', async () => {
    const dir = dataDir();
    const t = io({ DATA_DIR: dir });
    expect(await runCli(['migrate'], t.io)).toBe(0);
    expect(await runCli(['migrate'], t.io)).toBe(0);
    expect(t.out).toEqual(['Migrations applied (pglite).', 'Migrations applied (pglite).']);
  }, 60_000);

  it('refuses to migrate a data dir another holder has open', async () => {
    const dir = dataDir();
    const holder = await openPglite({ dataDir: path.join(dir, 'pg') });
    try {
      const t = io({ DATA_DIR: dir });
      expect(await runCli(['migrate'], t.io)).toBe(1);
      expect(t.err.join('\n')).toMatch(
        /^monassurance migrate: The embedded database .* already open/,
      );
    } finally {
      await holder.close();
    }
  }, 60_000);

  it('reports a bad configuration with the variable name', async () => {
    const t = io({ PORT: 'eighty' });
    expect(await runCli(['serve'], t.io)).toBe(1);
    expect(t.err.join('\n')).toContain('monassurance serve: PORT must be an integer');
  });

  it('serves until stopped', async () => {
    const t = io({ DATA_DIR: dataDir(), PORT: '0' });
    expect(await runCli(['serve'], t.io)).toBe(0);
    const [server] = t.running;
    try {
      const res = await fetch(`${server!.url}/health/ready`);
      expect(res.status).toBe(200);
    } finally {
      await server!.stop();
    }
    await expect(fetch(`${server!.url}/health`)).rejects.toThrow();
  }, 60_000);

  it('onboards a cabinet with create-admin, whose admin can then sign in', async () => {
    const dir = dataDir();
    const t = io({ DATA_DIR: dir });
    const code = await runCli(
      [
        'create-admin',
        '--org',
        'Cabinet Lenoir',
        '--email',
        'Paul@Lenoir.fr',
        '--password',
        'Une-Phrase-De-Passe-Solide',
        '--name',
        'Paul Lenoir',
      ],
      t.io,
    );
    expect(t.err).toEqual([]);
    expect(code).toBe(0);
    expect(t.out[0]).toMatch(
      /^Cabinet "Cabinet Lenoir" created \(.+\); administrator paul@lenoir\.fr/,
    );

    const again = io({ DATA_DIR: dir });
    expect(
      await runCli(
        [
          'create-admin',
          '--org',
          'Autre',
          '--email',
          'paul@lenoir.fr',
          '--password',
          'Une-Phrase-De-Passe-Solide',
        ],
        again.io,
      ),
    ).toBe(1);
    expect(again.err[0]).toContain('Un compte existe déjà avec cette adresse e-mail.');

    const rotate = io({ DATA_DIR: dir });
    expect(await runCli(['rotate-keys'], rotate.io)).toBe(0);
    expect(rotate.out[0]).toMatch(/^New signing key k-[\w-]+ is active\.$/);

    const serve = io({ DATA_DIR: dir, PORT: '0' });
    await runCli(['serve'], serve.io);
    const [server] = serve.running;
    try {
      const res = await fetch(`${server!.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'paul@lenoir.fr', password: 'Une-Phrase-De-Passe-Solide' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await server!.stop();
    }
  }, 60_000);

  it('create-admin names what is missing or wrong', async () => {
    const missing = io({ DATA_DIR: dataDir() });
    expect(await runCli(['create-admin', '--org', 'X'], missing.io)).toBe(2);
    expect(missing.err[0]).toContain('missing --email, --password');
    const unknown = io({ DATA_DIR: dataDir() });
    expect(await runCli(['create-admin', '--bogus', 'x'], unknown.io)).toBe(2);
    const weak = io({ DATA_DIR: dataDir() });
    expect(
      await runCli(
        ['create-admin', '--org', 'X', '--email', 'x@x.fr', '--password', 'short'],
        weak.io,
      ),
    ).toBe(1);
    expect(weak.err[0]).toMatch(/password: Le mot de passe doit contenir au moins 12 caractères/);
  }, 60_000);

  it('verifies, exports and purges the audit log from the command line', async () => {
    const dir = dataDir();
    const run = async (args: string[]) => {
      const t = io({ DATA_DIR: dir });
      const chunks: string[] = [];
      t.io.write = (chunk) => chunks.push(chunk);
      const code = await runCli(args, t.io);
      return { code, out: t.out, err: t.err, written: chunks.join('') };
    };
    await run([
      'create-admin',
      '--org',
      'Cabinet Audit',
      '--email',
      'audit@cabinet.fr',
      '--password',
      'Une-Phrase-De-Passe-Solide',
    ]);
    const ok = await run(['verify-audit']);
    expect(ok.code).toBe(0);
    expect(ok.out.at(-1)).toMatch(/^All \d+ audit chains are intact\.$/);

    const jsonl = await run(['export-audit', '--format', 'jsonl']);
    expect(jsonl.code).toBe(0);
    const actions = jsonl.written
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).activity_name);
    expect(actions).toEqual(expect.arrayContaining(['organization.created', 'user.created']));
    expect(jsonl.err.at(-1)).toMatch(/^\d+ events exported\.$/);

    const file = path.join(dir, 'audit.csv');
    expect(
      (await run(['export-audit', '--format', 'csv', '--delimiter', ',', '--bom', '--out', file]))
        .code,
    ).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith('\ufeffoccurredAt,action,')).toBe(true);
    expect(csv.match(/occurredAt,action/g)).toHaveLength(1);
    expect((await run(['export-audit', '--format', 'xml'])).code).toBe(2);

    const purge = await run(['purge-old-logs', '--days', '30']);
    expect(purge.out[0]).toMatch(/^0 audit events older than 30 days deleted/);
    expect((await run(['purge-old-logs', '--days', '0'])).code).toBe(2);

    const db = await openPglite({ dataDir: path.join(dir, 'pg') });
    await db.client.query(
      `update audit_events set action = 'user.deleted' where action = 'user.created'`,
    );
    await db.close();
    const broken = await run(['verify-audit']);
    expect(broken.code).toBe(1);
    expect(broken.err.join('\n')).toMatch(
      /^BROKEN {2}[0-9a-f-]{36}: this event was modified \(event [0-9a-f-]{36}\)$/m,
    );
  }, 90_000);
});

/** What a command could write: the sealed keys, the cabinets, the audit log, and secrets.json. */
async function writtenState(dir: string) {
  const db = await openPglite({ dataDir: path.join(dir, 'pg') });
  try {
    const rows = async (query: string) => (await db.client.query(query)).rows;
    return {
      signingKeys: await rows(
        'select kid, private_key_sealed, retired_at from signing_keys order by kid',
      ),
      storageKeys: await rows('select id, wrapped_key from storage_keys order by id'),
      organizations: await rows('select id from organizations order by id'),
      auditEvents: await rows('select count(*)::int as n from audit_events'),
      migrations: await rows('select count(*)::int as n from drizzle.__drizzle_migrations'),
      secrets: readFileSync(path.join(dir, 'secrets.json'), 'utf8'),
    };
  } finally {
    await db.close();
  }
}

describe('a command run with a master key that is not the data’s', () => {
  it('is refused by every command before it writes anything, naming the likely cause', async () => {
    const dir = dataDir();
    const setUp = io({ DATA_DIR: dir });
    expect(
      await runCli(
        [
          'create-admin',
          '--org',
          'Cabinet Clef',
          '--email',
          'clef@cabinet.fr',
          '--password',
          'Une-Phrase-De-Passe-Solide',
        ],
        setUp.io,
      ),
    ).toBe(0);
    const before = await writtenState(dir);
    expect(before.signingKeys).toHaveLength(1);

    const wrongKey = randomBytes(32).toString('base64');
    const newKeyFile = path.join(dir, 'new.key');
    writeFileSync(newKeyFile, randomBytes(32).toString('base64'));
    const commands = [
      ['rotate-keys'],
      ['serve'],
      ['migrate'],
      [
        'create-admin',
        '--org',
        'Autre',
        '--email',
        'autre@cabinet.fr',
        '--password',
        'Une-Phrase-De-Passe-Solide',
      ],
      ['rotate-master-key', '--new-key-file', newKeyFile],
      ['verify-audit'],
      ['export-audit', '--format', 'jsonl'],
      ['purge-old-logs', '--days', '30'],
      ['purge-orphans'],
    ];
    for (const argv of commands) {
      const t = io({ DATA_DIR: dir, PORT: '0', MASTER_KEY: wrongKey });
      t.io.write = (chunk) => t.out.push(chunk);
      expect({ argv, code: await runCli(argv, t.io) }).toEqual({ argv, code: 1 });
      expect(t.running).toEqual([]);
      expect(t.out).toEqual([]);
      const message = t.err.join('\n');
      expect(message).toMatch(
        new RegExp(
          `^monassurance ${argv[0]}: The master key does not open the data of this database: none of its 2 sealed keys \\(1 signing key, 1 audit chain key\\) opens with MASTER_KEY\\. Nothing was written\\.`,
        ),
      );
      expect(message).toContain('MASTER_KEY is mistyped or truncated');
      expect(message).toContain(
        'rotate-master-key was run and this process still has the previous key',
      );
    }
    expect(await writtenState(dir)).toEqual(before);

    // The right key still works: nothing was sealed under the wrong one.
    const rotate = io({ DATA_DIR: dir });
    expect(await runCli(['rotate-keys'], rotate.io)).toBe(0);
    expect(rotate.out[0]).toMatch(/^New signing key k-[\w-]+ is active\.$/);
  }, 180_000);

  it('names another DATA_DIR’s secrets.json, or a missing one, when the embedded key is not the data’s', async () => {
    const dir = dataDir();
    expect(
      await runCli(
        [
          'create-admin',
          '--org',
          'Cabinet Copie',
          '--email',
          'copie@cabinet.fr',
          '--password',
          'Une-Phrase-De-Passe-Solide',
        ],
        io({ DATA_DIR: dir }).io,
      ),
    ).toBe(0);
    const before = await writtenState(dir);
    const secrets = path.join(dir, 'secrets.json');
    renameSync(secrets, `${secrets}.saved`);

    const missing = io({ DATA_DIR: dir });
    expect(await runCli(['rotate-keys'], missing.io)).toBe(1);
    expect(missing.err.join('\n')).toContain(
      `opens with a key generated just now because ${secrets} was missing. Nothing was written.`,
    );
    expect(missing.err.join('\n')).toContain(
      `${secrets} was deleted or never copied with the database`,
    );
    // The key generated for the refused run is not left behind in place of the lost one.
    expect(existsSync(secrets)).toBe(false);

    const other = dataDir();
    expect(await runCli(['migrate'], io({ DATA_DIR: other }).io)).toBe(0);
    writeFileSync(secrets, readFileSync(path.join(other, 'secrets.json')));
    const copied = io({ DATA_DIR: dir });
    expect(await runCli(['rotate-keys'], copied.io)).toBe(1);
    expect(copied.err.join('\n')).toContain(
      `${secrets} is not the one this database was sealed with: it comes from another DATA_DIR`,
    );

    renameSync(`${secrets}.saved`, secrets);
    expect(await writtenState(dir)).toEqual(before);
    expect(await runCli(['rotate-keys'], io({ DATA_DIR: dir }).io)).toBe(0);
  }, 180_000);
});
