import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { SkipLink } from './SkipLink.tsx';
import * as examples from './SkipLink.examples.tsx';

describe('SkipLink', () => {
  itHasNoAxeViolations(examples);

  it('is the first tab stop and moves the focus to the target without changing the URL', async () => {
    render(<examples.Default />);
    await userEvent.tab();
    const link = screen.getByRole('link', { name: 'Aller au contenu principal' });
    expect(link).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByText('Le contenu principal commence ici.').parentElement).toHaveFocus();
    expect(window.location.hash).toBe('');
    // The next Tab continues after the target, not through the menu it skipped.
    await userEvent.tab();
    expect(screen.getByRole('link', { name: 'Un' })).not.toHaveFocus();
  });

  it('targets #contenu by default and makes a target focusable if it is not', async () => {
    render(
      <>
        <SkipLink />
        <main id="contenu">Principal</main>
      </>,
    );
    const link = screen.getByRole('link', { name: 'Aller au contenu principal' });
    expect(link).toHaveAttribute('href', '#contenu');
    await userEvent.click(link);
    const main = screen.getByRole('main');
    expect(main).toHaveAttribute('tabindex', '-1');
    expect(main).toHaveFocus();
  });

  it('falls back to the plain anchor when the target is missing', async () => {
    render(<SkipLink targetId="ailleurs" />);
    await userEvent.click(screen.getByRole('link'));
    expect(window.location.hash).toBe('#ailleurs');
    window.location.hash = '';
  });
});
