// Web bundle size: what a browser downloads before the first screen (the entry chunk and the
// chunks it imports statically, gzip), against a raw baseline built by the same Vite in the same
// run: a React 19 app that renders one paragraph. Target: initial JS < 250 kB gzip.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, type Manifest } from 'vite';
import { printTable } from './lib/table.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'apps/web');
const TARGET_KB = 250;

interface Sizes {
  initialJs: number;
  initialJsGzip: number;
  initialCssGzip: number;
  allJsGzip: number;
  chunks: number;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Sizes of a Vite build from its manifest: the entry and its static imports are the initial load. */
async function measure(outDir: string): Promise<Sizes> {
  const manifest = JSON.parse(
    await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8'),
  ) as Manifest;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry === true);
  if (entry === undefined) throw new Error('the manifest has no entry');
  const initial = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (chunk === undefined || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  const gzip = async (file: string) => gzipSync(await readFile(path.join(outDir, file))).length;
  const raw = async (file: string) => (await readFile(path.join(outDir, file))).length;
  const jsFiles = (await readdir(path.join(outDir, 'assets'))).filter((f) => f.endsWith('.js'));
  let initialJs = 0;
  let initialJsGzip = 0;
  for (const file of initial) {
    initialJs += await raw(file);
    initialJsGzip += await gzip(file);
  }
  let initialCssGzip = 0;
  for (const file of css) initialCssGzip += await gzip(file);
  let allJsGzip = 0;
  for (const file of jsFiles) allJsGzip += await gzip(path.join('assets', file));
  return { initialJs, initialJsGzip, initialCssGzip, allJsGzip, chunks: jsFiles.length };
}

async function viteBuild(root: string, outDir: string): Promise<void> {
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, manifest: true },
  });
}

const work = await mkdtemp(path.join(tmpdir(), 'monassurance-bundle-'));
try {
  const appOut = path.join(work, 'app');
  let started = performance.now();
  await viteBuild(WEB, appOut);
  const appBuildS = (performance.now() - started) / 1000;
  const app = await measure(appOut);

  // The baseline: React and ReactDOM rendering a paragraph, nothing else.
  const baselineRoot = path.join(WEB, '.bench-baseline');
  await rm(baselineRoot, { recursive: true, force: true });
  await mkdir(baselineRoot, { recursive: true });
  await writeFile(
    path.join(baselineRoot, 'index.html'),
    '<!doctype html><html lang="fr"><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>',
  );
  await writeFile(
    path.join(baselineRoot, 'main.tsx'),
    "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<p>Bonjour</p>);\n",
  );
  started = performance.now();
  try {
    await viteBuild(baselineRoot, path.join(work, 'baseline'));
  } finally {
    await rm(baselineRoot, { recursive: true, force: true });
  }
  const baselineBuildS = (performance.now() - started) / 1000;
  const baseline = await measure(path.join(work, 'baseline'));

  printTable(`Web bundle (target: initial JS < ${TARGET_KB} kB gzip)`, [
    {
      build: 'apps/web (every screen)',
      'initial JS': kB(app.initialJs),
      'initial JS gzip': kB(app.initialJsGzip),
      'initial CSS gzip': kB(app.initialCssGzip),
      'all JS gzip (lazy screens too)': kB(app.allJsGzip),
      chunks: app.chunks,
      'build time': `${appBuildS.toFixed(1)} s`,
      target: app.initialJsGzip < TARGET_KB * 1000 ? 'met' : 'MISSED',
    },
    {
      build: 'baseline: React 19 + one paragraph',
      'initial JS': kB(baseline.initialJs),
      'initial JS gzip': kB(baseline.initialJsGzip),
      'initial CSS gzip': kB(baseline.initialCssGzip),
      'all JS gzip (lazy screens too)': kB(baseline.allJsGzip),
      chunks: baseline.chunks,
      'build time': `${baselineBuildS.toFixed(1)} s`,
      target: '',
    },
  ]);
  console.log(
    `apps/web initial JS = baseline × ${(app.initialJsGzip / baseline.initialJsGzip).toFixed(2)} (gzip)`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
