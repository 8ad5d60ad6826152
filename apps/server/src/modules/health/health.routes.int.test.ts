import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support/app.ts';
import { createTestDatabase } from '../../test-support/database.ts';

describe('GET /health/ready when the database is gone', () => {
  it('answers 503 with the database down while liveness stays 200', async () => {
    const database = await createTestDatabase();
    const app = await createTestApp(database);
    try {
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
      await database.close();
      const res = await app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: 'unavailable',
        checks: { database: { status: 'down' } },
      });
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
