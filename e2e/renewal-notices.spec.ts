import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebAppBuilt } from './support/server.ts';
import {
  apiCall,
  apiToken,
  arriveAt,
  expectAccessible,
  navigate,
  SCREENSHOTS,
  setUpCabinet,
  signIn,
  startJourney,
  type Journey,
} from './support/journey.ts';

const VIEWPORTS = [
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
] as const;

/** An ISO date `days` from today in Paris (the server's business day). */
function inDays(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Axe, then a picture of the screen as it is at each width (git-ignored, for a human to look at). */
async function pictures(page: Page, name: string, fullPage = true): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.waitForTimeout(250);
    await expectAccessible(page, `${name}-${viewport.name}`);
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${name}-${viewport.name}.png`),
      fullPage,
    });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

// The avis d'échéance of next month, as a batch: the policies renewing soon are listed in
// « Échéances », « Générer les avis » prints one PDF each on the server, the progress shows, then
// the combined PDF downloads; « Traitements » lists the batch.
describe('renewal notices journey', () => {
  let journey: Journey;
  let page: Page;
  const numbers = ['HAB-2026-101', 'HAB-2026-102', 'HAB-2026-103'];

  beforeAll(async () => {
    assertWebAppBuilt();
    journey = await startJourney();
    page = journey.page;
    const admin = await setUpCabinet(journey);
    const token = await apiToken(journey, admin.email);
    const company = await apiCall<{ id: string }>(journey, token, 'POST', '/api/v1/companies', {
      name: 'Mutuelle de l’Ouest',
      code: 'MDO',
    });
    const client = await apiCall<{ id: string }>(journey, token, 'POST', '/api/v1/clients', {
      kind: 'person',
      firstName: 'Lucie',
      lastName: 'Bernard',
    });
    for (const [index, number] of numbers.entries()) {
      const renewalDate = inDays(10 + index * 5);
      const policy = await apiCall<{ id: string }>(journey, token, 'POST', '/api/v1/policies', {
        number,
        clientId: client.id,
        companyId: company.id,
        productLine: 'habitation',
        effectiveDate: inDays(10 + index * 5 - 365),
        renewalDate,
        tacitRenewal: true,
        paymentFrequency: 'annual',
        annualPremiumCents: 42_000 + index * 1_000,
      });
      await apiCall(journey, token, 'POST', `/api/v1/policies/${policy.id}/transitions`, {
        to: 'active',
      });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(journey.url('/'));
    await signIn(page, admin.email);
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('lists the policies renewing within 30 days in « Échéances »', async () => {
    await navigate(page, 'Échéances');
    await page.getByRole('radio', { name: 'Dans les 30 prochains jours' }).check();
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByText('3 contrats arrivent à échéance dans les 30 prochains jours.').waitFor();
    await arriveAt(page, 'Échéances', 'renewal-notices-list');
    await page.getByRole('checkbox', { name: 'Tout sélectionner' }).check();
    expect(await page.getByText('3 contrats cochés.').count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Tout sélectionner' }).uncheck();
    await pictures(page, 'renewal-notices-list');
  });

  it('generates the avis with the starter template and shows the progress', async () => {
    await page.getByRole('button', { name: 'Générer les avis' }).click();
    const dialog = page.getByRole('dialog', { name: 'Générer les avis d’échéance' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Modèle').inputValue()).not.toBe('');
    expect(
      await dialog
        .getByLabel('Modèle')
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text),
    ).toBe("Avis d'échéance");
    await page.waitForTimeout(250);
    // A modal covers the viewport only: a full-page picture would show the page below it.
    await pictures(page, 'renewal-notices-dialog', false);
    await dialog.getByRole('button', { name: 'Lancer la génération' }).click();

    const panel = page.getByRole('region', { name: 'Génération des avis d’échéance' });
    await panel.getByRole('progressbar', { name: 'Avis générés' }).waitFor();
    await panel
      .getByRole('button', { name: 'Télécharger le PDF combiné' })
      .waitFor({ timeout: 60_000 });
    expect(await panel.getByRole('progressbar').getAttribute('aria-valuetext')).toBe(
      '3 / 3 documents',
    );
    expect(await page.getByRole('status').filter({ hasText: 'Génération terminée' }).count()).toBe(
      1,
    );
    await pictures(page, 'renewal-notices-done');
  });

  it('downloads the combined PDF: one page per policy', async () => {
    const panel = page.getByRole('region', { name: 'Génération des avis d’échéance' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Télécharger le PDF combiné' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lot-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf$/);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(numbers.length);
  });

  it('lists the batch in « Traitements »', async () => {
    await navigate(page, 'Traitements');
    await arriveAt(page, 'Traitements', 'jobs');
    const table = page.getByRole('table', { name: 'Traitements' });
    await table.getByText('Terminé', { exact: true }).waitFor();
    await table.getByRole('button', { name: /^Télécharger le PDF combiné/ }).waitFor();
    await pictures(page, 'jobs');
    expect(journey.errors).toEqual([]);
  });
});
