import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { TEST_MASTER_KEY, testConfig } from '../test-support/app.ts';
import { createTestDatabase } from '../test-support/database.ts';
import { redactUrl } from './logging.ts';

describe('redactUrl', () => {
  it.each([
    ['/d/abcdef0123456789', '/d/[redacted]'],
    ['/d/abc?x=1', '/d/[redacted]?x=1'],
    ['/api/v1/x?token=s3cret&b=2', '/api/v1/x?token=[redacted]&b=2'],
    ['/cb?a=1&refresh_token=zz#f', '/cb?a=1&refresh_token=[redacted]#f'],
    ['/api/v1/clients?q=dupre', '/api/v1/clients?q=dupre'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('request logs', () => {
  const lines: Record<string, unknown>[] = [];
  let database: DatabaseHandle;
  let app: App;

  beforeAll(async () => {
    database = await createTestDatabase();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
        done();
      },
    });
    app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), {
      database,
      logStream,
      secrets: { masterKey: TEST_MASTER_KEY },
    });
    await app.services.start();
    app.post('/api/v1/_test/login', (request) => {
      request.log.info({ body: request.body }, 'login attempt');
      return { ok: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('are JSON with the request id, and never carry credentials or link tokens', async () => {
    await app.inject({
      url: '/d/link-token-value?token=other-secret',
      headers: {
        authorization: 'Bearer eyJhbGciOi.secret',
        cookie: 'rt=refresh-secret',
        'x-request-id': 'log-1',
      },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/_test/login',
      payload: { email: 'a@b.fr', password: 'hunter2-password', refreshToken: 'rt-secret' },
      headers: { 'x-request-id': 'log-2' },
    });
    const text = JSON.stringify(lines);
    for (const secret of [
      'link-token-value',
      'other-secret',
      'eyJhbGciOi',
      'refresh-secret',
      'hunter2-password',
      'rt-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    const incoming = lines.find((l) => l.requestId === 'log-1' && l.msg === 'incoming request');
    expect(incoming).toMatchObject({
      req: { method: 'GET', url: '/d/[redacted]?token=[redacted]' },
    });
    expect(lines.find((l) => l.requestId === 'log-2' && l.msg === 'login attempt')).toMatchObject({
      body: { email: 'a@b.fr', password: '[redacted]', refreshToken: '[redacted]' },
    });
    expect(
      lines.find((l) => l.requestId === 'log-1' && l.msg === 'request completed'),
    ).toMatchObject({ res: { statusCode: 404 } });
  });

  it('name the cabinet and the user of authenticated requests', async () => {
    const { organization, user } = await app.services.organizations.createCabinet(
      {
        organizationName: 'Cabinet Logs',
        email: 'logs@cabinet.fr',
        password: 'Une-Phrase-De-Passe-Solide',
        fullName: 'Léa Logs',
      },
      { organizationId: null, actorId: null, ip: null, userAgent: null, requestId: null },
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'logs@cabinet.fr', password: 'Une-Phrase-De-Passe-Solide' },
    });
    await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${login.json().accessToken}`, 'x-request-id': 'log-3' },
    });
    expect(
      lines.find((l) => l.requestId === 'log-3' && l.msg === 'request completed'),
    ).toMatchObject({
      organizationId: organization.id,
      userId: user.id,
    });
  });
});
