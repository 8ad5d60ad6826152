import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import * as examples from './ProgressBar.examples.tsx';

describe('ProgressBar', () => {
  itHasNoAxeViolations(examples);

  it('is a progressbar named by its label, with a French percentage as its value text', () => {
    render(<examples.Default />);
    const bar = screen.getByRole('progressbar', { name: 'Import du fichier' });
    expect(bar).toHaveAttribute('value', '45');
    expect(bar).toHaveAttribute('max', '100');
    // A narrow no-break space (or a no-break space, by ICU version) before the sign.
    expect(bar).toHaveAttribute('aria-valuetext', expect.stringMatching(/^45[\u00a0\u202f]%$/));
    expect(bar).toHaveAccessibleDescription('45 lignes sur 100.');
    expect(bar).not.toHaveAttribute('style');
  });

  it('is indeterminate without a value', () => {
    render(<examples.Indeterminate />);
    const bar = screen.getByRole('progressbar', { name: 'Préparation de l’export' });
    expect(bar).not.toHaveAttribute('value');
    expect(bar).not.toHaveAttribute('aria-valuetext');
  });

  it('follows its value, with a value text of its own', async () => {
    render(<examples.Steps />);
    const bar = screen.getByRole('progressbar', { name: 'Étapes terminées' });
    expect(bar).toHaveAttribute('aria-valuetext', '1 sur 4');
    await userEvent.click(screen.getByRole('button', { name: 'Étape suivante' }));
    expect(bar).toHaveAttribute('value', '2');
    expect(bar).toHaveAttribute('aria-valuetext', '2 sur 4');
  });

  it('keeps the value within 0 and max', () => {
    render(
      <>
        <ProgressBar label="Trop" value={150} />
        <ProgressBar label="Négatif" value={-5} />
      </>,
    );
    expect(screen.getByRole('progressbar', { name: 'Trop' })).toHaveAttribute('value', '100');
    expect(screen.getByRole('progressbar', { name: 'Négatif' })).toHaveAttribute('value', '0');
  });
});
