import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { pdfPages, pdfText, seedActivePolicy } from '../../test-support/documents.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

// Two apps on one database, as in production: `api` only enqueues (JOBS_INLINE=false), `worker`
// runs the jobs; the API reads what the worker made.
let database: DatabaseHandle;
let api: App;
let worker: App;
let p: Portfolio;
let templateId: string;
/** In the window 2027-03-01..2027-03-05, in échéance order; `tooLong` makes the template fail. */
const inWindow: { policyId: string; number: string; clientId: string }[] = [];
let tooLong: { policyId: string; number: string };
let outside: { policyId: string };
let brokerPolicy: { policyId: string };

// The policy numbers are printed; `TROP-LONG` makes the template write 60 MB, beyond the 5 MiB a
// document may have, so that one item of the batch fails on purpose.
const TEMPLATE = `<!doctype html><html lang="fr"><head><title>Avis</title></head><body>
<h1>Avis d'échéance</h1><p>Contrat {{ policy.number }} échéance {{ policy.renewal_date | date_fr }}</p>
{% if policy.number contains 'TROP-LONG' %}{% for i in (1..3000000) %}01234567890123456789{% endfor %}{% endif %}
</body></html>`;

beforeAll(async () => {
  database = await createTestDatabase();
  // One object store for both, as S3 would be.
  const storage = {
    driver: 'local' as const,
    dir: mkdtempSync(path.join(tmpdir(), 'batch-files-')),
  };
  api = await createTestApp(database, { storage });
  await api.services.startJobs({ work: false });
  p = await seedPortfolio(api, 'Cabinet des lots');
  const created = await api.inject({
    method: 'POST',
    url: '/api/v1/templates',
    headers: bearer(p.tokens.admin),
    payload: { name: 'Avis de test', kind: 'html', content: TEMPLATE },
  });
  expect(created.statusCode).toBe(201);
  templateId = created.json().id;
  for (const [index, day] of ['03', '01', '05', '02'].entries()) {
    const seeded = await seedActivePolicy(api, p, p.tokens.admin, {
      number: `AVIS-${index}`,
      effectiveDate: `2026-${day}-10`,
      renewalDate: `2027-03-${day}`,
    });
    inWindow.push(seeded);
  }
  const seededTooLong = await seedActivePolicy(api, p, p.tokens.admin, {
    number: 'AVIS-TROP-LONG',
    effectiveDate: '2026-03-04',
    renewalDate: '2027-03-04',
  });
  tooLong = seededTooLong;
  outside = await seedActivePolicy(api, p, p.tokens.admin, {
    number: 'AVIS-LATER',
    effectiveDate: '2026-03-20',
    renewalDate: '2027-03-20',
  });
  brokerPolicy = await seedActivePolicy(api, p, p.tokens.broker, {
    number: 'AVIS-BROKER',
    effectiveDate: '2026-04-01',
    renewalDate: '2027-04-01',
  });
  worker = await createTestApp(database, { storage });
  await worker.services.startJobs({ work: true });
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await database?.close();
});

const createBatch = (payload: object, tokens: Tokens = p.tokens.manager, key?: string) =>
  api.inject({
    method: 'POST',
    url: '/api/v1/document-batches',
    headers: { ...bearer(tokens), ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });

async function finished(jobId: string, tokens: Tokens = p.tokens.manager) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = (
      await api.inject({ url: `/api/v1/jobs/${jobId}`, headers: bearer(tokens) })
    ).json();
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('document batches', () => {
  let batch: { id: string; jobId: string; total: number };

  it('queues the avis of a renewal window as a job (202) and makes one document per policy', async () => {
    const res = await createBatch({
      templateId,
      format: 'pdf',
      renewals: { from: '2027-03-01', to: '2027-03-05' },
    });
    expect(res.statusCode).toBe(202);
    batch = res.json();
    expect(res.headers.location).toBe(`/api/v1/document-batches/${batch.id}`);
    // Four good ones and TROP-LONG; AVIS-LATER (20 March) is outside the window.
    expect(batch.total).toBe(5);
    // Not ready while the job has not run.
    const early = await api.inject({
      url: `/api/v1/document-batches/${batch.id}/content`,
      headers: bearer(p.tokens.manager),
    });
    expect([409, 200]).toContain(early.statusCode);

    const job = await finished(batch.jobId);
    expect(job).toMatchObject({
      type: 'document-batch',
      status: 'succeeded',
      progress: { done: 5, total: 5 },
      result: {
        batchId: batch.id,
        format: 'pdf',
        documents: 4,
        failed: 1,
        combinedPdf: true,
        archive: true,
      },
      error: null,
    });
    const view = (
      await api.inject({
        url: `/api/v1/document-batches/${batch.id}`,
        headers: bearer(p.tokens.manager),
      })
    ).json();
    expect(view).toMatchObject({
      status: 'succeeded',
      total: 5,
      done: 4,
      combinedPdf: true,
      archive: true,
    });
    expect(view.failed).toHaveLength(1);
    expect(view.failed[0].policyId).toBe(tooLong.policyId);
    expect(view.failed[0].detail).toMatch(/modèle|Le document/i);
    expect(view.documentIds).toHaveLength(4);

    const documents = (
      await api.inject({
        url: `/api/v1/documents?batchId=${batch.id}`,
        headers: bearer(p.tokens.manager),
      })
    ).json().items as { id: string; batchId: string; policyId: string }[];
    expect(documents).toHaveLength(4);
    expect(new Set(documents.map((d) => d.policyId))).toEqual(
      new Set(inWindow.map((s) => s.policyId)),
    );
    expect(documents.every((d) => d.batchId === batch.id)).toBe(true);
    expect(new Set(documents.map((d) => d.id))).toEqual(new Set(view.documentIds));
  });

  it('the combined PDF has one page per document, soonest échéance first', async () => {
    const res = await api.inject({
      url: `/api/v1/document-batches/${batch.id}/content`,
      headers: bearer(p.tokens.viewer),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="lot-.*\.pdf"$/);
    const pdf = res.rawPayload;
    expect(pdfPages(pdf)).toBe(4);
    const text = pdfText(pdf);
    // Échéances 01, 02, 03, 05 March: AVIS-1, AVIS-3, AVIS-0, AVIS-2.
    const order = ['AVIS-1', 'AVIS-3', 'AVIS-0', 'AVIS-2'].map((n) => text.indexOf(`Contrat ${n}`));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('échéance 01/03/2027');
    expect(text).not.toContain('AVIS-TROP-LONG');
    expect(text).not.toContain('AVIS-LATER');
  });

  it('the ZIP holds each document as its own PDF', async () => {
    const res = await api.inject({
      url: `/api/v1/document-batches/${batch.id}/archive`,
      headers: bearer(p.tokens.manager),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(path.join(tmpdir(), 'batch-zip-'));
    const file = path.join(dir, 'lot.zip');
    writeFileSync(file, res.rawPayload);
    const listing = execFileSync('unzip', ['-Z1', file]).toString('utf8').trim().split('\n');
    expect(listing).toHaveLength(4);
    expect(listing[0]).toMatch(/^00001-.*AVIS-1\.pdf$/);
    const first = execFileSync('unzip', ['-p', file, listing[0]!]);
    expect(pdfPages(first)).toBe(1);
    expect(pdfText(first)).toContain('Contrat AVIS-1');
  });

  it('the job streams its final state as Server-Sent Events', async () => {
    const res = await api.inject({
      url: `/api/v1/jobs/${batch.jobId}/events`,
      headers: bearer(p.tokens.manager),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = res.body
      .split('\n\n')
      .filter((block) => block.startsWith('event: job'))
      .map((block) => JSON.parse(block.split('\ndata: ')[1] ?? '{}'));
    expect(events.at(-1)).toMatchObject({ id: batch.jobId, status: 'succeeded' });
  });

  it('the same Idempotency-Key returns the first batch, and no second job', async () => {
    const payload = { templateId, format: 'pdf', policyIds: [outside.policyId] };
    const first = await createBatch(payload, p.tokens.manager, 'avis-mars-2027');
    const again = await createBatch(payload, p.tokens.manager, 'avis-mars-2027');
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const jobs = (
      await api.inject({
        url: '/api/v1/jobs?type=document-batch&limit=200',
        headers: bearer(p.tokens.manager),
      })
    ).json().items as { id: string }[];
    expect(jobs.filter((j) => j.id === first.json().jobId)).toHaveLength(1);
    const job = await finished(first.json().jobId);
    expect(job.result).toMatchObject({ documents: 1, failed: 0 });
  });

  it('explains what is wrong with a request, naming the field', async () => {
    const both = await createBatch({
      templateId,
      format: 'pdf',
      policyIds: [outside.policyId],
      renewals: { from: '2027-03-01', to: '2027-03-05' },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].path).toBe('/renewals');

    const unknown = await createBatch({
      templateId,
      format: 'pdf',
      policyIds: [outside.policyId, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: '/policyIds/1' })]);

    const empty = await createBatch({
      templateId,
      format: 'pdf',
      renewals: { from: '2030-01-01', to: '2030-01-31' },
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toBe(
      'Aucun contrat en vigueur n’a son échéance entre le 01/01/2030 et le 31/01/2030.',
    );

    const backwards = await createBatch({
      templateId,
      format: 'pdf',
      renewals: { from: '2027-03-05', to: '2027-03-01' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].path).toBe('/renewals/to');

    const xlsx = await createBatch({ templateId, format: 'xlsx', policyIds: [outside.policyId] });
    expect(xlsx.statusCode).toBe(400);
    expect(xlsx.json().errors[0].path).toBe('/format');

    const tooMany = await createBatch({
      templateId,
      format: 'pdf',
      policyIds: Array.from({ length: 10_001 }, () => outside.policyId),
    });
    expect(tooMany.statusCode).toBe(400);

    const badKey = await createBatch(
      { templateId, format: 'pdf', policyIds: [outside.policyId] },
      p.tokens.manager,
      'clé avec espaces',
    );
    expect(badKey.statusCode).toBe(400);
  });

  it("a broker batches their own clients' policies only, and sees only their own jobs", async () => {
    const foreign = await createBatch(
      { templateId, format: 'pdf', policyIds: [brokerPolicy.policyId, outside.policyId] },
      p.tokens.broker,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ path: '/policyIds/1' })]);
    const own = await createBatch(
      { templateId, format: 'pdf', policyIds: [brokerPolicy.policyId] },
      p.tokens.broker,
    );
    expect(own.statusCode).toBe(202);
    const brokerJobs = (
      await api.inject({ url: '/api/v1/jobs', headers: bearer(p.tokens.broker) })
    ).json().items as { id: string }[];
    expect(brokerJobs.map((j) => j.id)).toEqual([own.json().jobId]);
    // The manager's batch is not the broker's.
    const managers = await api.inject({
      url: `/api/v1/document-batches/${batch.id}`,
      headers: bearer(p.tokens.broker),
    });
    expect(managers.statusCode).toBe(404);
    const viewer = await createBatch(
      { templateId, format: 'pdf', policyIds: [outside.policyId] },
      p.tokens.viewer,
    );
    expect(viewer.statusCode).toBe(403);
    await finished(own.json().jobId, p.tokens.broker);
  });

  it('another cabinet sees none of it', async () => {
    const other = await seedPortfolio(api);
    for (const url of [
      `/api/v1/document-batches/${batch.id}`,
      `/api/v1/document-batches/${batch.id}/content`,
      `/api/v1/jobs/${batch.jobId}`,
      `/api/v1/jobs/${batch.jobId}/events`,
    ]) {
      expect((await api.inject({ url, headers: bearer(other.tokens.admin) })).statusCode).toBe(404);
    }
    const cancel = await api.inject({
      method: 'POST',
      url: `/api/v1/jobs/${batch.jobId}/cancel`,
      headers: bearer(other.tokens.admin),
    });
    expect(cancel.statusCode).toBe(404);
    const list = (
      await api.inject({ url: '/api/v1/jobs', headers: bearer(other.tokens.admin) })
    ).json();
    expect(list.items).toEqual([]);
  });

  it('a finished job cannot be cancelled, and only a failed one retried (409)', async () => {
    const cancel = await api.inject({
      method: 'POST',
      url: `/api/v1/jobs/${batch.jobId}/cancel`,
      headers: bearer(p.tokens.manager),
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().detail).toBe('Ce traitement est terminé : il ne peut plus être annulé.');
    const retry = await api.inject({
      method: 'POST',
      url: `/api/v1/jobs/${batch.jobId}/retry`,
      headers: bearer(p.tokens.manager),
    });
    expect(retry.statusCode).toBe(409);
  });
});
