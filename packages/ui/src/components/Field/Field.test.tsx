import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Field, Fieldset, joinIds } from './Field.tsx';
import * as examples from './Field.examples.tsx';

describe('Field', () => {
  itHasNoAxeViolations(examples);

  it('ties label, hint and error to the control', () => {
    render(<examples.CustomControl />);
    const input = screen.getByRole('searchbox', { name: 'Rechercher' });
    expect(input).toHaveAccessibleDescription(
      'Au moins trois lettres. Erreur\u00a0: Saisissez au moins trois lettres.',
    );
    expect(input).toBeInvalid();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('describes the control only with ids that are rendered', () => {
    render(
      <Field label="Ville" id="ville" describedBy="aide-externe">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: 'Ville' });
    expect(input).toHaveAttribute('id', 'ville');
    expect(input).toHaveAttribute('aria-describedby', 'aide-externe');
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).not.toBeRequired();
  });

  it('treats an empty or false error as no error', () => {
    render(
      <>
        <Field label="A" error="">
          {(control) => <input {...control} />}
        </Field>
        <Field label="B" error={false}>
          {(control) => <input {...control} />}
        </Field>
      </>,
    );
    for (const name of ['A', 'B']) {
      const input = screen.getByRole('textbox', { name });
      expect(input).not.toHaveAttribute('aria-describedby');
      expect(input).toBeValid();
    }
  });

  it('marks a required field on screen and for assistive technologies, without doubling the name', () => {
    render(
      <Field label="Nom" required>
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: 'Nom' });
    expect(input).toBeRequired();
    expect(screen.getByText('(obligatoire)')).toHaveAttribute('aria-hidden', 'true');
  });

  it('groups controls in a fieldset named by its legend and described by its hint', () => {
    render(<examples.GroupOfInputs />);
    const group = screen.getByRole('group', { name: 'Horaire de rappel' });
    expect(group).toHaveAccessibleDescription('Par exemple : 14 h 30.');
    expect(screen.getByRole('textbox', { name: 'Heures' })).toHaveAttribute('id', 'rappel-heures');
  });

  it('as a radiogroup, carries aria-invalid and aria-required', () => {
    render(
      <Fieldset legend="Choix" role="radiogroup" required error="Choisissez une option.">
        <input type="radio" name="c" aria-label="Un" />
      </Fieldset>,
    );
    const group = screen.getByRole('radiogroup', { name: 'Choix' });
    expect(group).toHaveAttribute('aria-invalid', 'true');
    expect(group).toHaveAttribute('aria-required', 'true');
    expect(group).toHaveAccessibleDescription('Erreur\u00a0: Choisissez une option.');
  });

  it('joins only the ids present', () => {
    expect(joinIds(undefined, 'a', '', 'b')).toBe('a b');
    expect(joinIds(undefined, '')).toBeUndefined();
  });
});
