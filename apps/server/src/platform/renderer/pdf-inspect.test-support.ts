/**
 * Test helpers: read PDFs back with poppler-utils (pdftotext, pdffonts, pdfimages) and watch
 * processes through /proc. Tests only; poppler-utils must be installed (CI installs it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { baseStylesheet } from './fonts.ts';

const run = promisify(execFile);

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'monassurance-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, pdf);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF, laid out as on the page. */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdfFile(pdf, async (file) => (await run('pdftotext', ['-layout', file, '-'])).stdout);
}

/** Base font names without the subset prefix (`Inter-Bold`, `DejaVuSans`). */
export function pdfFonts(pdf: Uint8Array): Promise<string[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    return stdout
      .split('\n')
      .slice(2)
      .map((line) => line.split(/\s+/)[0] ?? '')
      .filter(Boolean)
      .map((name) => name.replace(/^[A-Z]{6}\+/, ''));
  });
}

/** `<width>x<height>` of each image drawn (Chromium draws a 14x16 icon for a blocked one). */
export function pdfImageSizes(pdf: Uint8Array): Promise<string[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdfimages', ['-list', file]);
    return stdout
      .split('\n')
      .slice(2)
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[2] === 'image')
      .map((columns) => `${columns[3]}x${columns[4]}`);
  });
}

export interface WordBox {
  word: string;
  x: number;
  y: number;
}

/** Every word of the first page with its position in points. */
export function wordBoxes(pdf: Uint8Array): Promise<WordBox[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-']);
    return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(
      (match) => ({ x: Number(match[1]), y: Number(match[2]), word: match[3] ?? '' }),
    );
  });
}

/** A French document with the base stylesheet, as the templates module builds them. */
export function htmlDocument(
  body: string,
  options: { title?: string; style?: string } = {},
): string {
  return (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
    (options.title === undefined ? '' : `<title>${options.title}</title>`) +
    `<style>${baseStylesheet()}</style>` +
    (options.style === undefined ? '' : `<style>${options.style}</style>`) +
    `</head><body>${body}</body></html>`
  );
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `pid` and every process below it, from the parent ids in /proc/<pid>/stat. */
export async function processTree(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the ppid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // Exited meanwhile.
    }
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    for (const [child, parent] of parents) if (parent === tree[index]) tree.push(child);
  }
  return tree;
}

/** Polls until `check` holds; throws after `timeoutMs` (a bound, not a timing assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
