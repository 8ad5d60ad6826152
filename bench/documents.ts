// Document costs: one PDF through the API (render + encrypt + store + link) next to a raw
// Chromium print of the same HTML in the same run; a batch of one-page attestations; an XLSX of
// 100,000 rows × 10 columns next to a raw ExcelJS streaming writer (time and peak RSS, each in a
// process of its own); and a renderer soak (memory drift, leftover processes).
import { execFileSync, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { openPglite } from '../apps/server/src/db/client.ts';
import {
  splitPageFurniture,
  withBaseStyles,
} from '../apps/server/src/modules/documents/compose.ts';
import {
  CHROMIUM_BASE_ARGS,
  createPdfRenderer,
  resolveChromium,
} from '../apps/server/src/platform/renderer/index.ts';
import { benchCabinet } from './lib/app.ts';
import { percentile, printTable, sample } from './lib/table.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const SOAK = Number(process.env.BENCH_SOAK_RENDERS ?? 5000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);

const fmt = (v: number) => `${v.toFixed(1)} ms`;
/** Chromium processes of this machine (the renderer's and any other). */
const chromiumProcesses = () => {
  const result = spawnSync('pgrep', ['-c', '-f', 'chrom(e|ium)'], { encoding: 'utf8' });
  return Number(result.stdout.trim() || 0);
};

// 1. One attestation through the API, and the same HTML printed by a bare Chromium page.
const database = await openPglite();
await database.migrate();
const { app, headers } = await benchCabinet(database, 'Cabinet Documents');
await app.inject({
  method: 'PATCH',
  url: '/api/v1/organization',
  headers,
  payload: {
    oriasNumber: '12345678',
    address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
  },
});
const company = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/companies',
    headers,
    payload: { name: "Mutuelle de l'Ouest", code: 'MDO' },
  })
).json();
const client = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers,
    payload: { kind: 'person', firstName: 'Hélène', lastName: 'Dupré', email: 'h@example.fr' },
  })
).json();
const policy = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers,
    payload: {
      number: 'AUTO-2026-0042',
      clientId: client.id,
      companyId: company.id,
      productLine: 'auto',
      effectiveDate: '2026-01-15',
      renewalDate: '2027-01-15',
      paymentFrequency: 'quarterly',
      annualPremiumCents: 123_456,
    },
  })
).json();
await app.inject({
  method: 'POST',
  url: `/api/v1/policies/${policy.id}/transitions`,
  headers,
  payload: { to: 'active', reason: 'Signature' },
});
const templates = (await app.inject({ url: '/api/v1/templates', headers })).json().items as {
  id: string;
  code: string;
}[];
const attestation = templates.find((t) => t.code === 'attestation')!;

const viaApi = await sample(REQUESTS, async () => {
  const doc = await app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    headers,
    payload: { templateId: attestation.id, format: 'pdf', policyId: policy.id },
  });
  if (doc.statusCode !== 201) throw new Error(doc.body);
  const link = await app.inject({
    method: 'POST',
    url: `/api/v1/documents/${doc.json().id as string}/links`,
    headers,
    payload: {},
  });
  if (link.statusCode !== 201) throw new Error(link.body);
});

// The same HTML the API printed, through playwright-core with nothing around it.
const services = app.services;
const org = (await app.inject({ url: '/api/v1/organization', headers })).json();
const scope = { organizationId: org.id as string, userId: '', role: 'admin' as const };
const { version } = await services.templates.resolve(org.id, attestation.id);
const data = await services.documents.dataOf(scope, { policyId: policy.id });
const html = await services.templates.engine.render(version.content ?? '', data, { escape: true });
const { body, footer } = splitPageFurniture(html);
const executable = await resolveChromium({});
const browser = await chromium.launch({
  executablePath: executable.path,
  args: [...CHROMIUM_BASE_ARGS],
});
const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
const raw = await sample(REQUESTS, async () => {
  await page.setContent(withBaseStyles(body), { waitUntil: 'load' });
  await page.pdf({
    format: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: footer ?? '<span></span>',
  });
});
const newTab = await sample(Math.min(REQUESTS, 30), async () => {
  const tab = await page.context().newPage();
  await tab.setContent(withBaseStyles(body), { waitUntil: 'load' });
  await tab.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  await tab.close();
});
await browser.close();

const p50 = percentile(viaApi, 50);
const p95 = percentile(viaApi, 95);
printTable(`One attestation PDF (PGlite, ${REQUESTS} requests after 5 warm-ups, pool of 2)`, [
  {
    path: 'API: render + encrypt + store + audit + link',
    p50: fmt(p50),
    p95: fmt(p95),
    'ratio p95 / raw p95': (p95 / percentile(raw, 95)).toFixed(2),
  },
  {
    path: 'raw: reused Chromium page, same HTML',
    p50: fmt(percentile(raw, 50)),
    p95: fmt(percentile(raw, 95)),
    'ratio p95 / raw p95': '1.00',
  },
  {
    path: 'raw: a new tab per print',
    p50: fmt(percentile(newTab, 50)),
    p95: fmt(percentile(newTab, 95)),
    'ratio p95 / raw p95': (percentile(newTab, 95) / percentile(raw, 95)).toFixed(2),
  },
]);

// 2. A batch of one-page attestations: one combined print split with pdf-lib, versus one by one.
const composer = services.documents.composer;
const items = Array.from({ length: BATCH }, (_, i) => ({
  ...data,
  policy: { ...(data.policy as object), number: `AUTO-2026-${String(i).padStart(5, '0')}` },
}));
let start = performance.now();
const pdfs = await composer.composeBatch(version.content ?? '', items);
const batchMs = performance.now() - start;
const singles = Math.min(BATCH, 100);
start = performance.now();
for (let i = 0; i < singles; i++) {
  await composer.compose({
    kind: 'html',
    content: version.content,
    file: null,
    format: 'pdf',
    data: items[i]!,
  });
}
const singleMs = ((performance.now() - start) / singles) * BATCH;
printTable(`${BATCH} one-page attestations`, [
  {
    way: 'batch (combined prints split with pdf-lib)',
    wall: `${(batchMs / 1000).toFixed(1)} s`,
    documents: pdfs.length,
  },
  {
    way: `one print each (${singles} measured, scaled)`,
    wall: `${(singleMs / 1000).toFixed(1)} s`,
    documents: BATCH,
  },
]);
await app.close();
await database.close();

// 3. XLSX: each measurement in its own process, so that peak RSS is its own.
const xlsxRuns = ['engine', 'raw'].map((mode) => {
  const out = execFileSync('npx', ['tsx', 'lib/xlsx-child.ts', mode, String(XLSX_ROWS)], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as {
    ms: number;
    rssMiB: number;
    bytes: number;
  };
});
printTable(`XLSX ${XLSX_ROWS.toLocaleString('en')} rows × 10 columns`, [
  {
    writer: 'fillWorkbook (template + data)',
    time: `${(xlsxRuns[0]!.ms / 1000).toFixed(2)} s`,
    'peak RSS': `${xlsxRuns[0]!.rssMiB} MiB`,
    size: `${(xlsxRuns[0]!.bytes / 1048576).toFixed(1)} MiB`,
  },
  {
    writer: 'raw ExcelJS streaming writer',
    time: `${(xlsxRuns[1]!.ms / 1000).toFixed(2)} s`,
    'peak RSS': `${xlsxRuns[1]!.rssMiB} MiB`,
    size: `${(xlsxRuns[1]!.bytes / 1048576).toFixed(1)} MiB`,
  },
]);

// 4. Soak: many renders through one renderer (recycled every 500): memory and processes.
const before = chromiumProcesses();
// A limit far above use, so that the renderer measures its browser's memory as it goes.
const renderer = createPdfRenderer({ poolSize: 2, maxQueue: SOAK, maxBrowserRssMiB: 8192 });
const soakHtml = withBaseStyles(body);
const rss: { at: number; node: number; browser: number | undefined; processes: number }[] = [];
const every = Math.max(100, Math.floor(SOAK / 5 / 100) * 100);
// The browser's memory is measured every 10 prints and reset by each recycle (every 500): keep
// the highest reading of each interval.
let highest: number | undefined;
start = performance.now();
for (let done = 0; done < SOAK; done += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, SOAK - done) }, () => renderer.render({ html: soakHtml })),
  );
  const reading = renderer.stats().browserRssBytes;
  if (reading !== undefined) highest = Math.max(highest ?? 0, reading);
  if ((done + 100) % every === 0 || done + 100 >= SOAK) {
    rss.push({
      at: Math.min(done + 100, SOAK),
      node: process.memoryUsage().rss,
      browser: highest,
      processes: chromiumProcesses(),
    });
    highest = undefined;
  }
}
const soakMs = performance.now() - start;
const stats = renderer.stats();
const lastBrowser = stats.browserPid;
await renderer.close();
await new Promise((r) => setTimeout(r, 500));
const after = chromiumProcesses();
const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const mib = (b: number | undefined) =>
  b === undefined ? 'n/a' : `${(b / 1048576).toFixed(0)} MiB`;
printTable(
  `Renderer soak: ${SOAK} renders in ${(soakMs / 1000).toFixed(1)} s (${(SOAK / (soakMs / 1000)).toFixed(0)}/s), ${stats.browserLaunches} browser launches (recycled every 500)`,
  [
    ...rss.map((r) => ({
      'after renders': String(r.at),
      'node RSS': mib(r.node),
      'highest browser RSS (all its processes)': mib(r.browser),
      'chromium processes on the machine': String(r.processes),
    })),
    {
      'after renders': 'closed',
      'node RSS': mib(process.memoryUsage().rss),
      'highest browser RSS (all its processes)': `last browser ${alive(lastBrowser) ? 'STILL RUNNING' : 'gone'}`,
      'chromium processes on the machine': `${before} before, ${after} after`,
    },
  ],
);
