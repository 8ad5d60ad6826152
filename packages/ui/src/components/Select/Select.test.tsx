import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Select.examples.tsx';

describe('Select', () => {
  itHasNoAxeViolations(examples);

  it('is a required combobox with a placeholder option first and disabled options kept', () => {
    render(<examples.Default />);
    const select = screen.getByRole('combobox', { name: 'Pays' });
    expect(select).toBeRequired();
    expect(select).toHaveAccessibleDescription('Pays de résidence.');
    const options = screen.getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      'Choisir un pays',
      'France',
      'Belgique',
      'Suisse',
      'Luxembourg',
    ]);
    expect(options[0]).toHaveValue('');
    expect(screen.getByRole('option', { name: 'Luxembourg' })).toBeDisabled();
    expect(select).toHaveValue('');
  });

  it('selects with the keyboard and the pointer', async () => {
    render(<examples.ControlledWithGroups />);
    const select = screen.getByRole('combobox', { name: 'Période' });
    await userEvent.selectOptions(select, 'Second semestre 2025');
    expect(select).toHaveValue('2025-S2');
    expect(screen.getByText('Valeur : « 2025-S2 »')).toBeInTheDocument();
    expect(screen.getAllByRole('group').map((group) => group.getAttribute('label'))).toEqual([
      '2025',
      '2026',
    ]);
  });

  it('is invalid and described by its error', () => {
    render(<examples.WithError />);
    const select = screen.getByRole('combobox', { name: 'Pays' });
    expect(select).toHaveAttribute('aria-invalid', 'true');
    expect(select).toHaveAccessibleDescription('Erreur\u00a0: Choisissez un pays.');
  });
});
