// `monassurance worker` runs jobs next to API processes on PostgreSQL; the embedded database belongs
// to one process, whose `serve` runs the jobs itself: a worker there is refused before it opens it.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { cliIo } from '../src/test-support/cli.ts';

describe('monassurance worker', () => {
  it('refuses the embedded database (no DATABASE_URL) with a clear message, exit 1', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'monassurance-worker-'));
    const t = cliIo({ DATA_DIR: dataDir });
    expect(await runCli(['worker'], t.io)).toBe(1);
    expect(t.err).toHaveLength(1);
    expect(t.err[0]).toMatch(
      /^monassurance worker: the embedded database \(.*\) belongs to one process/,
    );
    expect(t.err[0]).toContain(path.join(dataDir, 'pg'));
    expect(t.err[0]).toContain('set DATABASE_URL to run separate workers');
    expect(t.out).toEqual([]);
    // Nothing started, and the embedded database was not even opened.
    expect(t.running).toEqual([]);
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
    // Nor were secrets generated for a process that does not run.
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('is listed in --help', async () => {
    const t = cliIo();
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(
      /worker\s+Run background jobs and schedules against PostgreSQL/,
    );
  });
});
