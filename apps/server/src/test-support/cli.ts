import type { CliIo } from '../cli.ts';

/** A CLI io that records what a command prints, and the long-running servers it starts. */
export function cliIo(env: Record<string, string> = {}) {
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
