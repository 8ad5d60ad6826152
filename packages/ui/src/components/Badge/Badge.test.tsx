import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Badge } from './Badge.tsx';
import * as examples from './Badge.examples.tsx';

describe('Badge', () => {
  itHasNoAxeViolations(examples);

  it('is plain text with its tone class, neutral by default', () => {
    render(<examples.Tones />);
    expect(screen.getByText('Brouillon')).toHaveClass('ma-badge', 'ma-badge--neutral');
    expect(screen.getByText('En retard')).toHaveClass('ma-badge--danger');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('is part of the text around it', () => {
    render(<examples.InText />);
    expect(screen.getByRole('heading', { name: 'Rapport de mars Nouveau' })).toBeVisible();
  });

  it('accepts a class of its own', () => {
    render(<Badge className="extra">A</Badge>);
    expect(screen.getByText('A')).toHaveClass('ma-badge', 'extra');
  });
});
