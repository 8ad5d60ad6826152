// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokens } from './tokens.ts';

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

function references(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(references);
}

const declared = new Set([...css.matchAll(/^\s*(--ma-[a-z0-9-]+)\s*:/gm)].map((m) => m[1]));
const referenced = references(tokens).map((ref) => /^var\((--ma-[a-z0-9-]+)\)$/.exec(ref)?.[1]);

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, bl = 0] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function colour(name: string): string {
  const value = new RegExp(`${name}:\\s*(#[0-9a-f]{6});`).exec(css)?.[1];
  if (value === undefined) throw new Error(`${name} is not a #rrggbb colour in tokens.css`);
  return value;
}

describe('tokens', () => {
  // Foreground, background, minimum ratio: 4.5 for text (AA), 3 for UI component edges and focus.
  it.each([
    ['text', 'bg', 4.5],
    ['text', 'surface', 4.5],
    ['text-muted', 'bg', 4.5],
    ['text-muted', 'surface', 4.5],
    ['link', 'bg', 4.5],
    ['link', 'surface', 4.5],
    ['link-hover', 'bg', 4.5],
    ['on-accent', 'accent', 4.5],
    ['danger', 'bg', 4.5],
    ['success', 'bg', 4.5],
    ['text-inverse', 'surface-inverse', 4.5],
    ['text-inverse-muted', 'surface-inverse', 4.5],
    ['link-inverse', 'surface-inverse', 4.5],
    ['on-accent', 'accent-hover', 4.5],
    ['on-danger', 'danger', 4.5],
    ['on-danger', 'danger-hover', 4.5],
    ['danger-hover', 'bg', 4.5],
    ['warning', 'bg', 4.5],
    ['accent', 'info-surface', 4.5],
    ['success', 'success-surface', 4.5],
    ['warning', 'warning-surface', 4.5],
    ['danger', 'danger-surface', 4.5],
    ['danger', 'surface', 4.5],
    ['text', 'info-surface', 4.5],
    ['text', 'success-surface', 4.5],
    ['text', 'warning-surface', 4.5],
    ['text', 'danger-surface', 4.5],
    ['text', 'selected', 4.5],
    ['text-muted', 'selected', 4.5],
    ['link', 'selected', 4.5],
    ['text', 'hover', 4.5],
    ['link', 'hover', 4.5],
    ['border-strong', 'bg', 3],
    ['border-strong', 'surface', 3],
    ['border-strong', 'selected', 3],
    ['focus', 'bg', 3],
    ['focus-inverse', 'surface-inverse', 3],
  ] as const)('%s on %s reaches %d:1', (fg, bg, min) => {
    expect(contrast(colour(`--ma-color-${fg}`), colour(`--ma-color-${bg}`))).toBeGreaterThanOrEqual(
      min,
    );
  });

  it('names only custom properties that tokens.css declares', () => {
    expect(referenced.filter((name) => name === undefined || !declared.has(name))).toEqual([]);
  });

  it('exposes every custom property of tokens.css', () => {
    expect([...declared].filter((name) => !referenced.includes(name))).toEqual([]);
  });

  it('turns every duration off under prefers-reduced-motion', () => {
    const reduced =
      /@media \(prefers-reduced-motion: reduce\)\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '';
    const durations = [...declared].filter((name) => name?.startsWith('--ma-duration-'));
    expect(durations.length).toBeGreaterThan(0);
    for (const name of durations) expect(reduced).toContain(`${name}: 0ms;`);
  });
});
