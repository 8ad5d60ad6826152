// Authentication costs: login (Argon2id + session + token) through the HTTP stack, and the
// per-request verification of an access token plus its revocation check (memory and Redis), each
// next to a raw baseline measured in the same run.
import { verify } from '@node-rs/argon2';
import { Redis } from 'ioredis';
import { jwtVerify } from 'jose';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openPglite } from '../apps/server/src/db/client.ts';
import { AccessTokens, hashPassword } from '../apps/server/src/modules/auth/index.ts';
import { CLI_CONTEXT } from '../apps/server/src/modules/audit/index.ts';
import { RedisRevocationStore } from '../apps/server/src/platform/revocation/revocation-store.ts';
import { percentile, printTable, sample as sampleAfterWarmUp, stats } from './lib/table.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const VERIFICATIONS = Number(process.env.BENCH_VERIFICATIONS ?? 20_000);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'Bench-Phrase-De-Passe-42';

/** Warm-ups are explicit here (some runs consume accounts). */
const sample = (times: number, run: () => Promise<unknown>) => sampleAfterWarmUp(times, run, 0);

const row = (what: string, values: number[], unit: 'ms' | 'µs' = 'ms') => {
  const scale = unit === 'µs' ? 1000 : 1;
  const fmt = (v: number) => `${(v * scale).toFixed(unit === 'µs' ? 1 : 2)} ${unit}`;
  return {
    what,
    n: values.length,
    p50: fmt(percentile(values, 50)),
    p95: fmt(percentile(values, 95)),
    max: fmt(stats(values).max),
  };
};

const database = await openPglite();
await database.migrate();
const config = loadConfig({
  LOG_LEVEL: 'silent',
  NODE_ENV: 'test',
  DATA_DIR: '/tmp/monassurance-bench',
});
const app = await buildApp(config, { database, secrets: { masterKey: Buffer.alloc(32, 3) } });
await app.services.start();
const { user, organization } = await app.services.organizations.createCabinet(
  {
    organizationName: 'Cabinet Bench',
    email: 'admin@cabinet-perf.fr',
    password: PASSWORD,
    fullName: 'Alice Martin',
  },
  CLI_CONTEXT,
);

// Login through HTTP. Distinct client addresses: the throttle is not what is measured.
let ip = 0;
const loginOnce = async (email: string, password: string) => {
  ip++;
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`,
  });
};
await sample(10, () => loginOnce(user.email, PASSWORD));
const logins = await sample(LOGINS, () => loginOnce(user.email, PASSWORD));
// Failures on distinct accounts, so that the throttle (429) never answers instead of the check.
const accounts: string[] = [];
for (let i = 0; i < LOGINS; i++) {
  const created = await app.services.users.create(
    { userId: user.id, organizationId: organization.id, role: 'admin' },
    CLI_CONTEXT,
    {
      email: `courtier-${i}@cabinet-perf.fr`,
      fullName: 'Courtier',
      role: 'broker',
      password: PASSWORD,
    },
  );
  accounts.push(created.email);
}
let n = 0;
const wrong = await sample(LOGINS, () => loginOnce(accounts[n++]!, 'not-the-password-at-all'));
let m = 0;
const unknown = await sample(LOGINS, () =>
  loginOnce(`inconnu-${m++}@cabinet-perf.fr`, 'not-the-password-at-all'),
);
const hash = await hashPassword(PASSWORD);
const rawArgon = await sample(LOGINS, () => verify(hash, PASSWORD));

printTable(`Login (Argon2id m=19 MiB t=2 p=1; target p95 < 150 ms)`, [
  row('raw: argon2 verify alone', rawArgon),
  row('POST /auth/login, success', logins),
  row('POST /auth/login, wrong password', wrong),
  row('POST /auth/login, unknown e-mail', unknown),
]);

// Token verification + revocation check, the cost every authenticated request pays.
const tokens = app.services.tokens;
const { token } = await tokens.issue({
  userId: user.id,
  organizationId: organization.id,
  role: 'admin',
  sessionId: user.id,
});
const publicKey = await app.services.keys.publicKey((await app.services.keys.activeKey()).kid);
const rawVerify = await sample(VERIFICATIONS, () =>
  jwtVerify(token, publicKey!, { algorithms: ['EdDSA'] }),
);
const withMemory = await sample(VERIFICATIONS, () => tokens.verify(token));
const rows = [
  row('raw: jose EdDSA verify alone', rawVerify, 'µs'),
  row('verify + revocation (memory)', withMemory, 'µs'),
];

const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
try {
  await redis.connect();
  const redisStore = new RedisRevocationStore(redis, `ma:bench:${process.pid}:`);
  const overRedis = new AccessTokens(app.services.keys, redisStore, 600);
  const rawPing = await sample(VERIFICATIONS / 4, () => redis.ping());
  const withRedis = await sample(VERIFICATIONS / 4, () => overRedis.verify(token));
  rows.push(
    row('raw: Redis PING round trip', rawPing, 'µs'),
    row('verify + revocation (Redis MGET)', withRedis, 'µs'),
  );
} catch (error) {
  console.log(
    `(Redis at ${REDIS_URL} unavailable: ${(error as Error).message}; Redis rows skipped)`,
  );
} finally {
  redis.disconnect();
}
printTable('Access-token verification per request (target < 1 ms)', rows);

await app.close();
await database.close();
