import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { NavigationProvider } from '../Link/navigation.tsx';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import * as examples from './Breadcrumbs.examples.tsx';

describe('Breadcrumbs', () => {
  itHasNoAxeViolations(examples);

  it('is a « Fil d’Ariane » navigation with an ordered list, the current page not a link', () => {
    render(<examples.Default />);
    const nav = screen.getByRole('navigation', { name: 'Fil d’Ariane' });
    const items = within(nav).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Accueil',
      'Dossiers',
      'Dossier 2026-014',
    ]);
    expect(within(nav).getAllByRole('link')).toHaveLength(2);
    expect(screen.getByText('Dossier 2026-014')).toHaveAttribute('aria-current', 'page');
  });

  it('routes in the app, and never links the last item even with an href', async () => {
    const navigate = vi.fn();
    render(
      <NavigationProvider navigate={navigate}>
        <Breadcrumbs
          label="Position"
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Ici', href: '/ici' },
          ]}
        />
      </NavigationProvider>,
    );
    expect(screen.getByRole('navigation', { name: 'Position' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Ici' })).toBeNull();
    await userEvent.click(screen.getByRole('link', { name: 'Accueil' }));
    expect(navigate).toHaveBeenCalledWith('/');
  });
});
