// @vitest-environment jsdom
import type { Problem } from '@monassurance/api-client';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../../shared/api/query.ts';
import { seedActivePolicies, type SeededPolicy } from '../../test-support/portfolio.ts';
import { problemResponse, renderScreen } from '../../test-support/screen.tsx';
import {
  cookieJarFetch,
  setUpCabinet,
  signIn,
  startServer,
  type ServerUnderTest,
} from '../../test-support/server.ts';
import { SessionClient } from '../../shared/api/session-client.ts';
import { renewalsRoutes } from './index.ts';

const ADMIN = {
  organizationName: 'Cabinet Échéances',
  fullName: 'Paul Girard',
  email: 'paul@cabinet-echeances.fr',
  password: 'une phrase de passe solide 2026',
};

let server: ServerUnderTest;
let api: SessionClient;
let policies: SeededPolicy[];
/** What the page handed to the browser as files. */
let saved: Blob[];

beforeAll(async () => {
  server = await startServer();
  await setUpCabinet(server, ADMIN);
  api = new SessionClient({ baseUrl: server.url, fetch: cookieJarFetch().fetch });
  await signIn(api, ADMIN);
  // Three renew within 30 days; the fourth later, in the 60-day period only.
  policies = await seedActivePolicies(api, [5, 12, 20, 45]);
});

afterAll(async () => {
  await server.stop();
});

beforeEach(() => {
  saved = [];
  // jsdom has no object URLs: keep what would have been downloaded.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    saved.push(blob);
    return `blob:${saved.length}`;
  });
  URL.revokeObjectURL = vi.fn();
});

const open = (path = '/echeances?jours=30', intercept?: Parameters<typeof renderScreen>[4]) =>
  renderScreen(server, ADMIN, renewalsRoutes, path, intercept);

async function openDialog() {
  await userEvent.click(await screen.findByRole('button', { name: 'Générer les avis' }));
  const dialog = await screen.findByRole('dialog', { name: 'Générer les avis d’échéance' });
  // The starter avis d'échéance is chosen by default.
  await waitFor(() =>
    expect(within(dialog).getByRole('combobox', { name: /Modèle/ })).toHaveDisplayValue(
      "Avis d'échéance",
    ),
  );
  return dialog;
}

describe('« Générer les avis » from « Échéances »', () => {
  it('generates the avis of the ticked rows, shows the progress, then the files', async () => {
    const { requests } = await open();
    await screen.findByText('3 contrats arrivent à échéance dans les 30 prochains jours.');

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Sélectionner le contrat AUT-001' }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Sélectionner le contrat AUT-003' }),
    );
    expect(screen.getByRole('checkbox', { name: 'Tout sélectionner' })).toHaveProperty(
      'indeterminate',
      true,
    );
    expect(screen.getByText('2 contrats cochés.')).toBeDefined();

    const dialog = await openDialog();
    expect(within(dialog).getByText('Un avis pour chacun des 2 contrats cochés.')).toBeDefined();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Lancer la génération' }));

    const panel = await screen.findByRole('region', { name: 'Génération des avis d’échéance' });
    expect(within(panel).getByRole('progressbar', { name: 'Avis générés' })).toBeDefined();
    await within(panel).findByRole(
      'button',
      { name: 'Télécharger le PDF combiné' },
      { timeout: 45_000 },
    );
    expect(within(panel).getByRole('progressbar', { name: 'Avis générés' })).toHaveAttribute(
      'aria-valuetext',
      '2 / 2 documents',
    );
    expect(within(panel).getByText('Avis prêts', { exact: false })).toBeDefined();
    // The polite region said it started and ended, not each document.
    expect(screen.getByText('Génération terminée : 2 documents sur 2.')).toBeDefined();

    const post = requests.filter((r) => r === 'POST /api/v1/document-batches');
    expect(post).toHaveLength(1);

    await userEvent.click(
      within(panel).getByRole('button', { name: 'Télécharger le PDF combiné' }),
    );
    await waitFor(() => expect(saved).toHaveLength(1));
    const pdf = new Uint8Array(await saved[0]!.arrayBuffer());
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');

    await userEvent.click(within(panel).getByRole('button', { name: 'Télécharger l’archive ZIP' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    const zip = new Uint8Array(await saved[1]!.arrayBuffer());
    expect([...zip.subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('sends the period when no row is ticked, with a fresh idempotency key', async () => {
    const keys: string[] = [];
    const bodies: unknown[] = [];
    await open('/echeances', async (request) => {
      if (request.method === 'POST' && request.url.endsWith('/api/v1/document-batches')) {
        keys.push(request.headers.get('idempotency-key') ?? '');
        bodies.push(await request.json());
      }
      return undefined;
    });
    await screen.findByText('4 contrats arrivent à échéance dans les 60 prochains jours.');
    const dialog = await openDialog();
    expect(
      within(dialog).getByText(/Aucun contrat n’est coché : un avis pour chacun des 4 contrats/),
    ).toBeDefined();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Lancer la génération' }));
    const panel = await screen.findByRole('region', { name: 'Génération des avis d’échéance' });
    await within(panel).findByRole(
      'button',
      { name: 'Télécharger l’archive ZIP' },
      {
        timeout: 45_000,
      },
    );
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(bodies[0]).toMatchObject({ format: 'pdf', renewals: { from: expect.any(String) } });
    expect(bodies[0]).not.toHaveProperty('policyIds');
  });

  it('shows the 422 when no policy renews in the period any more', async () => {
    const [late] = await seedActivePolicies(api, [200], 'TARD');
    await open('/echeances?du=' + late!.renewalDate + '&au=' + late!.renewalDate);
    await screen.findByText(/1 contrat arrive à échéance/);
    // Cancelled by a colleague after the list was shown.
    unwrap(
      await api.api.POST('/api/v1/policies/{id}/transitions', {
        params: { path: { id: late!.id } },
        body: { to: 'cancelled', reason: 'Résilié par l’assuré' },
      }),
    );
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Lancer la génération' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toMatch(/Aucun contrat en vigueur n’a son échéance/);
    expect(screen.queryByRole('region', { name: 'Génération des avis d’échéance' })).toBeNull();
  });

  it('shows a 400 with the field named by its policy number', async () => {
    // The server's own answer to a malformed selection, replayed for the page's request.
    const malformed = await fetch(`${server.url}/api/v1/document-batches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        templateId: '00000000-0000-4000-8000-000000000000',
        format: 'pdf',
        policyIds: [policies[0]!.id, 'pas-un-uuid'],
      }),
    });
    expect(malformed.status).toBe(400);
    const problem = (await malformed.json()) as Problem;
    expect(problem.errors?.[0]?.path).toBe('/policyIds/1');

    await open('/echeances?jours=30', (request) =>
      request.method === 'POST' && request.url.endsWith('/api/v1/document-batches')
        ? problemResponse(problem)
        : undefined,
    );
    await screen.findByText('3 contrats arrivent à échéance dans les 30 prochains jours.');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Tout sélectionner' }));
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Lancer la génération' }));
    await within(dialog).findByRole('alert');
    expect(within(dialog).getByText(/^Contrat AUT-002 :/)).toBeDefined();
  });
});

async function tokenOf(): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}
