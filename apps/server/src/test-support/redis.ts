import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';

/**
 * Connections to the test Redis under a key prefix of the file's own; every key under it is
 * deleted and every connection closed after the file.
 */
export function redisForTests(name: string) {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `ma:test:${name}:${randomUUID()}:`;
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  const redis = connect();
  const keysUnder = async (pattern: string): Promise<string[]> => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${pattern}*`, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  };
  afterAll(async () => {
    const keys = await keysUnder(prefix);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all(connections.map((connection) => connection.quit()));
  });
  return { prefix, redis, connect, keysUnder };
}
