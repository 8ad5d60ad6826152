import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Stack.examples.tsx';
import { Stack } from './Stack.tsx';

describe('Stack', () => {
  itHasNoAxeViolations(examples);

  it('turns its props into classes, never into a style attribute', () => {
    const { container } = render(
      <Stack direction="row" gap={6} align="center" justify="between" wrap className="extra">
        <span>a</span>
      </Stack>,
    );
    const stack = container.firstElementChild;
    expect(stack).toHaveClass(
      'ma-stack',
      'ma-stack--row',
      'ma-gap-6',
      'ma-stack--align-center',
      'ma-stack--justify-between',
      'ma-stack--wrap',
      'extra',
    );
    expect(stack).not.toHaveAttribute('style');
  });

  it('defaults to a div column with gap 4', () => {
    const { container } = render(<Stack />);
    expect(container.firstElementChild?.tagName).toBe('DIV');
    expect(container.firstElementChild).toHaveClass('ma-stack--column', 'ma-gap-4');
  });

  it('keeps list semantics when rendered as a list', () => {
    render(<examples.AsList />);
    expect(screen.getByRole('list')).toHaveClass('ma-stack--row');
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });
});
