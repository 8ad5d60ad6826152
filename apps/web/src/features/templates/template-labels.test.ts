import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { describeProblem, offsetOf, placeOf, sourceProblemsOf } from './template-labels.ts';

describe('template problems', () => {
  it('puts the place of a problem in front of its message', () => {
    expect(describeProblem({ line: 3, column: 12, message: 'Expression invalide.' })).toBe(
      'Ligne 3, colonne 12 : Expression invalide.',
    );
    expect(describeProblem({ cell: 'Bordereau!C7', message: 'Ligne répétée invalide.' })).toBe(
      'Cellule Bordereau!C7 : Ligne répétée invalide.',
    );
    expect(placeOf({ line: 4 })).toBe('Ligne 4');
    expect(describeProblem({ message: 'Sans position.' })).toBe('Sans position.');
  });

  it('keeps only the errors of the source or the workbook from a 400', () => {
    const error = new ApiError({
      type: '/problems/validation',
      title: 'Requête invalide',
      status: 400,
      errors: [
        { path: '/name', message: 'Nom déjà pris.' },
        { path: '/content', message: 'Expression invalide.', line: 1, column: 6 },
        { path: '/file', message: 'Classeur illisible.', cell: 'A1' },
      ],
    });
    expect(sourceProblemsOf(error).map((p) => p.path)).toEqual(['/content', '/file']);
    expect(sourceProblemsOf(new Error('réseau'))).toEqual([]);
  });

  it('finds the caret offset of a line and column', () => {
    const source = 'ab\ncdef\n\ng';
    expect(offsetOf(source, 1, 1)).toBe(0);
    expect(offsetOf(source, 2, 3)).toBe(5);
    expect(source[offsetOf(source, 4, 1)]).toBe('g');
    expect(offsetOf(source, 9, 1)).toBe(source.length);
    expect(offsetOf(source, 2, 99)).toBe(source.length);
  });
});
