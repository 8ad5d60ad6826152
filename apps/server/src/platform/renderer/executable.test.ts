import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RendererUnavailableError } from './errors.ts';
import { CHROMIUM_BASE_ARGS, resolveChromium } from './executable.ts';
import { htmlDocument, pdfText } from './pdf-inspect.test-support.ts';
import { PdfRenderer } from './renderer.ts';

let dir: string;
let first: string;
let second: string;
let notExecutable: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'monassurance-chromium-'));
  first = path.join(dir, 'first');
  second = path.join(dir, 'second');
  notExecutable = path.join(dir, 'plain');
  for (const file of [first, second, notExecutable]) await writeFile(file, '#!/bin/sh\n');
  await chmod(first, 0o755);
  await chmod(second, 0o755);
  await chmod(notExecutable, 0o644);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function unavailable(promise: Promise<unknown>): Promise<RendererUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof RendererUnavailableError)) {
    throw new Error(`expected a RendererUnavailableError, got ${String(error)}`);
  }
  return error;
}

describe('resolveChromium', () => {
  it('uses CHROMIUM_PATH when it is an executable file', async () => {
    const resolved = await resolveChromium({ chromiumPath: second, candidates: [first] });

    expect(resolved).toEqual({ path: second, source: 'config', args: [...CHROMIUM_BASE_ARGS] });
  });

  it.each([
    ['missing', () => path.join(dir, 'missing')],
    ['a directory', () => dir],
    ['not executable', () => notExecutable],
  ])('refuses a CHROMIUM_PATH that is %s, without falling back', async (_case, chromiumPath) => {
    const error = await unavailable(
      resolveChromium({ chromiumPath: chromiumPath(), candidates: [first] }),
    );

    expect(error.status).toBe(503);
    expect(error.message).toContain('CHROMIUM_PATH');
    expect(error.message).toContain(chromiumPath());
  });

  it('takes the first executable candidate, in order', async () => {
    const candidates = [path.join(dir, 'missing'), notExecutable, dir, second, first];

    expect(await resolveChromium({ candidates })).toMatchObject({ path: second, source: 'system' });
    expect(await resolveChromium({ chromiumPath: '', candidates: [first, second] })).toMatchObject({
      path: first,
      source: 'system',
    });
  });

  it('finds a system Chromium by default when there is one', async () => {
    const resolved = await resolveChromium();

    expect(existsSync(resolved.path)).toBe(true);
    expect(['system', 'package']).toContain(resolved.source);
    expect(resolved.args).toEqual(expect.arrayContaining([...CHROMIUM_BASE_ARGS]));
  });

  it('says to install Chromium when the bundled one does not fit the platform', async () => {
    for (const [platform, arch] of [
      ['darwin', 'arm64'],
      ['linux', 'arm64'],
    ] as const) {
      const error = await unavailable(resolveChromium({ candidates: [], platform, arch }));
      expect(error.message).toContain('Installez Chromium');
      expect(error.message).toContain('CHROMIUM_PATH');
      expect(error.message).toContain(`${platform}/${arch}`);
    }
  });

  it('falls back to @sparticuz/chromium, without its insecure flags, and prints with it', async () => {
    // Unpacks the bundled browser to the temporary directory (a few seconds the first time).
    const resolved = await resolveChromium({ candidates: [], platform: 'linux', arch: 'x64' });

    expect(resolved.source).toBe('package');
    expect(existsSync(resolved.path)).toBe(true);
    expect(resolved.args).toEqual(expect.arrayContaining([...CHROMIUM_BASE_ARGS]));
    expect(resolved.args).not.toContain('--disable-web-security');
    expect(resolved.args).not.toContain('--allow-running-insecure-content');
    expect(resolved.args.filter((arg) => arg.startsWith('--headless'))).toEqual(['--headless']);

    const renderer = new PdfRenderer({ executable: resolved, poolSize: 1 });
    try {
      const pdf = await renderer.render({ html: htmlDocument('<p>Échéance via le paquet</p>') });
      expect(await pdfText(pdf)).toContain('Échéance via le paquet');
    } finally {
      await renderer.close();
    }
  }, 60_000);
});
