// Document batches as jobs, embedded mode (PGlite, the job runs inside the server process):
// 1,000 one-page attestations through POST /api/v1/document-batches, end to end (queued → every
// document rendered, printed, encrypted, stored and audited → combined PDF and ZIP made), next to
// a raw 1,000-page Chromium print of the same HTML in the same run; and the p95 of an
// authenticated list request while that batch runs, next to the same request on an idle server.
import { inArray } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { openPglite } from '../apps/server/src/db/client.ts';
import { policies } from '../apps/server/src/db/schema/index.ts';
import { withBaseStyles } from '../apps/server/src/modules/documents/compose.ts';
import { planBatch } from '../apps/server/src/platform/renderer/batch.ts';
import { CHROMIUM_BASE_ARGS, resolveChromium } from '../apps/server/src/platform/renderer/index.ts';
import { benchCabinet } from './lib/app.ts';
import { seedPortfolio } from './lib/seed.ts';
import { percentile, printTable, sample } from './lib/table.ts';

const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const fmt = (v: number) => `${v.toFixed(1)} ms`;
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;

const database = await openPglite();
await database.migrate();
// The loop below polls faster than a user would: no rate limit in the way.
const { app, headers, organization } = await benchCabinet(database, 'Cabinet des lots', {
  RATE_LIMIT_PER_MINUTE: '1000000',
  USER_RATE_LIMIT_PER_MINUTE: '1000000',
});
await app.services.startJobs({ work: true });
// Enough policies that BATCH of them are active (the seed leaves one in ten as a draft).
await seedPortfolio(database.db, organization.id, {
  clients: BATCH,
  policies: Math.ceil(BATCH / 0.9) + 10,
});
const active = (
  await database.db
    .select({ id: policies.id, status: policies.status })
    .from(policies)
    .where(inArray(policies.organizationId, [organization.id]))
)
  .filter((p) => p.status === 'active')
  .slice(0, BATCH)
  .map((p) => p.id);
const templates = (await app.inject({ url: '/api/v1/templates', headers })).json().items as {
  id: string;
  code: string;
}[];
const attestation = templates.find((t) => t.code === 'attestation')!;

const list = async () => {
  const res = await app.inject({ url: '/api/v1/clients?limit=50', headers });
  if (res.statusCode !== 200) throw new Error(res.body);
};

// Idle: the list request alone.
const idle = await sample(200, list);

// The raw print: the same 1,000 documents' HTML in one combined page, one bare Chromium print.
const scope = { organizationId: organization.id, userId: '', role: 'admin' as const };
const { version } = await app.services.templates.resolve(organization.id, attestation.id);
const htmls: string[] = [];
for (const policyId of active) {
  const data = await app.services.documents.dataOf(scope, { policyId });
  const html = await app.services.templates.engine.render(version.content ?? '', data, {
    escape: true,
  });
  htmls.push(
    withBaseStyles(
      html.replace(/<template\s+id="pdf-(?:header|footer)"[\s\S]*?<\/template>/gi, ''),
    ),
  );
}
const plan = planBatch(htmls, new Set());
if (!('html' in plan)) throw new Error(`raw batch refused: ${plan.refused}`);
const executable = await resolveChromium({});
const browser = await chromium.launch({
  executablePath: executable.path,
  args: [...CHROMIUM_BASE_ARGS],
});
const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
let started = performance.now();
await page.setContent(plan.html, { waitUntil: 'load' });
const rawPdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
const rawMs = performance.now() - started;
await browser.close();

// Through the API, as a job, with list requests running beside it.
started = performance.now();
const accepted = await app.inject({
  method: 'POST',
  url: '/api/v1/document-batches',
  headers,
  payload: { templateId: attestation.id, format: 'pdf', policyIds: active },
});
if (accepted.statusCode !== 202) throw new Error(accepted.body);
const { jobId, id: batchId } = accepted.json() as { jobId: string; id: string };
const during: number[] = [];
let status = 'queued';
while (status === 'queued' || status === 'running') {
  const t = performance.now();
  await list();
  during.push(performance.now() - t);
  const job = await app.inject({ url: `/api/v1/jobs/${jobId}`, headers });
  if (job.statusCode !== 200) throw new Error(job.body);
  status = job.json().status;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const batchMs = performance.now() - started;
const batch = (await app.inject({ url: `/api/v1/document-batches/${batchId}`, headers })).json();
const combined = await app.inject({ url: `/api/v1/document-batches/${batchId}/content`, headers });

printTable(
  `${BATCH} one-page attestations (PGlite, embedded: the job runs in the server process)`,
  [
    {
      path: 'API: POST /document-batches → job succeeded (render, print, store, audit, combined PDF, ZIP)',
      wall: seconds(batchMs),
      documents: `${batch.done} (${batch.failed.length} failed), status ${status}`,
      'ratio / raw': (batchMs / rawMs).toFixed(2),
    },
    {
      path: `raw: one bare Chromium print of the same ${BATCH} pages`,
      wall: seconds(rawMs),
      documents: `${BATCH} pages, ${(rawPdf.length / 1024).toFixed(0)} KiB`,
      'ratio / raw': '1.00',
    },
  ],
);
printTable('GET /api/v1/clients?limit=50 (authenticated) in the same process', [
  {
    when: 'idle',
    requests: idle.length,
    p50: fmt(percentile(idle, 50)),
    p95: fmt(percentile(idle, 95)),
  },
  {
    when: `while the ${BATCH}-document batch runs`,
    requests: during.length,
    p50: fmt(percentile(during, 50)),
    p95: fmt(percentile(during, 95)),
  },
]);
console.log(
  `combined PDF: ${combined.statusCode}, ${(combined.rawPayload.length / 1024).toFixed(0)} KiB`,
);
await app.close();
await database.close();
