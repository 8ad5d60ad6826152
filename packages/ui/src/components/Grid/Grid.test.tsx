import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Grid.examples.tsx';
import { Grid } from './Grid.tsx';

describe('Grid', () => {
  itHasNoAxeViolations(examples);

  it('turns columns and gap into classes, never into a style attribute', () => {
    const { container } = render(<Grid columns={4} gap={2} />);
    expect(container.firstElementChild).toHaveClass('ma-grid', 'ma-grid--4', 'ma-gap-2');
    expect(container.firstElementChild).not.toHaveAttribute('style');
  });

  it('defaults to two columns with gap 5', () => {
    const { container } = render(<Grid />);
    expect(container.firstElementChild).toHaveClass('ma-grid--2', 'ma-gap-5');
  });

  it('can be a list of cards, each a region named by its title', () => {
    render(<examples.ThreeColumns />);
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.getByRole('heading', { name: 'Agence Centre' })).toBeInTheDocument();
  });
});
