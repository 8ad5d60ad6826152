import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { RendererUnavailableError } from './errors.ts';

/** Where the Chromium to launch was found, and the flags it needs. */
export interface ChromiumExecutable {
  path: string;
  /** `config`: CHROMIUM_PATH; `system`: a distribution package; `package`: `@sparticuz/chromium`. */
  source: 'config' | 'system' | 'package';
  args: string[];
}

export interface ResolveChromiumOptions {
  /** CHROMIUM_PATH: when given it must exist; no silent fallback to another browser. */
  chromiumPath?: string | undefined;
  /** System paths tried in order; defaults to {@link SYSTEM_CHROMIUM_CANDIDATES}. */
  candidates?: string[];
  /** The platform the bundled Chromium must fit; defaults to this process's (tests vary it). */
  platform?: NodeJS.Platform;
  arch?: string;
}

/** Where Debian, Ubuntu and Google's packages put Chromium or Chrome. */
export const SYSTEM_CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * Flags every launch gets. Without the background-networking ones Chromium keeps calling Google
 * services, which floods a closed network with refused connections; `--disable-dev-shm-usage`
 * because containers often have a tiny /dev/shm; no sandbox because servers run it as root or in
 * containers without user namespaces (the documents are isolated by the renderer instead).
 */
export const CHROMIUM_BASE_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * `@sparticuz/chromium` flags we refuse: they weaken the isolation of documents (cross-origin
 * reads, mixed content), and the headless mode is Playwright's to set.
 */
const REFUSED_PACKAGE_ARGS = [
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--headless',
];

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `@sparticuz/chromium` module surface we use (its default export). */
interface ChromiumPackage {
  args: string[];
  executablePath(input?: string): Promise<string>;
}

async function packageChromium(
  platform: NodeJS.Platform,
  arch: string,
): Promise<ChromiumExecutable> {
  // The package ships a Linux x64 build only (its arm64 build is not in the npm tarball).
  if (platform !== 'linux' || arch !== 'x64') {
    throw new RendererUnavailableError(
      `Le moteur PDF est indisponible : aucun Chromium trouvé, et le Chromium fourni ne fonctionne que sous Linux x64 (ici ${platform}/${arch}). Installez Chromium ou renseignez CHROMIUM_PATH.`,
    );
  }
  let chromium: ChromiumPackage;
  let path: string;
  try {
    // Optional dependency: imported only when needed, so an install without it still starts.
    chromium = (await import('@sparticuz/chromium')).default;
    // Unpacks the brotli-compressed browser to the temporary directory once (a few seconds).
    path = await chromium.executablePath();
  } catch (error) {
    throw new RendererUnavailableError(undefined, { cause: error });
  }
  const args = chromium.args.filter(
    (arg) =>
      !REFUSED_PACKAGE_ARGS.some((refused) => arg === refused || arg.startsWith(`${refused}=`)),
  );
  return { path, source: 'package', args: [...new Set([...CHROMIUM_BASE_ARGS, ...args])] };
}

/**
 * Finds the Chromium to print with: CHROMIUM_PATH when set, else the first system install, else
 * the one bundled in `@sparticuz/chromium` (unpacked to the temporary directory on first use).
 * @throws RendererUnavailableError when none can be used.
 */
export async function resolveChromium(
  options: ResolveChromiumOptions = {},
): Promise<ChromiumExecutable> {
  const { chromiumPath } = options;
  if (chromiumPath !== undefined && chromiumPath !== '') {
    if (!(await isExecutableFile(chromiumPath))) {
      throw new RendererUnavailableError(
        `Le moteur PDF est indisponible : CHROMIUM_PATH (${chromiumPath}) n'est pas un fichier exécutable. Corrigez-le, ou retirez-le pour utiliser le Chromium du système.`,
      );
    }
    return { path: chromiumPath, source: 'config', args: [...CHROMIUM_BASE_ARGS] };
  }
  for (const candidate of options.candidates ?? SYSTEM_CHROMIUM_CANDIDATES) {
    if (await isExecutableFile(candidate)) {
      return { path: candidate, source: 'system', args: [...CHROMIUM_BASE_ARGS] };
    }
  }
  return packageChromium(options.platform ?? process.platform, options.arch ?? process.arch);
}
