import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createRef } from 'react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Checkbox, CheckboxGroup } from './Checkbox.tsx';
import * as examples from './Checkbox.examples.tsx';

describe('Checkbox', () => {
  itHasNoAxeViolations(examples);

  it('toggles by click on its label and by Space, described by its hint', async () => {
    render(<examples.Single />);
    const box = screen.getByRole('checkbox', { name: 'Recevoir le résumé hebdomadaire' });
    expect(box).toBeChecked();
    expect(box).toHaveAccessibleDescription('Un courriel chaque lundi matin.');
    await userEvent.click(screen.getByText('Recevoir le résumé hebdomadaire'));
    expect(box).not.toBeChecked();
    await userEvent.keyboard(' ');
    expect(box).toBeChecked();
  });

  it('is required and invalid with its error', () => {
    render(<examples.RequiredWithError />);
    const box = screen.getByRole('checkbox', { name: 'J’accepte les conditions d’utilisation' });
    expect(box).toBeRequired();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription(
      'Erreur\u00a0: Acceptez les conditions pour continuer.',
    );
  });

  it('sets the indeterminate DOM property, and clears it', () => {
    const { rerender } = render(<Checkbox label="Tout" indeterminate />);
    const box = screen.getByRole('checkbox', { name: 'Tout' });
    expect(box).toBePartiallyChecked();
    rerender(<Checkbox label="Tout" indeterminate={false} />);
    expect(box).not.toBePartiallyChecked();
  });

  it('forwards its ref to the input', () => {
    const ref = createRef<HTMLInputElement>();
    render(<Checkbox label="A" ref={ref} />);
    expect(ref.current).toBe(screen.getByRole('checkbox'));
  });

  it('is disabled when told', () => {
    render(<examples.IndeterminateAndDisabled />);
    expect(screen.getByRole('checkbox', { name: 'Option verrouillée' })).toBeDisabled();
  });
});

describe('CheckboxGroup', () => {
  it('is a group named by its legend that reports the checked values', async () => {
    render(<examples.Group />);
    const group = screen.getByRole('group', { name: 'Jours de présence' });
    expect(group).toHaveAccessibleDescription('Cochez tous les jours qui s’appliquent.');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Mercredi' }));
    expect(screen.getByText('Choisis : lundi, mercredi')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Lundi' }));
    expect(screen.getByText('Choisis : mercredi')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Mercredi' })).toHaveAccessibleDescription(
      'Matin seulement.',
    );
  });

  it('carries its error on the group, marks every box invalid, and gives its id to the first box', () => {
    render(<examples.GroupWithError />);
    const group = screen.getByRole('group', { name: 'Canaux de contact' });
    expect(group).toHaveAccessibleDescription('Erreur\u00a0: Choisissez au moins un canal.');
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes[0]).toHaveAttribute('id', 'canaux');
    for (const box of boxes) expect(box).toHaveAttribute('aria-invalid', 'true');
  });

  it('works uncontrolled, and FormData gets one entry per checked box', async () => {
    render(
      <form data-testid="form">
        <CheckboxGroup
          legend="Jours"
          name="jours"
          defaultValue={['mardi']}
          options={[
            { value: 'lundi', label: 'Lundi' },
            { value: 'mardi', label: 'Mardi' },
          ]}
        />
      </form>,
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Lundi' }));
    const data = new FormData(screen.getByTestId('form') as HTMLFormElement);
    expect(data.getAll('jours')).toEqual(['lundi', 'mardi']);
  });
});
