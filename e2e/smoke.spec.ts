import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { assertWebAppBuilt, startServer, type ServerUnderTest } from './support/server.ts';

// Smoke journey: the real server serves the built web app, which renders, is accessible,
// answers its client-side routes, and the server stops cleanly.
describe('smoke: the server serves the web app', () => {
  let server: ServerUnderTest | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebAppBuilt();
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  function url(pathname: string): string {
    if (server === undefined) throw new Error('the server did not start');
    return new URL(pathname, server.url).href;
  }

  const heading = () =>
    page.getByRole('heading', { level: 1, name: 'Bienvenue sur MONASSURANCE', exact: true });

  it('renders the home page in French', async () => {
    const response = await page.goto(url('/'));
    expect(response?.status()).toBe(200);

    await heading().waitFor({ state: 'visible' });
    expect(await heading().count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.title()).toBe('MONASSURANCE');
    expect(await page.getByRole('main').count()).toBe(1);
    expect(
      await page.getByRole('link', { name: 'documentation de l’API' }).getAttribute('href'),
    ).toBe('/docs');
  });

  it('has a skip link that moves focus to the main content', async () => {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Aller au contenu principal');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
  });

  it('has no accessibility violations (axe)', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const violations = results.violations.map(
      (v) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(violations).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(0);
  });

  it('looks right (screenshot)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'monassurance-e2e-'));
    const file = path.join(dir, 'home.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot: ${file}`);
  });

  it('answers a client-side route with the web app', async () => {
    const response = await page.goto(url('/clients'));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    await heading().waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toBe('/clients');
  });

  it('ran without browser errors', () => {
    expect(pageErrors).toEqual([]);
  });

  it('exits with code 0 on SIGTERM, having logged no error', async () => {
    if (server === undefined) throw new Error('the server did not start');
    expect(await server.stop()).toBe(0);
    const errors = server
      .output()
      .split('\n')
      .filter((line) => /"level":(50|60)\b/.test(line));
    expect(errors).toEqual([]);
  });
});
