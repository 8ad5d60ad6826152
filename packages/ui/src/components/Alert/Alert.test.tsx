import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Alert.examples.tsx';

describe('Alert', () => {
  itHasNoAxeViolations(examples);

  it('says its tone before its title, and is no live region unless asked', () => {
    render(<examples.Tones />);
    expect(screen.getByText('Erreur :').parentElement).toHaveTextContent(
      'Erreur : Import impossible',
    );
    expect(screen.getByText('Succès :')).toHaveClass('ma-visually-hidden');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('link', { name: 'Voir l’aide' })).toBeInTheDocument();
  });

  it('says its tone before its text when it has no title', () => {
    render(<examples.WithoutTitle />);
    expect(screen.getByText('Votre session expire dans 5 minutes.')).toHaveTextContent(
      'Attention : Votre session expire dans 5 minutes.',
    );
  });

  it('is a polite status for a success, an assertive alert for an error, when live', async () => {
    render(<examples.Live />);
    await userEvent.click(screen.getByRole('button', { name: 'Réussir' }));
    expect(screen.getByRole('status')).toHaveTextContent('Modifications enregistrées.');
    await userEvent.click(screen.getByRole('button', { name: 'Échouer' }));
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('Enregistrement impossible');
  });
});
