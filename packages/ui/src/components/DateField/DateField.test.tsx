import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { DateField } from './DateField.tsx';
import * as examples from './DateField.examples.tsx';

describe('DateField', () => {
  itHasNoAxeViolations(examples);

  it('is a native date input named by its label, with an ISO value and bounds', () => {
    render(<examples.Default />);
    const input = screen.getByLabelText(/^Date de début/);
    expect(input).toHaveAttribute('type', 'date');
    expect(input).toHaveValue('2026-03-15');
    expect(input).toHaveAttribute('min', '2026-01-01');
    expect(input).toHaveAttribute('max', '2026-12-31');
    expect(input).toBeRequired();
    expect(input).toHaveAccessibleDescription('Au format jj/mm/aaaa, en 2026.');
  });

  it('reports the new ISO value, and the native event too', () => {
    const onValueChange = vi.fn();
    const onChange = vi.fn();
    render(<DateField label="Échéance" onValueChange={onValueChange} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Échéance'), { target: { value: '2026-04-30' } });
    expect(onValueChange).toHaveBeenCalledWith('2026-04-30');
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('updates when controlled', () => {
    render(<examples.Default />);
    fireEvent.change(screen.getByLabelText(/^Date de début/), { target: { value: '2026-06-01' } });
    expect(screen.getByText('Valeur envoyée : « 2026-06-01 »')).toBeInTheDocument();
  });

  it('is invalid and described by its error', () => {
    render(<examples.WithError />);
    const input = screen.getByLabelText('Date de naissance');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(
      'Erreur\u00a0: La date de naissance doit être passée.',
    );
  });
});
