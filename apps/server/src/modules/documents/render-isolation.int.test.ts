import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { pdfText } from '../../test-support/documents.ts';
import { person, seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

/** The template of the red-team review: 10^8 empty iterations, valid Liquid. */
const DOS = '{% for a in (1..10000) %}{% for b in (1..10000) %}{% endfor %}{% endfor %}';

let database: DatabaseHandle;
let app: App;
let a: Portfolio;
let b: Portfolio;

/** An html template of the cabinet (a starter). */
async function htmlTemplateOf(portfolio: Portfolio): Promise<string> {
  const list = await app.inject({
    url: '/api/v1/templates?kind=html',
    headers: bearer(portfolio.tokens.manager),
  });
  const first = (list.json().items as { id: string }[])[0];
  if (!first) throw new Error('no html template');
  return first.id;
}

const preview = (portfolio: Portfolio, templateId: string, payload: object) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/templates/${templateId}/preview`,
    headers: bearer(portfolio.tokens.manager),
    payload,
  });

/** Resolves once some render holds a template worker (the attack is running, not queued). */
async function renderRunning(): Promise<void> {
  while (app.services.templateWorkers.stats().active === 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  a = await seedPortfolio(app);
  b = await seedPortfolio(app);
  await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: bearer(b.tokens.admin),
    payload: person(),
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('one cabinet rendering an endless template', () => {
  it("leaves other cabinets' requests answered while its renders run, and gets a 422", async () => {
    const [templateA, templateB] = await Promise.all([htmlTemplateOf(a), htmlTemplateOf(b)]);
    // Both workers started first, so that nothing below waits for a worker to load its modules.
    const warm = await Promise.all([
      preview(a, templateA, { format: 'html', content: 'prêt' }),
      preview(b, templateB, { format: 'html', content: 'prêt' }),
    ]);
    expect(warm.map((res) => res.statusCode)).toEqual([200, 200]);

    let attacksSettled = 0;
    const attacks = [1, 2, 3].map(() =>
      preview(a, templateA, { format: 'html', content: DOS }).finally(() => attacksSettled++),
    );
    await renderRunning();

    // While A's renders run: B's lists, the liveness probe and B's own preview are answered.
    const answeredDuringAttack: { status: number; attacksSettled: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const list = await app.inject({
        url: '/api/v1/clients',
        headers: bearer(b.tokens.viewer),
      });
      answeredDuringAttack.push({ status: list.statusCode, attacksSettled });
      expect(list.json().items).toHaveLength(1);
    }
    const health = await app.inject({ url: '/health' });
    answeredDuringAttack.push({ status: health.statusCode, attacksSettled });
    const own = await preview(b, templateB, {
      format: 'html',
      content: '<p>Cabinet B : {{ 1 | plus: 1 }}</p>',
    });
    answeredDuringAttack.push({ status: own.statusCode, attacksSettled });
    expect(own.body).toContain('Cabinet B : 2');
    // On the event loop, the first attack would have had to end before any of these answers.
    expect(answeredDuringAttack).toEqual(
      answeredDuringAttack.map(() => ({ status: 200, attacksSettled: 0 })),
    );

    for (const res of await Promise.all(attacks)) {
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        type: '/problems/template-render-failed',
        code: 'render_timeout',
      });
    }
    // The pool is whole afterwards.
    expect(app.services.templateWorkers.stats()).toMatchObject({ active: 0, queued: 0 });
    expect((await preview(a, templateA, { format: 'html', content: 'encore' })).body).toBe(
      'encore',
    );
  });
});

describe('a PDF footer that loads a style sheet or a font', () => {
  it('is refused with a 422 naming /content instead of crashing Chromium into a 500', async () => {
    const templateA = await htmlTemplateOf(a);
    for (const [rule, construct] of [
      ['@import url("https://example.com/pied.css");', '@import'],
      ['@font-face{font-family:Pied;src:url(https://example.com/pied.woff2)}', '@font-face'],
    ] as const) {
      const res = await preview(a, templateA, {
        format: 'pdf',
        content: `<p>Corps</p><template id="pdf-footer"><style>${rule}</style><span style="font-family:Pied">Pied</span></template>`,
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        type: '/problems/pdf-header-footer',
        part: 'footer',
        construct,
        errors: [{ path: '/content' }],
      });
      expect(res.json().detail).toMatch(/^Le pied de page du PDF ne peut charger/);
    }
    // A footer with inline styles only prints.
    const fine = await preview(a, templateA, {
      format: 'pdf',
      content:
        '<p>Corps</p><template id="pdf-footer"><span style="font-weight:700">Pied sûr</span></template>',
    });
    expect(fine.statusCode).toBe(200);
    expect(pdfText(fine.rawPayload)).toContain('Pied sûr');
  });
});
