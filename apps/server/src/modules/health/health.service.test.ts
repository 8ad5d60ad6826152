import { describe, expect, it } from 'vitest';
import { checkReadiness } from './health.service.ts';

describe('checkReadiness', () => {
  it('is ready when every check answers', async () => {
    const report = await checkReadiness({
      database: async () => undefined,
      storage: async () => undefined,
    });
    expect(report.ready).toBe(true);
    expect(report.body.status).toBe('ok');
    expect(Object.keys(report.body.checks).sort()).toEqual(['database', 'storage']);
    expect(report.failures).toEqual([]);
  });

  it('is unavailable when one check fails, and says which', async () => {
    const boom = new Error('connection refused');
    const report = await checkReadiness({
      database: async () => {
        throw boom;
      },
      storage: async () => undefined,
    });
    expect(report.ready).toBe(false);
    expect(report.body).toMatchObject({
      status: 'unavailable',
      checks: { database: { status: 'down' }, storage: { status: 'up' } },
    });
    expect(report.failures).toEqual([{ name: 'database', error: boom }]);
  });

  it('stays ready, degraded, when only an optional dependency is down', async () => {
    const report = await checkReadiness(
      {
        database: async () => undefined,
        redis: async () => {
          throw new Error('connection refused');
        },
      },
      undefined,
      ['redis'],
    );
    expect(report.ready).toBe(true);
    expect(report.body).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    expect(report.failures.map((failure) => failure.name)).toEqual(['redis']);
  });

  it('is unavailable when a required dependency is down, optional ones or not', async () => {
    const down = async () => {
      throw new Error('down');
    };
    const report = await checkReadiness({ database: down, redis: down }, undefined, ['redis']);
    expect(report.ready).toBe(false);
    expect(report.body.status).toBe('unavailable');
  });

  it('counts a check that hangs as down after the timeout', async () => {
    const report = await checkReadiness({ database: () => new Promise(() => undefined) }, 50);
    expect(report.ready).toBe(false);
    expect(String(report.failures[0]?.error)).toMatch(/no answer within 50 ms/);
    expect(report.body.checks.database!.durationMs).toBeGreaterThanOrEqual(45);
  });
});
