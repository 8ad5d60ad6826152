import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { AppShell } from './AppShell.tsx';
import * as examples from './AppShell.examples.tsx';

describe('AppShell', () => {
  itHasNoAxeViolations(examples);

  it('has banner, navigation, main and contentinfo landmarks, main being #contenu', () => {
    render(<examples.Default />);
    expect(screen.getByRole('banner')).toHaveTextContent('Mon application');
    expect(screen.getByRole('navigation', { name: 'Navigation principale' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveAttribute('id', 'contenu');
    expect(screen.getByRole('contentinfo')).toHaveTextContent('Logiciel libre.');
  });

  it('starts the tab order with « Aller au contenu principal », which focuses main', async () => {
    render(<examples.Default />);
    await userEvent.tab();
    const skip = screen.getByRole('link', { name: 'Aller au contenu principal' });
    expect(skip).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('opens and closes the navigation with its « Menu » disclosure button', async () => {
    render(<examples.Default />);
    const menu = screen.getByRole('button', { name: 'Menu' });
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(menu).toHaveAttribute('aria-controls', nav.parentElement?.id);
    await userEvent.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    expect(nav.parentElement).toHaveAttribute('data-open', 'true');

    // Escape from inside the menu closes it and gives the focus back to the button.
    within(nav).getByRole('link', { name: 'Accueil' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(menu).toHaveFocus();
  });

  it('closes the menu when a link is followed, and the page changes with the current link', async () => {
    render(<examples.Default />);
    await userEvent.click(screen.getByRole('button', { name: 'Menu' }));
    await userEvent.click(screen.getByRole('link', { name: 'Personnes' }));
    expect(screen.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('heading', { level: 1, name: 'Personnes' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Personnes' })).toHaveAttribute('aria-current', 'page');
  });

  it('leaves Escape alone when the menu is closed, and clicks that are not on links', async () => {
    render(<examples.Default />);
    const menu = screen.getByRole('button', { name: 'Menu' });
    await userEvent.click(menu);
    await userEvent.click(screen.getByRole('navigation'));
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(menu);
    screen.getByRole('link', { name: 'Accueil' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('link', { name: 'Accueil' })).toHaveFocus();
  });

  it('renders without navigation, actions or footer', () => {
    render(
      <AppShell brand="Marque" mainId="principal">
        <p>Page</p>
      </AppShell>,
    );
    expect(screen.queryByRole('button', { name: 'Menu' })).toBeNull();
    expect(screen.queryByRole('contentinfo')).toBeNull();
    expect(screen.getByRole('main')).toHaveAttribute('id', 'principal');
    expect(screen.getByRole('link', { name: 'Aller au contenu principal' })).toHaveAttribute(
      'href',
      '#principal',
    );
  });
});
