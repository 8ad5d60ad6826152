import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebAppBuilt } from './support/server.ts';
import {
  arriveAt,
  navigate,
  expectAccessible,
  PASSWORD,
  startJourney,
  type Journey,
} from './support/journey.ts';

// First run on a fresh install, then sign-out and sign-in by keyboard alone, « Mon compte ».
const ADMIN = {
  cabinet: 'Cabinet Martin',
  name: 'Claire Martin',
  email: 'claire@cabinet-martin.fr',
};

const NAVIGATION = [
  'Tableau de bord',
  'Clients',
  'Contrats',
  'Échéances',
  'Compagnies',
  'Modèles',
  'Documents',
  'Traitements',
  'Journal d’audit',
  'Administration',
];

describe('first run, sign-in by keyboard, my account', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    assertWebAppBuilt();
    journey = await startJourney();
    page = journey.page;
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('shows the first-run screen at / on a fresh install, in French, and sends other paths there', async () => {
    const response = await page.goto(journey.url('/clients'));
    expect(response?.status()).toBe(200);
    await arriveAt(page, 'Bienvenue sur MONASSURANCE', 'first-run');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.title()).toBe('Bienvenue sur MONASSURANCE – MONASSURANCE');
    expect(await page.getByRole('main').count()).toBe(1);
  });

  it('starts with the skip link, which moves the focus to the main content', async () => {
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Aller au contenu principal');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
  });

  it('lists what is missing in an error summary that takes the focus', async () => {
    await page.getByRole('button', { name: 'Créer le cabinet' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Saisissez le nom du cabinet.');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(
      'Le formulaire contient',
    );
    expect(await page.title()).toMatch(/^Erreur : /);
    await expectAccessible(page, 'first-run-errors');
  });

  it('creates the cabinet and its administrator, who lands signed in on the dashboard', async () => {
    await page.getByLabel('Nom du cabinet').fill(ADMIN.cabinet);
    await page.getByLabel('Votre nom complet').fill(ADMIN.name);
    await page.getByLabel('Adresse e-mail').fill(ADMIN.email);
    await page.locator('#setup-password').fill(PASSWORD);
    await page.locator('#setup-passwordConfirmation').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer le cabinet' }).click();
    await arriveAt(page, 'Tableau de bord', 'dashboard-empty');
    const navigation = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await navigation.getByRole('link').allTextContents()).toEqual(NAVIGATION);
    expect(await page.getByRole('banner').textContent()).toContain(ADMIN.cabinet);
  });

  it('moves the focus to the new page’s title after a navigation', async () => {
    await navigate(page, 'Clients');
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toBe('Clients – MONASSURANCE');
  });

  it('signs out, then back in with the keyboard alone, returning to the page asked for', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await arriveAt(page, 'Connexion', 'login');
    await page.goto(journey.url('/mon-compte'));
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(new URL(page.url()).search).toBe('?retour=%2Fmon-compte');

    // Skip link, then the fields in order: nothing but Tab, typing and Enter.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Aller au contenu principal');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('autocomplete')).toBe('username');
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('type')).toBe('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await arriveAt(page, 'Mon compte', 'my-account');
    expect(new URL(page.url()).pathname).toBe('/mon-compte');
  });

  it('shows « Mes sessions » with the current one marked', async () => {
    const sessions = page.getByRole('table', { name: 'Sessions ouvertes' });
    await sessions.waitFor();
    expect(await sessions.getByText('Cette session').count()).toBe(1);
  });

  it('refuses a wrong password with a message, not a crash', async () => {
    journey.expectFailure('/api/v1/auth/login', 401);
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill(ADMIN.email);
    await page.locator('#login-password').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const alert = page.getByRole('alert');
    await alert.first().waitFor();
    expect((await alert.allTextContents()).join(' ')).toMatch(/identifiants|incorrect|invalide/i);
    await expectAccessible(page, 'login-refused');
  });

  it('ran without browser errors (CSP included)', () => {
    expect(journey.errors).toEqual([]);
  });
});

describe('reduced motion', () => {
  it('turns every transition off when the system asks for it', async () => {
    const journey = await startJourney({ reducedMotion: 'reduce' });
    try {
      await journey.page.goto(journey.url('/'));
      await journey.page.getByRole('heading', { level: 1 }).waitFor();
      const motion = await journey.page.evaluate(() => {
        const page = document.querySelector('.ma-page');
        const style = page === null ? null : getComputedStyle(page);
        return {
          duration: getComputedStyle(document.documentElement)
            .getPropertyValue('--ma-duration-slow')
            .trim(),
          animation: style?.animationName,
        };
      });
      expect(motion.animation).toBe('none');
      expect(motion.duration).toMatch(/^0m?s$/);
    } finally {
      await journey.close();
    }
  });
});
