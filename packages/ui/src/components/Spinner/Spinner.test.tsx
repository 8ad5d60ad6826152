import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Spinner.examples.tsx';

describe('Spinner', () => {
  itHasNoAxeViolations(examples);

  it('is a status whose default text is « Chargement… »', () => {
    render(<examples.Default />);
    expect(screen.getByRole('status')).toHaveTextContent('Chargement…');
  });

  it('shows its label when asked', () => {
    render(<examples.WithVisibleLabel />);
    const label = screen.getByText('Chargement des fichiers…');
    expect(label).toHaveClass('ma-spinner__label');
  });

  it('adds no status and no text when decorative', () => {
    render(<examples.Decorative />);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByText('Mise à jour').querySelector('[aria-hidden="true"]')).not.toBeNull();
  });
});
