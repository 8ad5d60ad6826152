import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataDirLock } from '../db/lock.ts';

// A separate process taking a data-dir lock, for the lock tests: `lock-holder FILE GO_FILE|- [LEASE_MS]`.
// With GO_FILE it prints `ready` and waits for that file to exist (so that several
// start racing together); then it prints `won` and holds the lock until killed, or prints
// `locked <reason>` and exits.
const [file, goArg, lease] = process.argv.slice(2);
const go = goArg === '-' ? undefined : goArg;
if (!file) throw new Error('usage: lock-holder FILE GO_FILE|- [LEASE_MS]');
if (go) {
  process.stdout.write('ready\n');
  while (!existsSync(go)) await sleep(2);
}
try {
  await DataDirLock.acquire(file, { leaseMs: lease ? Number(lease) : undefined });
  process.stdout.write('won\n');
  setInterval(() => undefined, 60_000);
} catch (error) {
  process.stdout.write(`locked ${(error as Error).message}\n`);
}
