import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Card } from './Card.tsx';
import * as examples from './Card.examples.tsx';

describe('Card', () => {
  itHasNoAxeViolations(examples);

  it('renders its title as an h2 by default, and no landmark', () => {
    render(<examples.Default />);
    expect(screen.getByRole('heading', { level: 2, name: 'Activité de la semaine' })).toBeVisible();
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.getByText('Mis à jour il y a 5 minutes')).toHaveClass('ma-card__footer');
  });

  it('as a section, is a region named by its title, with its actions', () => {
    render(<examples.SectionWithAction />);
    const region = screen.getByRole('region', { name: 'Derniers fichiers' });
    expect(region.tagName).toBe('SECTION');
    expect(screen.getByRole('link', { name: 'Tout voir' })).toBeVisible();
  });

  it('takes the heading level it is given', () => {
    render(<examples.NestedHeading />);
    expect(screen.getByRole('heading', { level: 3, name: 'Détail' })).toBeVisible();
  });

  it('renders without a header when it has neither title nor actions', () => {
    const { container } = render(<Card>Seul</Card>);
    expect(container.querySelector('.ma-card__header')).toBeNull();
    expect(container.firstElementChild).not.toHaveAttribute('aria-labelledby');
  });
});
