import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A small tmpfs of its own: a real full disk (ENOSPC) or read-only file system (EROFS). */
export interface MountedTmpfs {
  dir: string;
  /** Remounts read-only: every write then fails with EROFS, reads still work. */
  readOnly(): void;
  readWrite(): void;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeBytes` on a fresh temporary folder. It needs the right to mount (root,
 * as the test machines and CI run): without it the test fails saying so, it does not skip.
 */
export function mountTmpfs(sizeBytes: number): MountedTmpfs {
  const dir = mkdtempSync(path.join(tmpdir(), 'monassurance-tmpfs-'));
  const mount = (options: string) =>
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  try {
    mount(`size=${sizeBytes},mode=0700`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `Cannot mount a tmpfs on ${dir} (the storage tests need root or CAP_SYS_ADMIN): ${String(
        (error as { stderr?: unknown }).stderr ?? error,
      )}`,
    );
  }
  const remount = (mode: 'ro' | 'rw') =>
    execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
  return {
    dir,
    readOnly: () => remount('ro'),
    readWrite: () => remount('rw'),
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
