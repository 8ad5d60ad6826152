import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { EmptyState } from './EmptyState.tsx';
import * as examples from './EmptyState.examples.tsx';

describe('EmptyState', () => {
  itHasNoAxeViolations(examples);

  it('says « Aucun résultat » in an h2 by default, with its description and action', () => {
    render(<examples.NoResults />);
    expect(screen.getByRole('heading', { level: 2, name: 'Aucun résultat' })).toBeVisible();
    expect(screen.getByText(/Aucune personne ne correspond/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Effacer les filtres' })).toBeVisible();
  });

  it('takes a title, a level and an icon, which stays decorative', () => {
    const { container } = render(<examples.NothingYet />);
    expect(
      screen.getByRole('heading', { level: 3, name: 'Aucun fichier pour le moment' }),
    ).toBeVisible();
    expect(container.querySelector('.ma-empty-state__icon')).toHaveAttribute('aria-hidden', 'true');
  });

  it('can do without icon, description and action', () => {
    const { container } = render(<EmptyState icon={null} />);
    expect(container.querySelector('.ma-empty-state__icon')).toBeNull();
    expect(container.querySelector('p')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
