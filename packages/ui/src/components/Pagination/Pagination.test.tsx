import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Pagination.examples.tsx';

describe('Pagination', () => {
  itHasNoAxeViolations(examples);

  it('is a navigation landmark with « Page précédente » and « Page suivante »', () => {
    render(<examples.Default />);
    const nav = screen.getByRole('navigation', { name: 'Pages de la liste' });
    expect(nav).toContainElement(screen.getByRole('button', { name: 'Page précédente' }));
    expect(nav).toContainElement(screen.getByRole('button', { name: 'Page suivante' }));
  });

  it('moves through the pages, the focus staying on the button at the end', async () => {
    render(<examples.Default />);
    const previous = screen.getByRole('button', { name: 'Page précédente' });
    const next = screen.getByRole('button', { name: 'Page suivante' });
    expect(previous).toHaveAttribute('aria-disabled', 'true');
    for (let i = 0; i < 4; i += 1) await userEvent.click(next);
    expect(screen.getByText('Page 5 sur 5')).toBeInTheDocument();
    expect(next).toHaveAttribute('aria-disabled', 'true');
    expect(next).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByText('Page 5 sur 5')).toBeInTheDocument();
    await userEvent.click(previous);
    expect(screen.getByText('Page 4 sur 5')).toBeInTheDocument();
    expect(next).not.toHaveAttribute('aria-disabled');
  });

  it('announces the new position politely', () => {
    render(<examples.Default />);
    const status = screen.getByText('Page 1 sur 5');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveAttribute('aria-atomic', 'true');
  });

  it('has a default landmark name', () => {
    render(<examples.SinglePage />);
    expect(screen.getByRole('navigation', { name: 'Pagination' })).toBeInTheDocument();
  });
});
