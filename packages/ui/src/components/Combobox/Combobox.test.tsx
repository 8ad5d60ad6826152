import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Combobox.examples.tsx';

describe('Combobox', () => {
  itHasNoAxeViolations(examples);

  it('is a required combobox named by its label and described by its hint', () => {
    render(<examples.Default />);
    const input = screen.getByRole('combobox', { name: 'Ville' });
    expect(input).toHaveAttribute('aria-required', 'true');
    expect(input).toHaveAccessibleDescription('Tapez les premières lettres.');
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('filters as one types, ignoring accents and case, and chooses with the keyboard', async () => {
    render(<examples.Default />);
    const input = screen.getByRole('combobox', { name: 'Ville' });
    await userEvent.type(input, 'saint-e');
    const listbox = screen.getByRole('listbox');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Saint-ÉtienneAuvergne-Rhône-Alpes']);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(input).toHaveValue('Saint-Étienne');
    expect(screen.getByText('Code choisi : 42218')).toBeInTheDocument();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('says « Aucun résultat » when nothing matches', async () => {
    render(<examples.Default />);
    await userEvent.type(screen.getByRole('combobox', { name: 'Ville' }), 'zzz');
    expect(within(screen.getByRole('listbox')).getByText('Aucun résultat')).toBeInTheDocument();
  });

  it('opens with Down without typing, and does not open on focus alone', async () => {
    render(<examples.Default />);
    await userEvent.tab();
    expect(screen.queryByRole('listbox')).toBeNull();
    await userEvent.keyboard('{ArrowDown}');
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(13);
  });

  it('closes with Escape, keeping the focus in the input', async () => {
    render(<examples.Default />);
    const input = screen.getByRole('combobox', { name: 'Ville' });
    await userEvent.type(input, 'l');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input).toHaveFocus();
  });

  it('opens with its button, out of the tab order, and chooses with the pointer', async () => {
    render(<examples.Default />);
    const button = screen.getByRole('button', { name: /suggestions/i });
    expect(button).toHaveAttribute('tabindex', '-1');
    await userEvent.click(button);
    await userEvent.click(screen.getByRole('option', { name: /^Lyon/ }));
    expect(screen.getByText('Code choisi : 69123')).toBeInTheDocument();
  });

  it('is invalid with its error, keeps the id it is given, and can start chosen and disabled', () => {
    render(<examples.WithErrorAndDefault />);
    const input = screen.getByRole('combobox', { name: 'Ville de naissance' });
    expect(input).toHaveAttribute('id', 'ville-naissance');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Erreur\u00a0: Choisissez une ville dans la liste.');
    const work = screen.getByRole('combobox', { name: 'Ville de travail' });
    expect(work).toHaveValue('Lyon');
    expect(work).toBeDisabled();
  });
});
