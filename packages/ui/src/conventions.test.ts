// @vitest-environment node
/**
 * The rules every component folder follows, checked on the files themselves: its five files, its
 * export, no raw colour or timing outside tokens.css, no inline style, and no motion under
 * `prefers-reduced-motion: reduce`, listed in docs/motion.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const componentsDir = new URL('./components/', import.meta.url);
const components = readdirSync(componentsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const read = (path: string) => readFileSync(new URL(path, componentsDir), 'utf8');
const css = (name: string) => read(`${name}/${name}.css`);
const index = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
const motionDoc = readFileSync(new URL('../../../docs/motion.md', import.meta.url), 'utf8');

interface CssRule {
  selectors: string[];
  body: string;
  media: string | null;
}

/** Splits a selector list on its top-level commas (`:not(a, b)` stays whole). */
function splitSelectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

/** The style rules of a stylesheet, with the @media they sit in; @keyframes left out. */
function parseRules(source: string, media: string | null = null): CssRule[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: CssRule[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{', position);
    if (open === -1) break;
    const prelude = text.slice(position, open).trim();
    let depth = 1;
    let close = open + 1;
    while (depth > 0 && close < text.length) {
      if (text[close] === '{') depth += 1;
      if (text[close] === '}') depth -= 1;
      close += 1;
    }
    const body = text.slice(open + 1, close - 1);
    if (prelude.startsWith('@media')) rules.push(...parseRules(body, prelude));
    else if (!prelude.startsWith('@'))
      rules.push({ selectors: splitSelectors(prelude), body, media });
    position = close;
  }
  return rules;
}

const REDUCED = '@media (prefers-reduced-motion: reduce)';
const MOTION_PROPERTIES = ['transition', 'animation'] as const;

/** Which motion properties a declaration block sets to something other than `none`. */
function motionIn(body: string): string[] {
  return MOTION_PROPERTIES.filter((property) =>
    new RegExp(`(^|[;\\s])${property}\\s*:\\s*(?!none\\s*;)`).test(body),
  );
}

const animated = components.filter((name) =>
  parseRules(css(name)).some((rule) => rule.media !== REDUCED && motionIn(rule.body).length > 0),
);

describe('component folders', () => {
  it('exist', () => {
    expect(components.length).toBeGreaterThan(20);
  });

  it.each(components)('%s has its code, styles, examples, tests and doc', (name) => {
    const missing = [
      `${name}.tsx`,
      `${name}.css`,
      `${name}.examples.tsx`,
      `${name}.test.tsx`,
      'README.md',
    ].filter((file) => !existsSync(new URL(`${name}/${file}`, componentsDir)));
    expect(missing).toEqual([]);
  });

  it.each(components)('%s is exported by index.ts', (name) => {
    expect(index).toContain(`'./components/${name}/${name}.tsx'`);
  });

  it.each(components)('%s documents its accessibility', (name) => {
    expect(read(`${name}/README.md`)).toMatch(/^## Accessibility/m);
  });

  it.each(components)('%s writes no inline style (the CSP has no unsafe-inline)', (name) => {
    const sources = readdirSync(new URL(`${name}/`, componentsDir)).filter(
      (file) => file.endsWith('.tsx') && !file.endsWith('.test.tsx'),
    );
    for (const file of sources) expect(read(`${name}/${file}`)).not.toMatch(/\bstyle=/);
  });

  it.each(components)('%s takes colours and timings from the tokens only', (name) => {
    const source = css(name).replace(/\/\*[\s\S]*?\*\//g, '');
    expect(source).not.toMatch(/#[0-9a-f]{3,8}\b/i);
    expect(source).not.toMatch(/\b(rgba?|hsla?|oklch|lab|lch)\(/i);
    // A time is a number with ms or s, not part of a name (`--ma-size-…`).
    expect(source).not.toMatch(/(^|[\s(,])\d*\.?\d+m?s\b/m);
  });
});

describe('motion', () => {
  it('has animated components', () => {
    expect(animated.length).toBeGreaterThan(5);
  });

  it.each(animated)(
    '%s turns each of its transitions and animations off under reduced motion',
    (name) => {
      const rules = parseRules(css(name));
      const reduced = rules.filter((rule) => rule.media === REDUCED);
      const uncovered = rules
        .filter((rule) => rule.media !== REDUCED)
        .flatMap((rule) =>
          motionIn(rule.body).flatMap((property) =>
            rule.selectors
              .filter(
                (selector) =>
                  !reduced.some(
                    (off) =>
                      off.selectors.includes(selector) &&
                      new RegExp(`${property}\\s*:\\s*none`).test(off.body),
                  ),
              )
              .map((selector) => `${selector} { ${property} }`),
          ),
        );
      expect(uncovered).toEqual([]);
    },
  );

  it.each(animated)('%s is in the motion catalogue (docs/motion.md)', (name) => {
    expect(motionDoc).toContain(`\`${name}\``);
    for (const [, keyframes] of css(name).matchAll(/@keyframes\s+([\w-]+)/g)) {
      expect(motionDoc).toContain(`\`${keyframes}\``);
    }
  });

  it('keeps every transition duration token between 100 and 250 ms', () => {
    const tokens = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
    const root = /:root\s*\{([\s\S]*?)\n\}/.exec(tokens)?.[1] ?? '';
    const durations = [...root.matchAll(/--ma-duration-[\w-]+:\s*(\d+)ms;/g)].map((m) =>
      Number(m[1]),
    );
    expect(durations.length).toBeGreaterThanOrEqual(3);
    for (const duration of durations) {
      expect(duration).toBeGreaterThanOrEqual(100);
      expect(duration).toBeLessThanOrEqual(250);
    }
  });
});
