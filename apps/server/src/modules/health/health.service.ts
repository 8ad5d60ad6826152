import type { Static } from 'typebox';
import type { Readiness } from './health.schemas.ts';

/** A dependency probe: resolves when the dependency answers, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  body: Static<typeof Readiness>;
  failures: { name: string; error: unknown }[];
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs every check at once. The service is ready when every required dependency answers; one it
 * can work without (`optional`: Redis, ADR 0012) being down makes it `degraded`, still ready, so
 * that a Redis outage does not take every instance out of the load balancer.
 */
export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = CHECK_TIMEOUT_MS,
  optional: readonly string[] = [],
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = performance.now();
      try {
        await withTimeout(check, timeoutMs);
        return {
          name,
          up: true as const,
          error: undefined,
          durationMs: performance.now() - started,
        };
      } catch (error) {
        return { name, up: false as const, error, durationMs: performance.now() - started };
      }
    }),
  );
  const ready = entries.every((e) => e.up || optional.includes(e.name));
  const allUp = entries.every((e) => e.up);
  return {
    ready,
    body: {
      status: allUp ? 'ok' : ready ? 'degraded' : 'unavailable',
      checks: Object.fromEntries(
        entries.map((e) => [
          e.name,
          { status: e.up ? 'up' : 'down', durationMs: Math.round(e.durationMs * 10) / 10 },
        ]),
      ),
    },
    failures: entries.filter((e) => !e.up).map((e) => ({ name: e.name, error: e.error })),
  };
}
