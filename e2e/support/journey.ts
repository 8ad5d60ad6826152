import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser.ts';
import { REPO_ROOT, startServer, type ServerUnderTest } from './server.ts';

/** Kept after the run for a human to look at (git-ignored). */
export const SCREENSHOTS = path.join(REPO_ROOT, 'e2e/screenshots');

export const PASSWORD = 'une phrase de passe solide 2026';

/** The WCAG 2.2 A/AA rules (with the 2.0 and 2.1 ones they include). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * A signed-out browser tab on a fresh server. The console errors tolerated are the refresh a tab
 * tries on load before anyone signed in (401, by design: the refresh cookie is HttpOnly) and those
 * a test declares with `expectFailure`.
 */
export interface Journey {
  server: ServerUnderTest;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Browser errors seen so far (page errors, console errors, CSP violations). */
  errors: string[];
  /** Tolerates the console error of an answer the screen under test expects (a refused login). */
  expectFailure(pathname: string, status: number): void;
  url(pathname: string): string;
  close(): Promise<void>;
}

export async function startJourney(
  options: { reducedMotion?: 'reduce' | 'no-preference' } = {},
): Promise<Journey> {
  const server = await startServer();
  const browser = await launchChromium();
  const context = await browser.newContext({
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
    reducedMotion: options.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  // Answers a screen expects and handles (Chromium logs every 4xx as a console error).
  const expected = new Set(['/api/v1/auth/refresh 401']);
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    const where = message.location().url;
    if (
      status !== undefined &&
      where !== '' &&
      expected.has(`${new URL(where).pathname} ${status}`)
    ) {
      return;
    }
    errors.push(`console: ${message.text()} (${where})`);
  });
  return {
    server,
    browser,
    context,
    page,
    errors,
    expectFailure: (pathname, status) => expected.add(`${pathname} ${status}`),
    url: (pathname) => new URL(pathname, server.url).href,
    close: async () => {
      await browser.close();
      expect(await server.stop()).toBe(0);
    },
  };
}

/** Runs axe (WCAG 2.2 AA) on the page as it is now: zero violations, or a readable list. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(0);
}

/** Waits for the screen's h1, lets its arrival transition end, checks it with axe, keeps a picture. */
export async function arriveAt(page: Page, title: string | RegExp, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ state: 'visible' });
  await page.waitForTimeout(350);
  await expectAccessible(page, name);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Creates the cabinet through the API (journeys that do not test the first-run screen). */
export async function setUpCabinet(
  journey: Journey,
  admin = {
    organizationName: 'Cabinet Martin',
    fullName: 'Claire Martin',
    email: 'claire@cabinet-martin.fr',
  },
) {
  const response = await fetch(journey.url('/api/v1/setup'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, password: PASSWORD }),
  });
  expect(response.status).toBe(201);
  return admin;
}

/** Signs in through the login screen, with the mouse. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
}

/** A bearer token for seeding data through the API. */
export async function apiToken(journey: Journey, email: string): Promise<string> {
  const response = await fetch(journey.url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A JSON call to the API with a bearer token; fails the test on an error status. */
export async function apiCall<T>(
  journey: Journey,
  token: string,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(journey.url(pathname), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.ok, `${method} ${pathname} → ${response.status} ${text}`).toBe(true);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Follows a link of the side navigation (other links on a page may carry the same words). */
export async function navigate(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: label, exact: true })
    .click();
}
