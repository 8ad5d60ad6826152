import { Redis } from 'ioredis';

/** One Redis connection for the process's shared state (rate limits, revocations). */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    // Fail a command quickly when Redis is down instead of queueing it for ever: readiness reports it.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
  });
  // Connection errors are reported by the commands that fail and by /health/ready.
  redis.on('error', () => undefined);
  return redis;
}
