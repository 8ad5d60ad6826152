import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { TextField } from './TextField.tsx';
import * as examples from './TextField.examples.tsx';

describe('TextField', () => {
  itHasNoAxeViolations(examples);

  it('is a required textbox named by its label and described by its hint', () => {
    render(<examples.Default />);
    const input = screen.getByRole('textbox', { name: 'Adresse électronique' });
    expect(input).toBeRequired();
    expect(input).toHaveAttribute('type', 'email');
    expect(input).toHaveAttribute('autocomplete', 'email');
    expect(input).toHaveAccessibleDescription('Par exemple : prenom.nom@exemple.fr');
    expect(input).not.toHaveAttribute('aria-invalid');
  });

  it('is invalid and described by its error', () => {
    render(<examples.WithError />);
    const input = screen.getByRole('textbox', { name: 'Code postal' });
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Erreur\u00a0: Le code postal compte 5 chiffres.');
    expect(input).toHaveClass('ma-input', 'ma-input--short');
  });

  it('keeps a describedby of its own after the field texts', () => {
    render(
      <>
        <p id="aide">Aide générale.</p>
        <TextField label="Ville" description="Sans accent." aria-describedby="aide" />
      </>,
    );
    expect(screen.getByRole('textbox')).toHaveAccessibleDescription('Sans accent. Aide générale.');
  });

  it('takes typing, controlled', async () => {
    render(<examples.Controlled />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Prénom' }), 'Léa');
    expect(screen.getByText('Bonjour Léa !')).toBeInTheDocument();
  });

  it('can be disabled', () => {
    render(<examples.WidthsAndDisabled />);
    expect(screen.getByRole('textbox', { name: 'Pays' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Ville' })).toHaveClass('ma-input--medium');
  });

  it('uses the id it is given, for links from an error summary', () => {
    render(<TextField label="Nom" id="nom" />);
    expect(screen.getByRole('textbox', { name: 'Nom' })).toHaveAttribute('id', 'nom');
  });
});
