import { createApiClient } from '@monassurance/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
import { createTestApp } from '../src/test-support/app.ts';
import { createTestDatabase } from '../src/test-support/database.ts';

let database: DatabaseHandle;
let app: Awaited<ReturnType<typeof createTestApp>>;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('the generated API client against the real server', () => {
  it('reads liveness and readiness with their documented types', async () => {
    const client = createApiClient({ baseUrl });
    const health = await client.GET('/health');
    expect(health.data?.status).toBe('ok');
    const ready = await client.GET('/health/ready');
    expect(ready.response.status).toBe(200);
    expect(ready.data?.checks.database?.status).toBe('up');
  });
});
