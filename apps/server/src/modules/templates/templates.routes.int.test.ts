import { constants, createInflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { pdfText, seedActivePolicy } from '../../test-support/documents.ts';
import { multipart } from '../../test-support/multipart.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let other: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  other = await seedPortfolio(app);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const create = (tokens: Tokens, payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/templates', headers: bearer(tokens), payload });

let sequence = 0;
const html = (content: string, overrides: Record<string, unknown> = {}) => ({
  name: `Modèle ${++sequence}`,
  kind: 'html',
  content,
  ...overrides,
});

async function workbook(cells: Record<string, string>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Bordereau');
  for (const [address, value] of Object.entries(cells)) sheet.getCell(address).value = value;
  return Buffer.from(await book.xlsx.writeBuffer());
}

const MIB = 1024 * 1024;

/**
 * A ZIP whose one entry inflates to `mebibytes` MiB of zeros while the file stays small: the same
 * sync-flushed deflate chunk of 1 MiB repeated (each chunk is byte-aligned and refers to nothing
 * before it), then an empty final block. `declaredSize` is what the headers claim, the truth by
 * default (a bomb that lies claims a few bytes).
 */
function zipBomb(mebibytes: number, declaredSize = mebibytes * MIB): Buffer {
  const chunk = deflateRawSync(Buffer.alloc(MIB), { finishFlush: constants.Z_SYNC_FLUSH });
  const data = Buffer.concat([
    ...Array.from({ length: mebibytes }, () => chunk),
    Buffer.from([3, 0]),
  ]);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const header = (signature: number, size: number) => {
    const local = signature === 0x04034b50;
    const buffer = Buffer.alloc(size);
    buffer.writeUInt32LE(signature, 0);
    const at = local ? 0 : 2;
    buffer.writeUInt16LE(20, 4 + at);
    buffer.writeUInt16LE(8, 8 + at);
    buffer.writeUInt32LE(data.length, 18 + at);
    buffer.writeUInt32LE(declaredSize, 22 + at);
    buffer.writeUInt16LE(name.length, 26 + at);
    return buffer;
  };
  const local = header(0x04034b50, 30);
  const central = header(0x02014b50, 46);
  central.writeUInt16LE(20, 4);
  const directoryOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** What the bomb's entry inflates to, counted as it streams (the test never holds it whole). */
async function inflatedSize(zip: Buffer): Promise<number> {
  const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  const inflate = createInflateRaw();
  inflate.end(zip.subarray(start, start + zip.readUInt32LE(18)));
  let size = 0;
  for await (const chunk of inflate) size += (chunk as Buffer).length;
  return size;
}

describe('templates', () => {
  it('every new cabinet starts with the four starter templates, published at version 1', async () => {
    const res = await app.inject({ url: '/api/v1/templates', headers: bearer(p.tokens.viewer) });
    expect(res.statusCode).toBe(200);
    const starters = (
      res.json().items as { code: string | null; kind: string; publishedVersion: number }[]
    ).filter((t) => t.code !== null);
    expect(starters.map((t) => [t.code, t.kind]).sort()).toEqual([
      ['attestation', 'html'],
      ['avis_echeance', 'html'],
      ['bordereau_primes', 'xlsx'],
      ['quittance', 'html'],
    ]);
    expect(starters.every((t) => t.publishedVersion === 1)).toBe(true);
  });

  it('creates an html template with its variables, reporting unknown ones as warnings', async () => {
    const res = await create(
      p.tokens.manager,
      html('<p>{{ client.display_name }} — {{ policy.numero }} — {{ today | date_fr }}</p>'),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      kind: 'html',
      publishedVersion: 1,
      latestVersion: 1,
      active: true,
    });
    expect(body.variables).toEqual(
      expect.arrayContaining(['client.display_name', 'policy.numero', 'today']),
    );
    expect(body.warnings).toEqual([
      expect.objectContaining({ code: 'unknown_variable', variable: 'policy.numero' }),
    ]);
  });

  it('refuses a syntax error with 400 naming the line and column', async () => {
    const res = await create(
      p.tokens.manager,
      html('<h1>Titre</h1>\n<p>\n{% if policy.number %}\n<b>ok</b>\n'),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const [error] = res.json().errors;
    expect(error).toMatchObject({ path: '/content', in: 'body', line: 3 });
    expect(error.column).toBeGreaterThanOrEqual(1);
    const filter = await create(p.tokens.manager, html('<p>\n  {{ today | inconnu }}</p>'));
    expect(filter.statusCode).toBe(400);
    expect(filter.json().errors[0]).toMatchObject({ line: 2 });
  });

  it('saves immutable versions; one is published; the source of each stays readable', async () => {
    const created = (
      await create(p.tokens.manager, html('<p>v1 {{ client.display_name }}</p>'))
    ).json();
    const v2 = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${created.id}/versions`,
      headers: bearer(p.tokens.manager),
      payload: { content: '<p>v2 {{ policy.number }}</p>', comment: 'Numéro du contrat' },
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({
      version: 2,
      publishedVersion: 1,
      variables: ['policy.number'],
    });
    const read = async (n: number) =>
      (
        await app.inject({
          url: `/api/v1/templates/${created.id}/versions/${n}`,
          headers: bearer(p.tokens.viewer),
        })
      ).json();
    expect((await read(1)).content).toBe('<p>v1 {{ client.display_name }}</p>');
    expect(await read(2)).toMatchObject({
      version: 2,
      published: false,
      comment: 'Numéro du contrat',
    });

    const publish = await app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${created.id}`,
      headers: { ...bearer(p.tokens.manager), 'if-match': `"${created.version + 1}"` },
      payload: { publishedVersion: 2 },
    });
    expect(publish.statusCode).toBe(200);
    expect(publish.json()).toMatchObject({ publishedVersion: 2, latestVersion: 2 });
    const tooFar = await app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${created.id}`,
      headers: bearer(p.tokens.manager),
      payload: { publishedVersion: 9 },
    });
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.json().errors[0].path).toBe('/publishedVersion');

    const v3 = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${created.id}/versions`,
      headers: bearer(p.tokens.manager),
      payload: { content: '<p>v3</p>', publish: true },
    });
    expect(v3.json()).toMatchObject({ version: 3, publishedVersion: 3 });
    const list = await app.inject({
      url: `/api/v1/templates/${created.id}/versions?limit=2`,
      headers: bearer(p.tokens.viewer),
    });
    expect(
      list
        .json()
        .items.map((v: { version: number; published: boolean }) => [v.version, v.published]),
    ).toEqual([
      [3, true],
      [2, false],
    ]);
    const next = await app.inject({
      url: `/api/v1/templates/${created.id}/versions?limit=2&cursor=${list.json().nextCursor}`,
      headers: bearer(p.tokens.viewer),
    });
    expect(next.json().items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(next.json().nextCursor).toBeNull();

    const audit = await app.inject({
      url: `/api/v1/audit-events?targetId=${created.id}`,
      headers: bearer(p.tokens.admin),
    });
    expect(
      audit
        .json()
        .items.map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual([
      'template.created',
      'template.published',
      'template.version_created',
      'template.version_created',
    ]);
  });

  it('takes an xlsx template as multipart, and serves the workbook back', async () => {
    const file = await workbook({
      A1: '{{ organization.name }}',
      B3: '{{ premiums[].due_date | date_fr }}',
    });
    const form = multipart(
      { name: 'Bordereau maison', kind: 'xlsx' },
      { name: 'b.xlsx', content: file },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: { ...bearer(p.tokens.manager), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'xlsx', name: 'Bordereau maison' });
    expect(res.json().variables).toEqual(
      expect.arrayContaining(['organization.name', 'premiums[].due_date']),
    );
    const back = await app.inject({
      url: `/api/v1/templates/${res.json().id}/versions/1/file`,
      headers: bearer(p.tokens.viewer),
    });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(file)).toBe(true);

    const broken = multipart(
      { publish: 'true' },
      { name: 'b.xlsx', content: await workbook({ C7: '{{ policy.number | nope }}' }) },
    );
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${res.json().id}/versions`,
      headers: { ...bearer(p.tokens.manager), ...broken.headers },
      payload: broken.payload,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: '/file', cell: 'Bordereau!C7' });

    const json = await create(p.tokens.manager, {
      name: 'Sans fichier',
      kind: 'xlsx',
      file: 'x.xlsx',
    });
    expect(json.statusCode).toBe(415);
    const none = await create(p.tokens.manager, { name: 'Sans fichier', kind: 'xlsx' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].path).toBe('/file');
    const notWorkbook = multipart(
      { name: 'Faux', kind: 'xlsx' },
      { name: 'x.xlsx', content: Buffer.from('pas un classeur') },
    );
    const fake = await app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: { ...bearer(p.tokens.manager), ...notWorkbook.headers },
      payload: notWorkbook.payload,
    });
    expect(fake.statusCode).toBe(400);
  });

  it('refuses a zip-bomb workbook with 413 naming the file, before opening it', async () => {
    const honest = zipBomb(400);
    const liar = zipBomb(400, 1_000);
    // Small enough to pass the upload limit; hundreds of MiB once inflated.
    expect(honest.length).toBeLessThan(MIB);
    expect(await inflatedSize(honest)).toBe(400 * MIB);
    const existing = await workbook({ A1: '{{ organization.name }}' });
    const xlsx = multipart(
      { name: 'Classeur sain', kind: 'xlsx' },
      { name: 'ok.xlsx', content: existing },
    );
    const target = await app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: { ...bearer(p.tokens.manager), ...xlsx.headers },
      payload: xlsx.payload,
    });
    expect(target.statusCode).toBe(201);
    // Past the templates' own 20 MiB but within the engine's 100 MiB: stopped before the engine.
    const medium = zipBomb(25);
    for (const bomb of [honest, liar, medium]) {
      const asNew = multipart(
        { name: `Bombe ${++sequence}`, kind: 'xlsx' },
        { name: 'b.xlsx', content: bomb },
      );
      const asVersion = multipart({}, { name: 'b.xlsx', content: bomb });
      for (const [url, form] of [
        ['/api/v1/templates', asNew],
        [`/api/v1/templates/${target.json().id as string}/versions`, asVersion],
      ] as const) {
        const res = await app.inject({
          method: 'POST',
          url,
          headers: { ...bearer(p.tokens.manager), ...form.headers },
          payload: form.payload,
        });
        expect(res.statusCode, url).toBe(413);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({
          type: '/problems/template-too-large',
          errors: [{ path: '/file', in: 'body' }],
        });
        expect(res.json().detail).toMatch(/20 Mio une fois décompressé/);
      }
    }
    const versions = await app.inject({
      url: `/api/v1/templates/${target.json().id as string}/versions`,
      headers: bearer(p.tokens.viewer),
    });
    expect(versions.json().items).toHaveLength(1);
  });

  it('only admins and managers change templates; everyone reads; other cabinets see nothing', async () => {
    for (const role of ['broker', 'viewer'] as const) {
      expect((await create(p.tokens[role], html('<p>x</p>'))).statusCode).toBe(403);
    }
    const created = (await create(p.tokens.admin, html('<p>x</p>'))).json();
    const foreign = await app.inject({
      url: `/api/v1/templates/${created.id}`,
      headers: bearer(other.tokens.admin),
    });
    expect(foreign.statusCode).toBe(404);
    const dup = await create(p.tokens.admin, html('<p>y</p>', { name: created.name }));
    expect(dup.statusCode).toBe(409);
  });

  it('deletes an unused template, but only deactivates one documents were made from', async () => {
    const unused = (await create(p.tokens.manager, html('<p>x</p>'))).json();
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/v1/templates/${unused.id}`,
      headers: bearer(p.tokens.manager),
    });
    expect(gone.statusCode).toBe(204);
    expect(
      (await app.inject({ url: `/api/v1/templates/${unused.id}`, headers: bearer(p.tokens.admin) }))
        .statusCode,
    ).toBe(404);

    const used = (await create(p.tokens.manager, html('<p>{{ client.display_name }}</p>'))).json();
    const { clientId } = await seedActivePolicy(app, p);
    const doc = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: bearer(p.tokens.manager),
      payload: { templateId: used.id, format: 'html', clientId },
    });
    expect(doc.statusCode).toBe(201);
    const deactivated = await app.inject({
      method: 'DELETE',
      url: `/api/v1/templates/${used.id}`,
      headers: bearer(p.tokens.manager),
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().active).toBe(false);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: bearer(p.tokens.manager),
      payload: { templateId: used.id, format: 'html', clientId },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().type).toBe('/problems/template-inactive');
    // The document made from it still reads.
    expect(
      (
        await app.inject({
          url: `/api/v1/documents/${doc.json().id}/content`,
          headers: bearer(p.tokens.viewer),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('documents the data model and filters, with sample data', async () => {
    const res = await app.inject({
      url: '/api/v1/templates/data-model',
      headers: bearer(p.tokens.viewer),
    });
    expect(res.statusCode).toBe(200);
    const paths = res.json().variables.map((v: { path: string }) => v.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'organization.orias_number',
        'policy.cancellation_deadline',
        'premiums[].due_date',
      ]),
    );
    expect(res.json().filters.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['money', 'date_fr']),
    );
    expect(res.json().sample.client.display_name).toBeTruthy();
  });

  it('previews a draft as html or pdf with sample data, storing nothing', async () => {
    const created = (await create(p.tokens.manager, html('<p>saved</p>'))).json();
    const draft =
      '<html><body><h1>Aperçu {{ client.display_name }}</h1><p>{{ policy.annual_premium | money }}</p></body></html>';
    const preview = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${created.id}/preview`,
      headers: bearer(p.tokens.manager),
      payload: { format: 'html', content: draft },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toContain('text/html');
    expect(preview.headers['content-security-policy']).toContain('sandbox');
    expect(preview.body).toMatch(/Aperçu \S+/);
    expect(preview.body).not.toContain('{{');

    const pdf = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${created.id}/preview`,
      headers: bearer(p.tokens.manager),
      payload: { format: 'pdf' },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf.rawPayload)).toContain('saved');

    const broken = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${created.id}/preview`,
      headers: bearer(p.tokens.manager),
      payload: { format: 'html', content: '{% for %}' },
    });
    expect(broken.statusCode).toBe(400);
    // Valid syntax, but a render that would never end: stopped by the sandbox's limits.
    const endless = await app.inject({
      method: 'POST',
      url: `/api/v1/templates/${created.id}/preview`,
      headers: bearer(p.tokens.manager),
      payload: { format: 'html', content: '{% for i in (1..100000000) %}x{% endfor %}' },
    });
    expect(endless.statusCode).toBe(422);
    expect(endless.json().type).toBe('/problems/template-render-failed');
    const docs = await app.inject({
      url: `/api/v1/documents?templateId=${created.id}`,
      headers: bearer(p.tokens.manager),
    });
    expect(docs.json().items).toEqual([]);
  });
});
