import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { focusPageTitle } from './Page.tsx';
import * as examples from './Page.examples.tsx';

describe('Page', () => {
  itHasNoAxeViolations(examples);

  it('has one h1, with breadcrumbs, description and actions', () => {
    render(<examples.Default />);
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1, name: 'Dossiers' })).toHaveAttribute(
      'tabindex',
      '-1',
    );
    expect(screen.getByRole('navigation', { name: 'Fil d’Ariane' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Nouveau dossier' })).toBeInTheDocument();
    expect(screen.getByText(/Tous les dossiers/)).toHaveClass('ma-page__description');
  });

  it('moves the focus to the new title after a navigation, not on the first render', async () => {
    render(
      <StrictMode>
        <examples.FocusOnNavigation />
      </StrictMode>,
    );
    expect(document.body).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Page suivante' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Deuxième page' })).toHaveFocus();
  });

  it('focusPageTitle falls back to the first h1 of main, then to main, then reports nothing', () => {
    const { rerender } = render(
      <main id="contenu">
        <h1>Titre</h1>
      </main>,
    );
    expect(focusPageTitle()).toBe(true);
    const heading = screen.getByRole('heading', { name: 'Titre' });
    expect(heading).toHaveFocus();
    expect(heading).toHaveAttribute('tabindex', '-1');

    rerender(
      <main id="contenu">
        <p>Sans titre</p>
      </main>,
    );
    expect(focusPageTitle()).toBe(true);
    expect(screen.getByRole('main')).toHaveFocus();

    rerender(<p>Rien</p>);
    expect(focusPageTitle('absent')).toBe(false);
  });
});
