import { fireEvent, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Link } from './Link.tsx';
import * as examples from './Link.examples.tsx';
import { NavigationProvider } from './navigation.tsx';

describe('Link', () => {
  itHasNoAxeViolations(examples);

  it('is a link named by its text, with its href', () => {
    render(<examples.Inline />);
    const link = screen.getByRole('link', { name: 'la page d’aide' });
    expect(link).toHaveAttribute('href', '#aide');
    expect(link).toHaveClass('ma-link--inline');
  });

  it('says « nouvelle fenêtre » and opens one safely when external', () => {
    render(<examples.StandaloneAndExternal />);
    const link = screen.getByRole('link', { name: 'Les règles WCAG (nouvelle fenêtre)' });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByRole('link', { name: 'Tout voir' })).toHaveClass('ma-link--standalone');
  });

  it('routes a plain click on an in-app path through the NavigationProvider', async () => {
    render(<examples.ClientSideNavigation />);
    await userEvent.click(screen.getByRole('link', { name: 'Réglages' }));
    expect(screen.getByRole('status')).toHaveTextContent('Navigation vers /reglages');
  });

  /**
   * Clicks the link and says whether the browser would follow it (nobody prevented the default).
   * The document's listener runs after the link's, records the outcome, then cancels it: jsdom
   * cannot navigate.
   */
  function browserFollows(link: HTMLElement, init?: MouseEventInit): boolean {
    let followed = false;
    const listener = (event: Event) => {
      followed = !event.defaultPrevented;
      event.preventDefault();
    };
    document.addEventListener('click', listener);
    fireEvent.click(link, init);
    document.removeEventListener('click', listener);
    return followed;
  }

  it('leaves modified clicks, other sites, new windows and downloads to the browser', () => {
    const navigate = vi.fn();
    const onClick = vi.fn();
    render(
      <NavigationProvider navigate={navigate}>
        <Link href="/a" onClick={onClick}>
          A
        </Link>
        <Link href="//autre.example/b">B</Link>
        <Link href="https://autre.example/c">C</Link>
        <Link href="/d" external>
          D
        </Link>
        <Link href="/e" download>
          E
        </Link>
      </NavigationProvider>,
    );
    const a = screen.getByRole('link', { name: 'A' });
    for (const modifier of ['ctrlKey', 'metaKey', 'shiftKey', 'altKey'] as const) {
      expect(browserFollows(a, { [modifier]: true })).toBe(true);
    }
    expect(browserFollows(a, { button: 1 })).toBe(true);
    for (const name of ['B', 'C', /^D/, 'E']) {
      expect(browserFollows(screen.getByRole('link', { name }))).toBe(true);
    }
    expect(navigate).not.toHaveBeenCalled();
    expect(onClick).toHaveBeenCalledTimes(5);
    expect(browserFollows(a)).toBe(false);
    expect(navigate).toHaveBeenCalledWith('/a');
  });

  it('respects an onClick that already prevented the default', () => {
    const navigate = vi.fn();
    render(
      <NavigationProvider navigate={navigate}>
        <Link href="/a" onClick={(event) => event.preventDefault()}>
          A
        </Link>
      </NavigationProvider>,
    );
    fireEvent.click(screen.getByRole('link'));
    expect(navigate).not.toHaveBeenCalled();
  });

  it('is an ordinary link without a provider', () => {
    render(<Link href="/a">A</Link>);
    expect(browserFollows(screen.getByRole('link'))).toBe(true);
  });
});
