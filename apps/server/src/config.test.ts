import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARS, loadConfig, loadSecrets } from './config.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'monassurance-config-'));

describe('loadConfig', () => {
  it('gives the embedded defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.nodeEnv).toBe('development');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      bodyLimitBytes: 1048576,
      trustProxy: false,
    });
    expect(config.dataDir).toBe('/srv/app/data');
    expect(config.database).toEqual({ driver: 'pglite', dataDir: '/srv/app/data/pg' });
    expect(config.storage).toEqual({ driver: 'local', dir: '/srv/app/data/files' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('selects PostgreSQL, Redis and S3 from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/app',
      DATABASE_POOL_MAX: '25',
      REDIS_URL: 'redis://cache:6379',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'docs',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
      PORT: '8080',
      TRUST_PROXY: '1',
    });
    expect(config.database).toEqual({
      driver: 'postgres',
      url: 'postgres://u@db:5432/app',
      poolMax: 25,
    });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.storage).toMatchObject({
      driver: 's3',
      bucket: 'docs',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      region: 'us-east-1',
    });
    expect(config.http.port).toBe(8080);
    expect(config.http.trustProxy).toBe(1);
  });

  it('reads TRUST_PROXY as none, a hop count or a list of proxy addresses, never trust-all', () => {
    const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).http.trustProxy;
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    // `1` used to read as the boolean true (every hop trusted): it is now one hop.
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.7,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'loopback',
    ]);
    expect(trust('fd00::/8,::1')).toEqual(['fd00::/8', '::1']);
  });

  it('reads notice periods by product line', () => {
    expect(loadConfig({ RENEWAL_NOTICE_MONTHS: 'sante=1, vie=0' }).renewalNoticeMonths).toEqual({
      sante: 1,
      vie: 0,
    });
    expect(loadConfig({}).renewalNoticeMonths).toEqual({});
  });

  it('reads the metrics token', () => {
    expect(loadConfig({}).limits.metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(40) }).limits.metricsToken).toBe('x'.repeat(40));
  });

  it('leaves the audit verification threads to the machine unless told', () => {
    expect(loadConfig({}).audit.verifyWorkers).toBeUndefined();
    expect(loadConfig({ AUDIT_VERIFY_WORKERS: '1' }).audit.verifyWorkers).toBe(1);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ', PORT: '' }).database.driver).toBe('pglite');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer from 0 to 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be one of/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must use postgres:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ STORAGE_DRIVER: 's3' }, /S3_BUCKET is required with STORAGE_DRIVER=s3/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY: "maybe" is neither a hop count/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY=true would believe any client's X-Forwarded-For/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY=yes would believe any client/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY must be a hop count from 0 to 10/],
    [{ TRUST_PROXY: '0.0.0.0/0' }, /TRUST_PROXY: "0.0.0.0\/0" is neither/],
    [{ TRUST_PROXY: '::/0' }, /TRUST_PROXY: "::\/0" is neither/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY: "10.0.0.0\/33"/],
    [{ TRUST_PROXY: '10.0.0.1,' }, /TRUST_PROXY: "" is neither/],
    [{ TRUST_PROXY: 'proxy.internal' }, /TRUST_PROXY: "proxy.internal"/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ RENEWAL_NOTICE_MONTHS: 'moto=2' }, /RENEWAL_NOTICE_MONTHS: "moto=2"/],
    [{ RENEWAL_NOTICE_MONTHS: 'sante=13' }, /RENEWAL_NOTICE_MONTHS/],
    [{ AUDIT_VERIFY_WORKERS: '0' }, /AUDIT_VERIFY_WORKERS must be an integer from 1 to 64/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be 32 to 512 printable characters/],
    [{ METRICS_TOKEN: `${'a'.repeat(32)} b` }, /METRICS_TOKEN must be 32/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('documents every variable in one sentence', () => {
    for (const spec of ENV_VARS) {
      expect(spec.doc.length, spec.name).toBeGreaterThan(10);
      expect(spec.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  });
});

describe('loadSecrets', () => {
  it('generates the master key once in embedded mode, private to the owner', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = loadSecrets(config, {});
    expect(first.masterKey).toHaveLength(32);
    const file = path.join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecrets(config, {}).masterKey.equals(first.masterKey)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(first.masterKey.toString('base64'));
  });

  it('uses MASTER_KEY when given and writes nothing', () => {
    const dataDir = tempDir();
    const key = Buffer.alloc(32, 7).toString('base64');
    const secrets = loadSecrets(loadConfig({ DATA_DIR: dataDir }), { MASTER_KEY: key });
    expect(secrets.masterKey.toString('base64')).toBe(key);
    expect(() => statSync(path.join(dataDir, 'secrets.json'))).toThrow();
  });

  it('refuses to start in production without MASTER_KEY', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() });
    expect(() => loadSecrets(config, { NODE_ENV: 'production' })).toThrow(
      /MASTER_KEY or MASTER_KEY_FILE is required when NODE_ENV=production/,
    );
  });

  it('rejects a key of the wrong size', () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(() => loadSecrets(config, { MASTER_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  it('reports a corrupt secrets file instead of replacing it', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'secrets.json'), '{not json');
    expect(() => loadSecrets(loadConfig({ DATA_DIR: dataDir }), {})).toThrow(
      /unreadable or not JSON/,
    );
  });
});
