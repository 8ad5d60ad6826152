import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Tabs.examples.tsx';

describe('Tabs', () => {
  itHasNoAxeViolations(examples);

  it('is a named tablist whose selected tab controls the visible panel', () => {
    render(<examples.Default />);
    expect(screen.getByRole('tablist', { name: 'Détails de la personne' })).toBeInTheDocument();
    const tab = screen.getByRole('tab', { name: 'Identité' });
    expect(tab).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel');
    expect(panel).toHaveAccessibleName('Identité');
    expect(tab).toHaveAttribute('aria-controls', panel.id);
    expect(panel).toHaveTextContent('Léa Martin');
  });

  it('moves with the arrow keys, skipping a disabled tab, and Tab enters the panel', async () => {
    render(<examples.Default />);
    await userEvent.tab();
    expect(screen.getByRole('tab', { name: 'Identité' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    const address = screen.getByRole('tab', { name: 'Adresse' });
    expect(address).toHaveFocus();
    expect(address).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel')).toHaveTextContent('12 rue des Lilas');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Identité' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'Historique' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await userEvent.keyboard('{End}');
    expect(address).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('tabpanel')).toHaveFocus();
  });

  it('selects by click and reports the id when controlled', async () => {
    render(<examples.Controlled />);
    expect(screen.getByRole('tab', { name: 'Mois' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.click(screen.getByRole('tab', { name: 'Année' }));
    expect(screen.getByText('Onglet choisi : annee')).toBeInTheDocument();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('Les 12 derniers mois.');
  });
});
