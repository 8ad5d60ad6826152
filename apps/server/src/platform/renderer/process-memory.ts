import { readFile } from 'node:fs/promises';

/**
 * Resident memory of processes in bytes, from /proc/<pid>/status (Linux). Summing the RSS of
 * Chromium's processes counts shared pages once per process, so it overestimates: fine for a
 * recycling threshold, which only needs to notice growth. Processes gone in the meantime, or a
 * system without /proc, count as zero.
 */
export async function residentBytes(pids: readonly number[]): Promise<number> {
  const sizes = await Promise.all(
    pids.map(async (pid) => {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
        return match ? Number(match[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    }),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
