import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The web app's layers (STYLE.md): app → features → shared, never backwards, never from one
// feature into another. Checked on every relative import of every source file.
const SRC = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `app`, `shared`, `test-support`, or `features/<name>`. */
function zoneOf(file: string): string {
  const [top = '', feature = ''] = path.relative(SRC, file).split(path.sep);
  return top === 'features' ? `features/${feature}` : top;
}

function violation(from: string, to: string): string | null {
  if (from === to || from === 'main.tsx') return null; // the entry point mounts the app
  if (to === 'app' || to === 'test-support') return `${from} may not import ${to}`;
  if (to.startsWith('features/')) {
    if (from === 'app') return null;
    return `${from} may not import ${to}`;
  }
  return null; // shared (and packages) are open to everyone
}

const IMPORT =
  /(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

describe('layers of the web app', () => {
  const files = sourceFiles(SRC);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.includes(`${path.sep}features${path.sep}`))).toBe(true);
  });

  it('imports flow app → features → shared only', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? '';
        const target = path.resolve(path.dirname(file), specifier);
        const problem = violation(zoneOf(file), zoneOf(target));
        if (problem !== null)
          problems.push(`${path.relative(SRC, file)}: ${problem} (${specifier})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('would catch a feature reaching into another (the rule itself)', () => {
    expect(violation('features/clients', 'features/policies')).not.toBeNull();
    expect(violation('shared', 'features/clients')).not.toBeNull();
    expect(violation('features/clients', 'app')).not.toBeNull();
    expect(violation('shared', 'test-support')).not.toBeNull();
    expect(violation('app', 'features/clients')).toBeNull();
    expect(violation('features/clients', 'shared')).toBeNull();
  });
});
