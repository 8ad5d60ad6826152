import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Icon.examples.tsx';
import * as icons from './Icon.tsx';

describe('Icon', () => {
  itHasNoAxeViolations(examples);

  it.each(Object.entries(icons))('%s is hidden from assistive technologies', (_name, Icon) => {
    const { container } = render(<Icon />);
    const svg = container.querySelector('svg');
    expect(svg).toHaveAttribute('aria-hidden', 'true');
    expect(svg).toHaveAttribute('focusable', 'false');
    expect(svg).toHaveClass('ma-icon', 'ma-icon--md');
  });
});
