// One cabinet previews endless templates (the red-team review's nested 10,000 × 10,000 loop)
// while another cabinet lists its clients: the list's p50/p95 idle, under 1 and 4 attackers
// (templates rendered in worker threads), and — as the raw « before » of the same run — under 1
// attacker rendering on the main thread with the same engine, as the server did before.
import { openPglite } from '../apps/server/src/db/client.ts';
import { CLI_CONTEXT } from '../apps/server/src/modules/audit/index.ts';
import { BENCH_PASSWORD, benchCabinet } from './lib/app.ts';
import { percentile, printTable } from './lib/table.ts';

const REQUESTS = Number(process.env.BENCH_ISOLATION_REQUESTS ?? 200);
const DOS = '{% for a in (1..10000) %}{% for b in (1..10000) %}{% endfor %}{% endfor %}';

const database = await openPglite();
await database.migrate();
const attacker = await benchCabinet(database, 'Cabinet Attaquant', {
  USER_RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_PER_MINUTE: '1000000',
});
const { app } = attacker;
// The victim: a second cabinet of the same app, with 50 clients.
const victim = await app.services.organizations.createCabinet(
  {
    organizationName: 'Cabinet Voisin',
    email: 'alice@voisin.fr',
    password: BENCH_PASSWORD,
    fullName: 'Alice Voisin',
  },
  CLI_CONTEXT,
);
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { email: victim.user.email, password: BENCH_PASSWORD },
});
const victimHeaders = { authorization: `Bearer ${login.json().accessToken as string}` };
for (let i = 0; i < 50; i++) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: victimHeaders,
    payload: { kind: 'person', firstName: 'Hélène', lastName: `Dupré ${i}` },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
}
const templateId = (
  (await app.inject({ url: '/api/v1/templates?kind=html', headers: attacker.headers })).json()
    .items as { id: string }[]
)[0]!.id;

const preview = (content: string) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/templates/${templateId}/preview`,
    headers: attacker.headers,
    payload: { format: 'html', content },
  });

/** Durations (ms) of `count` list requests of the victim, one after another. */
async function victimLists(count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const res = await app.inject({ url: '/api/v1/clients?limit=50', headers: victimHeaders });
    out.push(performance.now() - start);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  }
  return out;
}

/** Keeps `attackers` endless renders in flight (each replaced when it ends) while `during` runs. */
async function underAttack<T>(
  attackers: number,
  render: () => Promise<unknown>,
  during: () => Promise<T>,
): Promise<{ result: T; renders: number }> {
  let stop = false;
  let renders = 0;
  const loops = Array.from({ length: attackers }, async () => {
    while (!stop) {
      await render();
      renders++;
    }
  });
  // Let the renders start before measuring.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const result = await during();
  stop = true;
  await Promise.all(loops);
  return { result, renders };
}

// Warm-up: the workers load their modules, the list query is planned.
await Promise.all([preview('prêt'), preview('prêt')]);
await victimLists(20);

const rows: Record<string, string | number>[] = [];
const row = (name: string, samples: number[], renders: number | string) =>
  rows.push({
    'victim GET /clients': name,
    requests: samples.length,
    p50: `${percentile(samples, 50).toFixed(1)} ms`,
    p95: `${percentile(samples, 95).toFixed(1)} ms`,
    max: `${Math.max(...samples).toFixed(1)} ms`,
    'attack renders ended': renders,
  });

row('idle (baseline)', await victimLists(REQUESTS), '-');
console.error('render-isolation: baseline measured');
for (const attackers of [1, 4]) {
  const { result, renders } = await underAttack(
    attackers,
    async () => {
      const res = await preview(DOS);
      if (res.statusCode !== 422) throw new Error(`attack: ${res.statusCode} ${res.body}`);
    },
    () => victimLists(REQUESTS),
  );
  row(`${attackers} attacker(s), worker threads`, result, renders);
  console.error(`render-isolation: ${attackers} attacker(s) measured`);
}
// The server before: the same engine on the main thread, three renders one after another (the
// event loop turns between them, as it would between requests); the victim lists meanwhile.
const engine = app.services.templates.engine;
let attackOver = false;
const mainThreadAttack = (async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 3; i++) {
    await engine.render(DOS, {}, { escape: true }).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }
  attackOver = true;
})();
const before: number[] = [];
while (!attackOver) before.push(...(await victimLists(1)));
await mainThreadAttack;
row('1 attacker, main thread (before)', before, 3);
printTable(
  'Render isolation: another cabinet’s list while one cabinet renders endless templates',
  rows,
);

await app.close();
await database.close();
