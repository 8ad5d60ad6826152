import axe from 'axe-core';

/**
 * The axe rules we hold every example to: WCAG 2.0–2.2 A and AA, plus axe's best practices.
 *
 * Left out, and why:
 * - `color-contrast` (and its AAA twin): jsdom computes no layout and no cascaded colours, so axe
 *   cannot measure contrast here. Contrast is covered twice elsewhere: `tokens.test.ts` checks every
 *   text/background pair of the palette, and the gallery is scanned with axe in real Chromium.
 * - `region`, `landmark-one-main`, `page-has-heading-one`: page-level rules; an example is a
 *   fragment rendered on its own, and the gallery page that hosts it is scanned with them on.
 */
const OPTIONS: axe.RunOptions = {
  runOnly: {
    type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
  },
  rules: {
    'color-contrast': { enabled: false },
    region: { enabled: false },
    'landmark-one-main': { enabled: false },
    'page-has-heading-one': { enabled: false },
  },
};

/** One line per violation and node, readable in a failed `toEqual([])`. */
export async function axeViolations(root: Element = document.body): Promise<string[]> {
  const { violations } = await axe.run(root, OPTIONS);
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${violation.help} — ${node.target.join(' ')}`),
  );
}
