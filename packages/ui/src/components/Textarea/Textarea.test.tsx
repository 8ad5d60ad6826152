import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Textarea.examples.tsx';

describe('Textarea', () => {
  itHasNoAxeViolations(examples);

  it('is a multi-line textbox named by its label, four rows by default', async () => {
    render(<examples.Default />);
    const box = screen.getByRole('textbox', { name: 'Commentaire' });
    expect(box.tagName).toBe('TEXTAREA');
    expect(box).toHaveAttribute('rows', '4');
    expect(box).toHaveAccessibleDescription('Visible par toute l’équipe.');
    await userEvent.type(box, 'Ligne 1{Enter}Ligne 2');
    expect(box).toHaveValue('Ligne 1\nLigne 2');
  });

  it('is required and invalid with its error', () => {
    render(<examples.RequiredWithError />);
    const box = screen.getByRole('textbox', { name: 'Motif' });
    expect(box).toBeRequired();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAttribute('id', 'motif');
    expect(box).toHaveAttribute('rows', '6');
    expect(box).toHaveAccessibleDescription('Erreur\u00a0: Indiquez le motif de la demande.');
  });
});
