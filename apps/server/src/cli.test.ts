import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli.ts';
import { openPglite } from './db/client.ts';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const running: { url: string; stop: () => Promise<void> }[] = [];
  const value: CliIo = {
    env: { LOG_LEVEL: 'silent', ...env },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    onLongRunning: (r) => running.push(r),
  };
  return { io: value, out, err, running };
}

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
});
