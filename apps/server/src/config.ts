import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRODUCT_LINES } from './modules/portfolio-domain/index.ts';

/**
 * Every environment variable the product reads, declared once: name, one-line doc, default.
 * The README table is generated from this list (`npm run docs:config -w apps/server`), and
 * nothing outside this file reads `process.env`.
 */
export interface EnvVarSpec {
  name: string;
  doc: string;
  /** Default as written in the environment; absent means "unset". */
  default?: string;
  /** A secret: never logged, never defaulted in production. */
  secret?: boolean;
}

export const ENV_VARS = [
  {
    name: 'NODE_ENV',
    doc: '`production` requires every secret to be set explicitly.',
    default: 'development',
  },
  { name: 'HOST', doc: 'Interface the HTTP server listens on.', default: '127.0.0.1' },
  { name: 'PORT', doc: 'TCP port of the HTTP server.', default: '3000' },
  {
    name: 'DATA_DIR',
    doc: 'Folder of the embedded database, local files and generated secrets.',
    default: './data',
  },
  {
    name: 'DATABASE_URL',
    doc: 'PostgreSQL connection string; when unset, embedded PGlite in `DATA_DIR/pg` is used.',
  },
  { name: 'DATABASE_POOL_MAX', doc: 'Maximum PostgreSQL connections per process.', default: '10' },
  {
    name: 'REDIS_URL',
    doc: 'Redis connection string: login throttling and token revocations shared by every instance (and later the job queue).',
  },
  {
    name: 'STORAGE_DRIVER',
    doc: '`local` (files under `DATA_DIR/files`) or `s3`.',
    default: 'local',
  },
  { name: 'S3_ENDPOINT', doc: 'S3-compatible endpoint URL (MinIO, …); unset for AWS.' },
  { name: 'S3_REGION', doc: 'Region of the S3 bucket.', default: 'us-east-1' },
  { name: 'S3_BUCKET', doc: 'S3 bucket holding documents; required when `STORAGE_DRIVER=s3`.' },
  {
    name: 'S3_ACCESS_KEY_ID',
    doc: 'S3 access key id (else the AWS default credential chain).',
    secret: true,
  },
  { name: 'S3_SECRET_ACCESS_KEY', doc: 'S3 secret access key.', secret: true },
  { name: 'S3_FORCE_PATH_STYLE', doc: 'Use path-style S3 URLs (MinIO, s3rver).', default: 'false' },
  {
    name: 'LOG_LEVEL',
    doc: 'pino level: fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
  },
  {
    name: 'BODY_LIMIT_BYTES',
    doc: 'Largest accepted request body (413 beyond).',
    default: '1048576',
  },
  {
    name: 'TRUST_PROXY',
    doc: 'Reverse proxies whose `X-Forwarded-*` headers are believed: `false` (none), a hop count (`1` = the one proxy in front), or their addresses/CIDRs, comma-separated (`10.0.0.0/8,loopback`); `true` is refused (it would trust any client).',
    default: 'false',
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    doc: 'How long SIGTERM waits for in-flight requests before closing.',
    default: '10000',
  },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', doc: 'Lifetime of an access token (JWT).', default: '600' },
  {
    name: 'REFRESH_IDLE_TTL_SECONDS',
    doc: 'A session unused for this long ends (refresh-token idle lifetime).',
    default: '1209600',
  },
  {
    name: 'REFRESH_ABSOLUTE_TTL_SECONDS',
    doc: 'A session ends this long after its login, whatever its use.',
    default: '2592000',
  },
  {
    name: 'REFRESH_REUSE_GRACE_SECONDS',
    doc: 'Window (0–10 s) in which replaying the previous refresh token returns the same successor instead of revoking the session.',
    default: '10',
  },
  {
    name: 'RENEWAL_NOTICE_MONTHS',
    doc: 'Notice period before the renewal date by product line, overriding the default 2 months, e.g. `sante=1,vie=1`.',
  },
  {
    name: 'CORS_ORIGINS',
    doc: 'Other web origins allowed to call the API from a browser, comma-separated (none by default: same origin only).',
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    doc: 'Requests per minute allowed from one IP address on the whole API (429 with Retry-After beyond).',
    default: '1200',
  },
  {
    name: 'USER_RATE_LIMIT_PER_MINUTE',
    doc: 'Requests per minute allowed to one signed-in user, from any address (429 with Retry-After beyond).',
    default: '600',
  },
  {
    name: 'LOGIN_RATE_LIMIT_PER_MINUTE',
    doc: 'Sign-in and refresh requests per minute allowed from one IP address.',
    default: '30',
  },
  {
    name: 'LINK_RATE_LIMIT_PER_MINUTE',
    doc: 'Requests per minute allowed from one IP address on public download links (`/d/…`).',
    default: '30',
  },
  {
    name: 'PUBLIC_URL',
    doc: 'External base URL (e.g. `https://courtage.example.fr`): download links are returned absolute; relative (`/d/…`) when unset.',
  },
  {
    name: 'CHROMIUM_PATH',
    doc: 'Chromium or Chrome executable printing PDFs; else a system chromium/google-chrome, else the bundled `@sparticuz/chromium`.',
  },
  {
    name: 'RENDERER_POOL_SIZE',
    doc: 'PDF pages printed at once per process (each holds a Chromium tab).',
    default: '2',
  },
  {
    name: 'WEB_DIR',
    doc: 'Folder of the built web app served at `/` (default: `apps/web/dist` of this checkout).',
  },
  {
    name: 'RENDER_TIMEOUT_MS',
    doc: 'Longest time one PDF may take to print before it fails.',
    default: '15000',
  },
  {
    name: 'TEMPLATE_WORKERS',
    doc: 'Worker threads that render templates (HTML and XLSX) off the event loop, each stopped when a render overruns its budget (default: the cores, at least 2, at most 4).',
  },
  {
    name: 'TEMPLATE_WORKER_MEMORY_MIB',
    doc: 'Heap of one template worker thread, in MiB; a render that needs more is stopped with a 422.',
    default: '256',
  },
  {
    name: 'METRICS_TOKEN',
    doc: 'When set, `GET /metrics` answers only `Authorization: Bearer <token>` (at least 32 characters); otherwise restrict it at the reverse proxy.',
    secret: true,
  },
  {
    name: 'AUDIT_CHECKPOINT_MINUTES',
    doc: 'How often the `audit-checkpoints` schedule (once per cluster) signs the head of every audit chain that grew (0: never; `verify-audit` still does).',
    default: '60',
  },
  {
    name: 'AUDIT_VERIFY_WORKERS',
    doc: 'Threads that verify a long audit chain on PostgreSQL, each reading its own part (1: in the calling thread; default: the cores, at most 4).',
  },
  {
    name: 'JOBS_INLINE',
    doc: '`serve` also runs background jobs and schedules (the embedded default); set false when `monassurance worker` processes run them.',
    default: 'true',
  },
  {
    name: 'JOBS_CONCURRENCY',
    doc: 'Jobs of each type one process runs at once.',
    default: '1',
  },
  {
    name: 'JOBS_STALE_SECONDS',
    doc: 'A running job whose process gave no sign of life this long (killed, machine lost) is resumed by another worker.',
    default: '30',
  },
  {
    name: 'JOBS_POLL_SECONDS',
    doc: 'Seconds between two looks for work of an idle worker.',
    default: '1',
  },
  {
    name: 'HSTS',
    doc: 'Send Strict-Transport-Security (set when the product is only reached over HTTPS).',
    default: 'false',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    doc: 'OTLP/HTTP collector URL (e.g. `http://otel-collector:4318`) receiving traces of requests, queries, renders and refreshes; no tracing when unset. `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_TRACES_SAMPLER` apply too.',
  },
  {
    name: 'OTEL_SERVICE_NAME',
    doc: 'Service name (`service.name`) the traces are reported under.',
    default: 'monassurance',
  },
  {
    name: 'MASTER_KEY',
    doc: '32-byte base64 key encrypting data at rest; generated into `DATA_DIR/secrets.json` unless production.',
    secret: true,
  },
  {
    name: 'MASTER_KEY_FILE',
    doc: 'File holding MASTER_KEY (base64), for secret mounts; used when MASTER_KEY is unset.',
  },
] as const satisfies readonly EnvVarSpec[];

type EnvName = (typeof ENV_VARS)[number]['name'];
export type Environment = Readonly<Record<string, string | undefined>>;

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  { driver: 'pglite'; dataDir: string } | { driver: 'postgres'; url: string; poolMax: number };

export type StorageConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 's3';
      endpoint: string | undefined;
      region: string;
      bucket: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    };

export interface TracingConfig {
  /** OTLP/HTTP base URL of the collector; tracing is off when absent. */
  otlpEndpoint: string | undefined;
  serviceName: string;
}

export interface Config {
  nodeEnv: NodeEnv;
  http: { host: string; port: number; bodyLimitBytes: number; trustProxy: TrustProxy };
  shutdownTimeoutMs: number;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  storage: StorageConfig;
  logLevel: LogLevel;
  auth: {
    accessTokenTtlSeconds: number;
    refreshIdleTtlSeconds: number;
    refreshAbsoluteTtlSeconds: number;
    refreshReuseGraceSeconds: number;
  };
  limits: {
    corsOrigins: string[];
    rateLimitPerMinute: number;
    userRateLimitPerMinute: number;
    loginRateLimitPerMinute: number;
    hsts: boolean;
    linkRateLimitPerMinute: number;
    /** Bearer token `GET /metrics` asks for; open when absent. */
    metricsToken: string | undefined;
  };
  documents: {
    /** Absolute base of download links; relative links when absent. */
    publicUrl: string | undefined;
    chromiumPath: string | undefined;
    rendererPoolSize: number;
    renderTimeoutMs: number;
    /** Template worker threads; undefined: the cores, at least 2, at most 4. */
    templateWorkers: number | undefined;
    templateWorkerMemoryMiB: number;
  };
  /** Notice period (months) by product line where it differs from the default (2). */
  renewalNoticeMonths: Record<string, number>;
  audit: {
    /** Threads verifying a long chain on PostgreSQL; undefined: the cores, at most 4. */
    verifyWorkers: number | undefined;
    /** Minutes between signed checkpoints of the grown chains; 0: none. */
    checkpointMinutes: number;
  };
  jobs: {
    /** `serve` runs jobs and schedules too (embedded default). */
    inline: boolean;
    concurrency: number;
    staleSeconds: number;
    pollSeconds: number;
  };
  tracing: TracingConfig;
  /** Built web app served at `/`; absent files mean no web app (API only). */
  webDir: string;
}

export interface Secrets {
  masterKey: Buffer;
  /** Where the master key came from; `embedded` means DATA_DIR/secrets.json. */
  source?: 'env' | 'file' | 'embedded';
  /** The embedded key was generated just now (secrets.json was missing). */
  generated?: boolean;
}

/** A configuration the process cannot start with; the message says which variable and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const defaults = Object.fromEntries(
  ENV_VARS.flatMap((v) => ('default' in v ? [[v.name, v.default]] : [])),
) as Partial<Record<EnvName, string>>;

function read(env: Environment, name: EnvName): string | undefined {
  const raw = env[name];
  if (raw !== undefined && raw.trim() !== '') return raw.trim();
  return defaults[name];
}

function required(env: Environment, name: EnvName, why: string): string {
  const value = read(env, name);
  if (value === undefined) throw new ConfigError(`${name} is required ${why}.`);
  return value;
}

function integer(env: Environment, name: EnvName, min: number, max: number): number {
  const raw = read(env, name) ?? '';
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function metricsToken(env: Environment): string | undefined {
  const token = read(env, 'METRICS_TOKEN');
  if (token !== undefined && !/^[\x21-\x7e]{32,512}$/.test(token)) {
    throw new ConfigError(
      'METRICS_TOKEN must be 32 to 512 printable characters without spaces (e.g. openssl rand -hex 32).',
    );
  }
  return token;
}

/**
 * Which proxies' `X-Forwarded-For` is believed (Fastify's `trustProxy`): none, the nearest n hops,
 * or the listed addresses. Never every hop: the client writes the left end of that header itself.
 */
export type TrustProxy = false | number | string[];

/** Address ranges proxy-addr knows by name. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Environment): TrustProxy {
  const raw = (read(env, 'TRUST_PROXY') ?? '').toLowerCase();
  if (['false', 'no', '0'].includes(raw)) return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10)
      throw new ConfigError(`TRUST_PROXY must be a hop count from 0 to 10, got "${raw}".`);
    return hops;
  }
  if (['true', 'yes', '*', 'all'].includes(raw)) {
    throw new ConfigError(
      `TRUST_PROXY=${raw} would believe any client's X-Forwarded-For (forged addresses in rate limits and audit): give the number of proxies in front of the server (e.g. TRUST_PROXY=1) or their addresses (e.g. TRUST_PROXY=10.0.0.0/8).`,
    );
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isProxyRange(entry)) {
      throw new ConfigError(
        `TRUST_PROXY: "${entry}" is neither a hop count, an IP address, a CIDR range (not /0) nor one of ${PROXY_RANGE_NAMES.join(', ')}.`,
      );
    }
  }
  return entries;
}

function isProxyRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  // A /0 range is "everyone": the very trust-all this setting exists to prevent.
  return (
    /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128)
  );
}

function boolean(env: Environment, name: EnvName): boolean {
  const raw = (read(env, name) ?? '').toLowerCase();
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}

function oneOf<T extends string>(env: Environment, name: EnvName, values: readonly T[]): T {
  const raw = read(env, name) ?? '';
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}".`);
  }
  return raw as T;
}

function url(env: Environment, name: EnvName, protocols: readonly string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL.`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}".`);
  }
  return raw;
}

function noticeMonths(raw: string | undefined): Record<string, number> {
  const result: Record<string, number> = {};
  for (const part of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [line = '', months = ''] = part.split('=').map((x) => x.trim());
    if (
      !(PRODUCT_LINES as readonly string[]).includes(line) ||
      !/^\d{1,2}$/.test(months) ||
      Number(months) > 12
    ) {
      throw new ConfigError(
        `RENEWAL_NOTICE_MONTHS: "${part}" should be <product line>=<months 0-12>, lines: ${PRODUCT_LINES.join(', ')}.`,
      );
    }
    result[line] = Number(months);
  }
  return result;
}

/** Reads and validates the whole configuration; throws ConfigError naming the bad variable. */
export function loadConfig(env: Environment = process.env, cwd = process.cwd()): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const);
  const dataDir = path.resolve(cwd, read(env, 'DATA_DIR') ?? './data');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const storageDriver = oneOf(env, 'STORAGE_DRIVER', ['local', 's3'] as const);
  const storage: StorageConfig =
    storageDriver === 'local'
      ? { driver: 'local', dir: path.join(dataDir, 'files') }
      : {
          driver: 's3',
          endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']),
          region: required(env, 'S3_REGION', 'with STORAGE_DRIVER=s3'),
          bucket: required(env, 'S3_BUCKET', 'with STORAGE_DRIVER=s3'),
          accessKeyId: read(env, 'S3_ACCESS_KEY_ID'),
          secretAccessKey: read(env, 'S3_SECRET_ACCESS_KEY'),
          forcePathStyle: boolean(env, 'S3_FORCE_PATH_STYLE'),
        };
  return {
    nodeEnv,
    http: {
      host: read(env, 'HOST') ?? '127.0.0.1',
      port: integer(env, 'PORT', 0, 65535),
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024, 1024 * 1024 * 1024),
      trustProxy: trustProxy(env),
    },
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 0, 600_000),
    dataDir,
    database:
      databaseUrl === undefined
        ? { driver: 'pglite', dataDir: path.join(dataDir, 'pg') }
        : {
            driver: 'postgres',
            url: databaseUrl,
            poolMax: integer(env, 'DATABASE_POOL_MAX', 1, 1000),
          },
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    storage,
    logLevel: oneOf(env, 'LOG_LEVEL', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    auth: {
      accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 60, 3600),
      refreshIdleTtlSeconds: integer(env, 'REFRESH_IDLE_TTL_SECONDS', 300, 31_536_000),
      refreshAbsoluteTtlSeconds: integer(env, 'REFRESH_ABSOLUTE_TTL_SECONDS', 300, 31_536_000),
      refreshReuseGraceSeconds: integer(env, 'REFRESH_REUSE_GRACE_SECONDS', 0, 10),
    },
    renewalNoticeMonths: noticeMonths(read(env, 'RENEWAL_NOTICE_MONTHS')),
    limits: {
      corsOrigins: (read(env, 'CORS_ORIGINS') ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => {
          if (!/^https?:\/\/[^/\s]+$/.test(o))
            throw new ConfigError(
              `CORS_ORIGINS: "${o}" is not an origin like https://app.example.fr.`,
            );
          return o;
        }),
      rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 1, 1_000_000),
      userRateLimitPerMinute: integer(env, 'USER_RATE_LIMIT_PER_MINUTE', 1, 1_000_000),
      loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 1, 1_000_000),
      hsts: boolean(env, 'HSTS'),
      linkRateLimitPerMinute: integer(env, 'LINK_RATE_LIMIT_PER_MINUTE', 1, 1_000_000),
      metricsToken: metricsToken(env),
    },
    documents: {
      publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
      chromiumPath: read(env, 'CHROMIUM_PATH'),
      rendererPoolSize: integer(env, 'RENDERER_POOL_SIZE', 1, 32),
      renderTimeoutMs: integer(env, 'RENDER_TIMEOUT_MS', 1000, 600_000),
      templateWorkers:
        read(env, 'TEMPLATE_WORKERS') === undefined
          ? undefined
          : integer(env, 'TEMPLATE_WORKERS', 1, 64),
      templateWorkerMemoryMiB: integer(env, 'TEMPLATE_WORKER_MEMORY_MIB', 32, 16_384),
    },
    audit: {
      verifyWorkers:
        read(env, 'AUDIT_VERIFY_WORKERS') === undefined
          ? undefined
          : integer(env, 'AUDIT_VERIFY_WORKERS', 1, 64),
      checkpointMinutes: integer(env, 'AUDIT_CHECKPOINT_MINUTES', 0, 10_080),
    },
    jobs: {
      inline: boolean(env, 'JOBS_INLINE'),
      concurrency: integer(env, 'JOBS_CONCURRENCY', 1, 16),
      staleSeconds: integer(env, 'JOBS_STALE_SECONDS', 3, 3600),
      pollSeconds: integer(env, 'JOBS_POLL_SECONDS', 1, 60),
    },
    tracing: {
      otlpEndpoint: url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
      serviceName: read(env, 'OTEL_SERVICE_NAME') ?? 'monassurance',
    },
    webDir: path.resolve(read(env, 'WEB_DIR') ?? path.join(import.meta.dirname, '../../web/dist')),
  };
}

function decodeKey(name: string, value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${name} must be 32 bytes encoded in base64 (openssl rand -base64 32).`);
  }
  return key;
}

/**
 * Resolves the secrets. Explicit variables win. In production a missing secret stops the start;
 * otherwise (embedded mode) secrets are generated once and kept in DATA_DIR/secrets.json (0600).
 */
export function loadSecrets(config: Config, env: Environment = process.env): Secrets {
  const explicit = env.MASTER_KEY?.trim();
  if (explicit) return { masterKey: decodeKey('MASTER_KEY', explicit), source: 'env' };
  const keyFile = env.MASTER_KEY_FILE?.trim();
  if (keyFile) return { masterKey: readKeyFile(keyFile), source: 'file' };
  if (config.nodeEnv === 'production') {
    throw new ConfigError(
      'MASTER_KEY or MASTER_KEY_FILE is required when NODE_ENV=production (generate a key with: openssl rand -base64 32).',
    );
  }
  const file = path.join(config.dataDir, 'secrets.json');
  let stored: { masterKey?: string } | undefined;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as { masterKey?: string };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`${file} is unreadable or not JSON: ${(error as Error).message}`);
    }
  }
  if (stored?.masterKey) {
    return { masterKey: decodeKey(`masterKey in ${file}`, stored.masterKey), source: 'embedded' };
  }
  const masterKey = randomBytes(32);
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ masterKey: masterKey.toString('base64') }, null, 2) + '\n', {
    mode: 0o600,
    flag: 'wx',
  });
  chmodSync(file, 0o600);
  return { masterKey, source: 'embedded', generated: true };
}

/** A key file: 32 bytes in base64 (surrounding whitespace ignored). */
export function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the key file ${file}: ${(error as Error).message}`);
  }
  return decodeKey(`The key in ${file}`, text.trim());
}

/** Replaces the embedded master key in DATA_DIR/secrets.json (after a master key rotation). */
export function storeMasterKey(config: Config, masterKey: Buffer): void {
  const file = path.join(config.dataDir, 'secrets.json');
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    JSON.stringify({ masterKey: masterKey.toString('base64') }, null, 2) + '\n',
    {
      mode: 0o600,
    },
  );
  renameSync(temporary, file);
}
