import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { isCurrentHref, SideNav } from './SideNav.tsx';
import * as examples from './SideNav.examples.tsx';

describe('SideNav', () => {
  itHasNoAxeViolations(examples);

  it('is a named navigation landmark with a list of links', () => {
    render(<examples.Default />);
    const nav = screen.getByRole('navigation', { name: 'Navigation de l’exemple' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Accueil', 'Dossiers', 'Personnes', 'Fichiers']);
  });

  it('marks the section of the current page with aria-current, and only it', () => {
    render(<examples.Default />);
    expect(screen.getByRole('link', { name: 'Dossiers' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Accueil' })).not.toHaveAttribute('aria-current');
  });

  it('prefers the deepest match, names sections by their title, and routes clicks', async () => {
    render(<examples.WithSections />);
    expect(screen.getByRole('link', { name: 'Équipe' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Général' })).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('list', { name: 'Réglages' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Fichiers' }));
    expect(screen.getByRole('link', { name: 'Fichiers' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Équipe' })).not.toHaveAttribute('aria-current');
  });

  it('has a default name and no current link without a current path', () => {
    render(<SideNav items={[{ href: '/a', label: 'A' }]} />);
    expect(screen.getByRole('navigation', { name: 'Navigation principale' })).toBeInTheDocument();
    expect(screen.getByRole('link')).not.toHaveAttribute('aria-current');
  });

  it.each([
    ['/dossiers', '/dossiers', true],
    ['/dossiers', '/dossiers/12', true],
    ['/dossiers/', '/dossiers/12', true],
    ['/dossiers', '/dossiers-archives', false],
    ['/', '/dossiers', false],
    ['/', '/', true],
    ['/a', undefined, false],
  ] as const)('isCurrentHref(%s, %s) is %s', (href, current, expected) => {
    expect(isCurrentHref(href, current)).toBe(expected);
  });
});
