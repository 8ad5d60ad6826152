import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import * as examples from './ErrorSummary.examples.tsx';

describe('ErrorSummary', () => {
  itHasNoAxeViolations(examples);

  it('titles the count in French, singular and plural, and links each error to its field', () => {
    render(<examples.TwoErrors />);
    expect(
      screen.getByRole('heading', { level: 2, name: 'Le formulaire contient 2 erreurs' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Saisissez la ville.' })).toHaveAttribute(
      'href',
      '#resume-ville',
    );
    render(<ErrorSummary errors={[{ fieldId: 'x', message: 'Une seule.' }]} />);
    expect(screen.getByRole('heading', { name: 'Le formulaire contient 1 erreur' })).toBeVisible();
  });

  it('is an alert, so it is announced when it appears', () => {
    render(<examples.TwoErrors />);
    expect(screen.getByRole('alert')).toHaveTextContent('Le formulaire contient 2 erreurs');
  });

  it('in a Form not yet submitted, does not take the focus', () => {
    render(<examples.TwoErrors />);
    expect(document.body).toHaveFocus();
  });

  it('focuses the field, not only the URL, when a link is followed', async () => {
    render(<examples.TwoErrors />);
    await userEvent.click(screen.getByRole('link', { name: 'Saisissez la ville.' }));
    expect(screen.getByRole('textbox', { name: 'Ville' })).toHaveFocus();
  });

  it('leaves the link to the browser when its field is not on the page', async () => {
    render(<ErrorSummary errors={[{ fieldId: 'absent', message: 'Ailleurs.' }]} />);
    const link = screen.getByRole('link', { name: 'Ailleurs.' });
    await userEvent.click(link);
    expect(window.location.hash).toBe('#absent');
    window.location.hash = '';
  });

  it('outside a Form, takes the focus when errors appear', async () => {
    render(<examples.ShownOnDemand />);
    expect(screen.queryByRole('alert')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Vérifier' }));
    const summary = screen.getByRole('alert').parentElement;
    expect(summary).toHaveFocus();
    expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent(
      'Le formulaire contient 1 erreur',
    );
  });

  it('takes a custom title', () => {
    render(
      <ErrorSummary
        errors={[{ fieldId: 'a', message: 'A' }]}
        title={(count) => `Il y a un problème (${count})`}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Il y a un problème (1)' })).toBeVisible();
  });

  it('renders nothing without errors', () => {
    const { container } = render(<ErrorSummary errors={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
