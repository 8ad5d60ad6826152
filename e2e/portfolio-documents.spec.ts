import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebAppBuilt } from './support/server.ts';
import {
  arriveAt,
  navigate,
  expectAccessible,
  setUpCabinet,
  signIn,
  startJourney,
  type Journey,
} from './support/journey.ts';

// A broker's day: a company, a client, a policy activated, an attestation generated and sent
// through a single-use link; then a template edited with its live preview. Mouse and keyboard.
describe('portfolio and documents journey', () => {
  let journey: Journey;
  let page: Page;
  let policyUrl = '';
  let linkUrl = '';

  beforeAll(async () => {
    assertWebAppBuilt();
    journey = await startJourney();
    page = journey.page;
    const admin = await setUpCabinet(journey);
    await page.goto(journey.url('/'));
    await signIn(page, admin.email);
    await arriveAt(page, 'Tableau de bord', 'journey-dashboard');
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('creates a company', async () => {
    await navigate(page, 'Compagnies');
    await arriveAt(page, 'Compagnies', 'companies');
    await page.getByRole('link', { name: 'Nouvelle compagnie' }).first().click();
    await arriveAt(page, /Nouvelle compagnie/, 'company-new');
    await page.locator('#company-name').fill('Mutuelle du Centre');
    await page.locator('#company-code').fill('MDC');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await arriveAt(page, 'Mutuelle du Centre', 'company-detail');
    expect(new URL(page.url()).pathname).toMatch(/^\/compagnies\/[0-9a-f-]{36}$/);
  });

  it('creates a client with « Nouveau client », « Prénom », « Nom » and « Enregistrer »', async () => {
    await navigate(page, 'Clients');
    await arriveAt(page, 'Clients', 'clients');
    await page.getByRole('link', { name: 'Nouveau client' }).first().click();
    await arriveAt(page, 'Nouveau client', 'client-new');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le formulaire contient 2 erreurs').waitFor();
    expect(await page.title()).toBe('Erreur : Nouveau client – MONASSURANCE');
    await page.getByRole('textbox', { name: 'Prénom', exact: true }).fill('Hélène');
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Dupré');
    await page.getByLabel('Adresse e-mail').fill('helene.dupre@example.fr');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await arriveAt(page, 'Dupré Hélène', 'client-detail');
    expect(new URL(page.url()).pathname).toMatch(/^\/clients\/[0-9a-f-]{36}$/);
  });

  it('creates a policy for that client and activates it', async () => {
    await page.getByRole('link', { name: 'Nouveau contrat' }).click();
    await arriveAt(page, /Nouveau contrat/, 'policy-new');
    await page.locator('#policy-companyId').selectOption({ label: 'Mutuelle du Centre (MDC)' });
    await page.locator('#policy-number').fill('AUTO-2026-001');
    await page.locator('#policy-productLine').selectOption({ label: 'Automobile' });
    await page.locator('#policy-effectiveDate').fill('2026-12-01');
    await page.locator('#policy-annualPremiumCents').fill('1 250,50');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await arriveAt(page, 'Contrat AUTO-2026-001', 'policy-draft');
    policyUrl = page.url();
    expect(await page.locator('.policies-status').textContent()).toContain('Brouillon');

    await page.getByRole('button', { name: 'Activer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Activer le contrat' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Activer le contrat' }).click();
    await page.getByText('Statut : En cours').waitFor();
    await page.waitForTimeout(300);
    await arriveAt(page, 'Contrat AUTO-2026-001', 'policy-active');
    expect(await page.getByRole('button', { name: /^Enregistrer un paiement/ }).count()).toBe(1);
  });

  it('generates an attestation and downloads it once through a single-use link', async () => {
    await page.getByRole('link', { name: 'Générer un document' }).click();
    await arriveAt(page, /document/i, 'document-new');
    await page
      .getByLabel('Modèle')
      .selectOption({ label: "Attestation d'assurance — PDF ou HTML" });
    await page.getByRole('button', { name: 'Générer' }).click();
    await arriveAt(page, 'attestation-AUTO-2026-001.pdf', 'document-detail');
    await page.locator('iframe[title="Aperçu du document"]').waitFor();

    await page.getByRole('button', { name: 'Créer un lien de téléchargement' }).click();
    const field = page.getByLabel('Lien de téléchargement', { exact: true });
    await field.waitFor();
    linkUrl = await field.inputValue();
    expect(linkUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/d\/[A-Za-z0-9_-]+$/);
    await expectCopied(page);

    const first = await fetch(linkUrl);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await first.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await fetch(linkUrl)).status).toBe(410);
  });

  it('edits a template with its live preview and publishes a version', async () => {
    await navigate(page, 'Modèles');
    await arriveAt(page, 'Modèles', 'templates');
    await page.getByRole('link', { name: "Attestation d'assurance" }).click();
    await page.getByLabel('Source du modèle').waitFor();
    const preview = page.getByRole('region', { name: 'Aperçu HTML du modèle' });
    await preview.getByText('Attestation d').first().waitFor();

    const source = page.getByLabel('Source du modèle');
    await source.press('Control+End');
    await source.pressSequentially('<p>Mention ajoutée au parcours</p>');
    await preview.getByText('Mention ajoutée au parcours').waitFor();
    await expectAccessible(page, 'template-editor');

    await page.getByRole('tab', { name: 'Aperçu PDF' }).click();
    await page.locator('iframe[title="Aperçu PDF du modèle"]').waitFor();

    await page.getByRole('checkbox', { name: 'Publier cette version' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Version 2 enregistrée et publiée').waitFor();
  });

  it('finds the attestation among the policy’s documents', async () => {
    await page.goto(`${journey.url('/documents')}?policy=${policyUrl.split('/').pop() ?? ''}`);
    await arriveAt(page, 'Documents', 'documents-of-policy');
    expect(await page.getByText('attestation-AUTO-2026-001.pdf').count()).toBeGreaterThan(0);
  });

  it('ran without browser errors (CSP included)', () => {
    expect(journey.errors).toEqual([]);
  });
});

/** « Copier le lien » says the link was copied (clipboard granted to the page). */
async function expectCopied(page: Page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copier le lien' }).click();
  await page.getByText('Lien copié').waitFor();
}
