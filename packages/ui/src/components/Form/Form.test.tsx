import { act, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../ErrorSummary/ErrorSummary.tsx';
import { TextField } from '../TextField/TextField.tsx';
import { Form } from './Form.tsx';
import * as examples from './Form.examples.tsx';

describe('Form, Field and ErrorSummary', () => {
  itHasNoAxeViolations(examples);

  it('on a failed submit, focuses the summary that lists every error in field order', async () => {
    render(<examples.WithValidation />);
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    const alert = screen.getByRole('alert');
    expect(alert.parentElement).toHaveFocus();
    expect(
      within(alert).getByRole('heading', { name: 'Le formulaire contient 5 erreurs' }),
    ).toBeInTheDocument();
    expect(
      within(alert)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Saisissez le prénom.',
      'Saisissez le nom.',
      'Choisissez un pays.',
      'Choisissez un moyen de contact.',
      'Acceptez les conditions pour continuer.',
    ]);
  });

  it('shows each error at its field, which becomes invalid', async () => {
    render(<examples.WithValidation />);
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    const prenom = screen.getByRole('textbox', { name: 'Prénom' });
    expect(prenom).toHaveAttribute('aria-invalid', 'true');
    expect(prenom).toHaveAccessibleDescription('Erreur\u00a0: Saisissez le prénom.');
    expect(screen.getByRole('combobox', { name: 'Pays' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('radiogroup', { name: 'Moyen de contact préféré' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    // An optional field left empty is not an error.
    expect(screen.getByRole('textbox', { name: 'Adresse électronique' })).toBeValid();
  });

  it('links from the summary to a text field, a select and a radio group', async () => {
    render(<examples.WithValidation />);
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await userEvent.click(screen.getByRole('link', { name: 'Saisissez le nom.' }));
    expect(screen.getByRole('textbox', { name: 'Nom' })).toHaveFocus();
    await userEvent.click(screen.getByRole('link', { name: 'Choisissez un pays.' }));
    expect(screen.getByRole('combobox', { name: 'Pays' })).toHaveFocus();
    await userEvent.click(screen.getByRole('link', { name: 'Choisissez un moyen de contact.' }));
    expect(screen.getByRole('radio', { name: 'Courriel' })).toHaveFocus();
  });

  it('does not steal the focus while the user corrects, but again on the next submit', async () => {
    render(<examples.WithValidation />);
    const submit = screen.getByRole('button', { name: 'Enregistrer' });
    await userEvent.click(submit);
    const prenom = screen.getByRole('textbox', { name: 'Prénom' });
    await userEvent.type(prenom, 'Léa');
    expect(prenom).toHaveFocus();
    await userEvent.click(submit);
    expect(screen.getByRole('alert').parentElement).toHaveFocus();
    expect(screen.getByRole('heading', { name: 'Le formulaire contient 4 erreurs' })).toBeVisible();
  });

  it('submits with Enter from a field, and announces success once valid', async () => {
    render(<examples.WithValidation />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Prénom' }), 'Léa');
    await userEvent.type(screen.getByRole('textbox', { name: 'Nom' }), 'Martin');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Pays' }), 'France');
    await userEvent.click(screen.getByRole('radio', { name: 'Téléphone' }));
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'J’accepte les conditions d’utilisation' }),
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Nom' }), '{Enter}');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Enregistré.');
  });

  it('rejects a malformed email only when one is given', async () => {
    render(<examples.WithValidation />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Adresse électronique' }), 'léa@');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(screen.getByRole('textbox', { name: 'Adresse électronique' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('is noValidate, prevents the browser submit and passes FormData', async () => {
    const onSubmit = vi.fn();
    render(
      <Form aria-label="Recherche" onSubmit={onSubmit}>
        <TextField name="q" label="Terme" required defaultValue="abc" />
        <button type="submit">Chercher</button>
      </Form>,
    );
    expect(screen.getByRole('form', { name: 'Recherche' })).toHaveAttribute('novalidate');
    await userEvent.click(screen.getByRole('button', { name: 'Chercher' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const [data, event] = onSubmit.mock.calls[0] as [FormData, { defaultPrevented: boolean }];
    expect(data.get('q')).toBe('abc');
    expect(event.defaultPrevented).toBe(true);
  });

  it('focuses the summary when the errors come back after the submit (from a server)', async () => {
    let respond: () => void = () => {};
    function Later() {
      const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
      const reject = () =>
        setErrors([{ fieldId: 'serveur-nom', message: 'Ce nom est déjà pris.' }]);
      return (
        <Form
          aria-label="Serveur"
          onSubmit={() => {
            respond = reject;
          }}
        >
          <ErrorSummary errors={errors} />
          <TextField id="serveur-nom" label="Nom" />
          <button type="submit">Envoyer</button>
        </Form>
      );
    }
    render(<Later />);
    const submit = screen.getByRole('button', { name: 'Envoyer' });
    await userEvent.click(submit);
    expect(submit).toHaveFocus();
    act(() => respond());
    expect(screen.getByRole('alert').parentElement).toHaveFocus();
  });
});
