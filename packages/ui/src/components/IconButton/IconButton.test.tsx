import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { CloseIcon } from '../Icon/Icon.tsx';
import { IconButton } from './IconButton.tsx';
import * as examples from './IconButton.examples.tsx';

describe('IconButton', () => {
  itHasNoAxeViolations(examples);

  it('is named by its label, which is also its tooltip', () => {
    render(<examples.Variants />);
    const button = screen.getByRole('button', { name: 'Supprimer la ligne' });
    expect(button).toHaveAttribute('title', 'Supprimer la ligne');
    expect(button).toHaveClass('ma-button--danger', 'ma-icon-button');
    expect(screen.getByRole('button', { name: 'Fermer' })).toHaveClass('ma-button--ghost');
  });

  it('activates from the keyboard', async () => {
    const onClick = vi.fn();
    render(<IconButton label="Fermer" icon={<CloseIcon />} onClick={onClick} />);
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('keeps the Button states', () => {
    render(<examples.States />);
    expect(screen.getByRole('button', { name: 'Supprimer' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Modifier' })).toBeDisabled();
  });
});
