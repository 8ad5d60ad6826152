import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './VisuallyHidden.examples.tsx';

describe('VisuallyHidden', () => {
  itHasNoAxeViolations(examples);

  it('keeps its text in the accessible name of what contains it', () => {
    render(<examples.ContextForScreenReaders />);
    expect(screen.getByRole('link')).toHaveAccessibleName('Télécharger le rapport de mars');
  });

  it('uses the focusable variant of the class when asked', () => {
    render(<examples.FocusableContent />);
    expect(screen.getByRole('link').parentElement).toHaveClass('ma-visually-hidden-focusable');
  });
});
