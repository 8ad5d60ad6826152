// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/api/jobs.ts';
import { unwrap } from '../../shared/api/query.ts';
import { SessionClient } from '../../shared/api/session-client.ts';
import { seedActivePolicies, type SeededPolicy } from '../../test-support/portfolio.ts';
import { problemResponse, renderScreen, type Intercept } from '../../test-support/screen.tsx';
import {
  cookieJarFetch,
  setUpCabinet,
  signIn,
  startServer,
  type ServerUnderTest,
} from '../../test-support/server.ts';
import { jobsRoutes } from './index.ts';

const ADMIN = {
  organizationName: 'Cabinet Traitements',
  fullName: 'Inès Moreau',
  email: 'ines@cabinet-traitements.fr',
  password: 'une phrase de passe solide 2026',
};

let server: ServerUnderTest;
let api: SessionClient;
let policies: SeededPolicy[];
let finished: Job;
let cancelled: Job;

/** Starts a batch of avis through the API and waits until its job has finished. */
async function batchOf(policyIds: string[], { cancel = false } = {}): Promise<Job> {
  const templates = unwrap(await api.api.GET('/api/v1/templates', { params: { query: {} } }));
  const template = templates.items.find((t) => t.code === 'avis_echeance');
  const accepted = unwrap(
    await api.api.POST('/api/v1/document-batches', {
      body: { templateId: template?.id ?? '', format: 'pdf', policyIds },
    }),
  );
  if (cancel) {
    unwrap(
      await api.api.POST('/api/v1/jobs/{id}/cancel', {
        params: { path: { id: accepted.jobId } },
      }),
    );
  }
  for (;;) {
    const job = unwrap(
      await api.api.GET('/api/v1/jobs/{id}', { params: { path: { id: accepted.jobId } } }),
    );
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  server = await startServer();
  await setUpCabinet(server, ADMIN);
  api = new SessionClient({ baseUrl: server.url, fetch: cookieJarFetch().fetch });
  await signIn(api, ADMIN);
  policies = await seedActivePolicies(api, [5, 12]);
  finished = await batchOf(policies.map((p) => p.id));
  cancelled = await batchOf([policies[0]!.id], { cancel: true });
});

afterAll(async () => {
  await server.stop();
});

const open = (path = '/traitements', intercept?: Intercept) =>
  renderScreen(server, ADMIN, jobsRoutes, path, intercept);

/** The list as the server sends it, with one job shown in another state. */
function listShowing(job: Job): Intercept {
  return async (request) => {
    if (request.method !== 'GET' || new URL(request.url).pathname !== '/api/v1/jobs') return;
    const { items } = unwrap(await api.api.GET('/api/v1/jobs', { params: { query: {} } }));
    return Response.json({
      items: [job, ...items.filter((j) => j.id !== job.id)],
      nextCursor: null,
    });
  };
}

const rowOf = (text: RegExp | string) => {
  const cell = screen
    .getAllByRole('rowheader')
    .find((th) =>
      typeof text === 'string' ? th.textContent?.includes(text) : text.test(th.textContent ?? ''),
    );
  const row = cell?.closest('tr');
  if (!row) throw new Error(`no row ${String(text)}`);
  return row;
};

describe('« Traitements »', () => {
  it('lists the jobs with their state, and the files of a finished batch', async () => {
    expect(finished.status).toBe('succeeded');
    expect(cancelled.status).toBe('cancelled');
    await open();
    await screen.findByRole('heading', { level: 1, name: 'Traitements' });
    const table = await screen.findByRole('table', { name: 'Traitements' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    // Newest first: the cancelled batch, then the finished one.
    expect(within(rows[0]!).getByText('Annulé')).toBeDefined();
    expect(within(rows[1]!).getByText('Terminé')).toBeDefined();
    expect(within(rows[1]!).getByText('Lot de documents')).toBeDefined();
    expect(within(rows[1]!).getByText('2 / 2 documents')).toBeDefined();
    await within(rows[1]!).findByRole('button', { name: /^Télécharger le PDF combiné/ });
    expect(
      within(rows[1]!).getByRole('button', { name: /^Télécharger l’archive ZIP/ }),
    ).toBeDefined();
    expect(within(rows[0]!).queryByRole('button', { name: /Annuler|Relancer/ })).toBeNull();
  });

  it('filters by state', async () => {
    await open();
    await screen.findByRole('table', { name: 'Traitements' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'État' }), 'Annulé');
    await userEvent.click(screen.getByRole('button', { name: 'Filtrer' }));
    await waitFor(() =>
      expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2),
    );
    expect(within(screen.getByRole('table')).getByText('Annulé')).toBeDefined();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'État' }), 'En échec');
    await userEvent.click(screen.getByRole('button', { name: 'Filtrer' }));
    await screen.findByText('Aucun traitement dans cet état');
  });

  it('shows a running job’s progress and asks for its cancel', async () => {
    const running: Job = {
      ...finished,
      status: 'running',
      progress: { done: 1, total: 2 },
      finishedAt: null,
    };
    const list = listShowing(running);
    const { requests } = await open('/traitements', async (request) => {
      if (request.method === 'POST' && request.url.endsWith(`/jobs/${finished.id}/cancel`)) {
        return Response.json({ ...running, cancelRequested: true });
      }
      return list(request);
    });
    await screen.findByRole('table', { name: 'Traitements' });
    const row = rowOf(/Lot de documents/);
    expect(within(row).getByText('En cours')).toBeDefined();
    expect(within(row).getByRole('progressbar', { name: 'Avancement' })).toHaveAttribute(
      'aria-valuetext',
      '1 / 2 documents',
    );
    await userEvent.click(within(row).getByRole('button', { name: /^Annuler/ }));
    await screen.findByText('Annulation demandée', { selector: '.ma-toast *' });
    expect(requests).toContain(`POST /api/v1/jobs/${finished.id}/cancel`);
  });

  it('shows the 409 of a cancel that comes too late', async () => {
    // The page still shows the job running; the server has finished it meanwhile.
    await open('/traitements', listShowing({ ...finished, status: 'running', finishedAt: null }));
    await screen.findByRole('table', { name: 'Traitements' });
    await userEvent.click(
      within(rowOf(/Lot de documents/)).getAllByRole('button', { name: /^Annuler/ })[0]!,
    );
    const toast = await screen.findByText(/^Annulation impossible/, { selector: '.ma-toast *' });
    // The server's own words (409: the job has already finished).
    expect(toast.closest('.ma-toast')?.textContent).toMatch(/ne peut plus être annulé/);
  });

  it('shows a failed job’s error, retries it, and shows a refused retry', async () => {
    const failed: Job = {
      ...finished,
      status: 'failed',
      result: null,
      error: { title: 'Génération interrompue', detail: 'Le moteur PDF ne répond pas.' },
    };
    const list = listShowing(failed);
    let retries = 0;
    await open('/traitements', async (request) => {
      if (request.method === 'POST' && request.url.endsWith(`/jobs/${finished.id}/retry`)) {
        retries += 1;
        // The first retry is accepted; the second reaches the server, which refuses it (409).
        if (retries === 1) return Response.json({ ...failed, status: 'queued', error: null });
        return undefined;
      }
      return list(request);
    });
    await screen.findByRole('table', { name: 'Traitements' });
    const row = rowOf(/Lot de documents/);
    expect(within(row).getByText('En échec')).toBeDefined();
    expect(within(row).getByText('Génération interrompue')).toBeDefined();
    expect(within(row).getByText('Le moteur PDF ne répond pas.')).toBeDefined();

    await userEvent.click(within(row).getByRole('button', { name: /^Relancer/ }));
    await screen.findByText('Traitement relancé', { selector: '.ma-toast *' });

    await userEvent.click(
      within(rowOf(/Lot de documents/)).getByRole('button', { name: /^Relancer/ }),
    );
    const alert = await screen.findByText(/^Relance impossible/, { selector: '.ma-toast *' });
    expect(alert).toBeDefined();
    expect(retries).toBe(2);
  });

  it('says when the list cannot be read', async () => {
    await open('/traitements', (request) =>
      new URL(request.url).pathname === '/api/v1/jobs'
        ? problemResponse({
            type: 'https://monassurance.fr/problems/internal',
            title: 'Erreur interne',
            status: 500,
            detail: 'Réessayez dans un instant.',
          })
        : undefined,
    );
    await screen.findByText('Erreur interne', {}, { timeout: 20_000 });
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeDefined();
  });
});
