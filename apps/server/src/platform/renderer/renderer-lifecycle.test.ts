import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  RenderFailedError,
  RendererBusyError,
  RendererUnavailableError,
  RenderTimeoutError,
} from './errors.ts';
import {
  eventually,
  htmlDocument,
  isAlive,
  pdfText,
  processTree,
} from './pdf-inspect.test-support.ts';
import { PdfRenderer, type PdfRendererOptions, type RendererLogger } from './renderer.ts';

/** Each test needs its own settings, hence its own renderer (and browser), always closed. */
async function withRenderer(
  options: PdfRendererOptions,
  use: (renderer: PdfRenderer) => Promise<void>,
): Promise<void> {
  const renderer = new PdfRenderer(options);
  try {
    await use(renderer);
  } finally {
    await renderer.close();
  }
}

function recordingLogger() {
  const lines: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const logger: RendererLogger = {
    info: (details, message) => lines.push({ level: 'info', message, details }),
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
  return { logger, lines };
}

const doc = (text: string) => htmlDocument(`<p>${text}</p>`);

async function isOnePagePdf(pdf: Buffer, text: string): Promise<boolean> {
  return (await PDFDocument.load(pdf)).getPageCount() === 1 && (await pdfText(pdf)).includes(text);
}

/** Long enough that printing it takes far more than a millisecond on any machine. */
const HEAVY = htmlDocument(
  Array.from({ length: 3000 }, (_, index) => `<p>Ligne ${index} de remplissage</p>`).join(''),
);

describe('PdfRenderer line', () => {
  it('refuses renders beyond the line with a 503 and Retry-After', async () => {
    await withRenderer({ poolSize: 1, maxQueue: 1 }, async (renderer) => {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, index) => renderer.render({ html: doc(`Ligne-${index}`) })),
      );

      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'rejected',
        'rejected',
      ]);
      for (const result of results.slice(2)) {
        const error = (result as PromiseRejectedResult).reason as RendererBusyError;
        expect(error).toBeInstanceOf(RendererBusyError);
        expect(error.status).toBe(503);
        expect(error.headers['retry-after']).toBe('5');
      }
      expect(renderer.stats()).toMatchObject({ renders: 2, busy: 0, queued: 0 });
    });
  });

  it('lets admitted renders finish on close and fails those still waiting', async () => {
    await withRenderer({ poolSize: 1 }, async (renderer) => {
      await renderer.render({ html: doc('Chauffe') });
      const printing = renderer.render({ html: doc('En cours') });
      const waiting = renderer.render({ html: doc('En attente') }).catch((e: unknown) => e);
      const closing = renderer.close();

      expect(await isOnePagePdf(await printing, 'En cours')).toBe(true);
      expect(await waiting).toBeInstanceOf(RendererUnavailableError);
      await closing;
      await expect(renderer.render({ html: doc('Après') })).rejects.toBeInstanceOf(
        RendererUnavailableError,
      );
    });
  });
});

describe('PdfRenderer time budget', () => {
  it('times out, throws the tab away and keeps working', async () => {
    await withRenderer({ poolSize: 1 }, async (renderer) => {
      await renderer.render({ html: doc('Chauffe') });

      // On the warm tab, while the document loads or prints.
      const error = await renderer.render({ html: HEAVY, timeoutMs: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RenderTimeoutError);
      expect((error as RenderTimeoutError).status).toBe(422);
      expect((error as RenderTimeoutError).message).toContain('0,001 s');

      // On a new tab, while it is being opened.
      await expect(renderer.render({ html: doc('x'), timeoutMs: 1 })).rejects.toBeInstanceOf(
        RenderTimeoutError,
      );

      expect(await isOnePagePdf(await renderer.render({ html: doc('Après') }), 'Après')).toBe(true);
      expect(renderer.stats()).toMatchObject({ renders: 2, browserLaunches: 1, busy: 0 });
    });
  });

  it('applies renderTimeoutMs to every render by default', async () => {
    await withRenderer({ renderTimeoutMs: 1 }, async (renderer) => {
      await expect(renderer.render({ html: HEAVY })).rejects.toBeInstanceOf(RenderTimeoutError);
    });
  });
});

describe('PdfRenderer browser lifecycle', () => {
  it('replaces the browser after recycleAfter documents, old one gone', async () => {
    await withRenderer({ poolSize: 1, recycleAfter: 3 }, async (renderer) => {
      const pids = new Set<number>();
      for (let index = 0; index < 7; index++) {
        const pdf = await renderer.render({ html: doc(`Recyclage-${index}`) });
        expect(await isOnePagePdf(pdf, `Recyclage-${index}`)).toBe(true);
        const pid = renderer.stats().browserPid;
        if (pid !== undefined) pids.add(pid);
      }

      expect(renderer.stats()).toMatchObject({ renders: 7, browserLaunches: 3 });
      // Drain, then swap: the retired browsers have exited.
      const current = renderer.stats().browserPid;
      expect(pids.size).toBe(3);
      for (const pid of pids) if (pid !== current) await eventually(() => !isAlive(pid));
    });
  });

  it('does not fail renders in flight when it recycles', async () => {
    await withRenderer({ poolSize: 2, recycleAfter: 2 }, async (renderer) => {
      const pdfs = await Promise.all(
        Array.from({ length: 9 }, (_, index) => renderer.render({ html: doc(`Vague-${index}`) })),
      );

      for (const [index, pdf] of pdfs.entries()) {
        expect(await isOnePagePdf(pdf, `Vague-${index}`)).toBe(true);
      }
      expect(renderer.stats().browserLaunches).toBeGreaterThanOrEqual(3);
    });
  });

  it('starts a new browser when the old one was killed', async () => {
    const { logger, lines } = recordingLogger();
    await withRenderer({ poolSize: 1, logger }, async (renderer) => {
      await renderer.render({ html: doc('Avant') });
      const pid = renderer.stats().browserPid!;
      process.kill(pid, 'SIGKILL');
      await eventually(() => renderer.stats().browserPid === undefined);

      expect(await isOnePagePdf(await renderer.render({ html: doc('Après') }), 'Après')).toBe(true);
      expect(renderer.stats().browserLaunches).toBe(2);
      expect(renderer.stats().browserPid).not.toBe(pid);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringContaining('exited') }),
      );
    });
  });

  it('retries a render whose browser dies under it', async () => {
    await withRenderer({ poolSize: 1 }, async (renderer) => {
      await renderer.render({ html: doc('Avant') });
      const pid = renderer.stats().browserPid!;
      const rendering = renderer.render({ html: HEAVY });
      process.kill(pid, 'SIGKILL');

      const pdf = await rendering;
      expect(await pdfText(pdf)).toContain('Ligne 2999 de remplissage');
      expect(renderer.stats().browserLaunches).toBe(2);
    });
  });

  it('measures the browser’s memory and recycles it over the limit', async () => {
    await withRenderer({ maxBrowserRssMiB: 1_000_000, memoryCheckEvery: 1 }, async (renderer) => {
      await renderer.render({ html: doc('Mesure') });
      await eventually(() => (renderer.stats().browserRssBytes ?? 0) > 10 * 1024 * 1024);
    });

    const { logger, lines } = recordingLogger();
    await withRenderer({ maxBrowserRssMiB: 1, memoryCheckEvery: 1, logger }, async (renderer) => {
      await renderer.render({ html: doc('Trop') });
      await eventually(() => renderer.stats().browserPid === undefined);
      await renderer.render({ html: doc('Encore') });

      expect(renderer.stats().browserLaunches).toBe(2);
      expect(lines.map((line) => line.message)).toContain(
        'renderer: browser memory over the limit, recycling it',
      );
    });
  });

  it('leaves no Chromium process behind once closed', async () => {
    const renderer = new PdfRenderer({ poolSize: 2 });
    await Promise.all([
      renderer.render({ html: doc('Un') }),
      renderer.render({ html: doc('Deux') }),
    ]);
    const pid = renderer.stats().browserPid!;
    // The browser, and its zygote, GPU, network and renderer processes (one process when the
    // bundled Chromium runs in single-process mode).
    const tree = await processTree(pid);
    expect(tree[0]).toBe(pid);

    await renderer.close();

    expect(isAlive(pid)).toBe(false);
    await eventually(() => tree.every((child) => !isAlive(child)));
    expect(renderer.stats()).toMatchObject({ browserPid: undefined, busy: 0 });
  });

  it('says so when Chromium does not start', async () => {
    const { logger, lines } = recordingLogger();
    await withRenderer(
      { executable: { path: '/bin/false', source: 'config', args: [] }, logger },
      async (renderer) => {
        const error = await renderer.render({ html: doc('x') }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RendererUnavailableError);
        expect((error as RendererUnavailableError).message).toContain("n'a pas démarré");
        expect(lines.map((line) => line.level)).toContain('error');
      },
    );
  });

  it('says so when CHROMIUM_PATH is wrong, on every render until fixed', async () => {
    await withRenderer({ chromiumPath: '/nonexistent/chromium' }, async (renderer) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        await expect(renderer.render({ html: doc('x') })).rejects.toThrow(/CHROMIUM_PATH/);
      }
      expect(renderer.stats().browserLaunches).toBe(0);
    });
  });
});

describe('PdfRenderer failures', () => {
  it('gives up after two tries on a document Chromium cannot print', async () => {
    const { logger, lines } = recordingLogger();
    await withRenderer({ poolSize: 1, logger }, async (renderer) => {
      // A margin the printer cannot read fails every print of it. (A font from a URL in a
      // footer used to be the example; footers that load anything are now refused up front.)
      const error = await renderer
        .render({ html: doc('Corps'), margin: { top: 'beaucoup' } })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RenderFailedError);
      expect(lines.filter((line) => line.message === 'renderer: retrying')).toHaveLength(1);
      expect(await isOnePagePdf(await renderer.render({ html: doc('Ensuite') }), 'Ensuite')).toBe(
        true,
      );
    });
  });
});
