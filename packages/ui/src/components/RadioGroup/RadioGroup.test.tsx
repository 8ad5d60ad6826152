import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { RadioGroup } from './RadioGroup.tsx';
import * as examples from './RadioGroup.examples.tsx';

describe('RadioGroup', () => {
  itHasNoAxeViolations(examples);

  it('is a radiogroup named by its legend, with one radio per option', () => {
    render(<examples.Default />);
    const group = screen.getByRole('radiogroup', {
      name: 'Comment souhaitez-vous être contacté ?',
    });
    expect(group.tagName).toBe('FIELDSET');
    expect(group).toHaveAccessibleDescription('Un seul choix.');
    expect(screen.getAllByRole('radio')).toHaveLength(3);
    expect(screen.getByRole('radio', { name: 'Par courriel' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Par courrier' })).toBeDisabled();
    expect(screen.getByRole('radio', { name: 'Par téléphone' })).toHaveAccessibleDescription(
      'En semaine, de 9 h à 18 h.',
    );
  });

  it('changes the choice by click and reports it', async () => {
    render(<examples.Default />);
    await userEvent.click(screen.getByText('Par téléphone'));
    expect(screen.getByRole('radio', { name: 'Par téléphone' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Par courriel' })).not.toBeChecked();
    expect(screen.getByText('Choix : telephone')).toBeInTheDocument();
  });

  it('shares one name, so the browser gives the group one tab stop and arrow keys', () => {
    render(<examples.Default />);
    const names = new Set(screen.getAllByRole('radio').map((radio) => radio.getAttribute('name')));
    expect(names.size).toBe(1);
    expect([...names][0]).not.toBe('');
  });

  it('is required and invalid, its error on the group, its id on the first radio', () => {
    render(<examples.HorizontalWithError />);
    const group = screen.getByRole('radiogroup', { name: 'Avez-vous déjà un compte ?' });
    expect(group).toHaveAttribute('aria-invalid', 'true');
    expect(group).toHaveAttribute('aria-required', 'true');
    expect(group).toHaveAccessibleDescription(
      'Erreur\u00a0: Indiquez si vous avez déjà un compte.',
    );
    expect(screen.getByRole('radio', { name: 'Oui' })).toHaveAttribute('id', 'compte');
    expect(group).toHaveClass('ma-radio-group--horizontal');
  });

  it('works uncontrolled from a default value', async () => {
    render(
      <form data-testid="form">
        <RadioGroup
          legend="Taille"
          name="taille"
          defaultValue="m"
          options={[
            { value: 's', label: 'Petite' },
            { value: 'm', label: 'Moyenne' },
          ]}
        />
      </form>,
    );
    expect(screen.getByRole('radio', { name: 'Moyenne' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Petite' }));
    expect(new FormData(screen.getByTestId('form') as HTMLFormElement).get('taille')).toBe('s');
  });
});
