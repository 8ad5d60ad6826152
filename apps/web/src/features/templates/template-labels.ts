import { ApiError, type FieldProblem } from '../../shared/api/errors.ts';
import type { TemplateKind, TemplateWarning } from './api/templates.ts';

export const KIND_LABELS: Record<TemplateKind, string> = {
  html: 'HTML (PDF)',
  xlsx: 'Classeur Excel',
};

/** What each starter template is for (their `code`); other templates show their description. */
export const STARTER_LABELS: Record<string, string> = {
  attestation: 'Attestation d’assurance',
  avis_echeance: 'Avis d’échéance',
  quittance: 'Quittance de prime',
  bordereau_primes: 'Bordereau de primes',
};

/** « Ligne 3, colonne 12 » or « Cellule Bordereau!C7 »; empty when the problem has no place. */
export function placeOf(problem: Pick<FieldProblem, 'line' | 'column' | 'cell'>): string {
  if (problem.cell !== undefined) return `Cellule ${problem.cell}`;
  if (problem.line === undefined) return '';
  return problem.column === undefined
    ? `Ligne ${problem.line}`
    : `Ligne ${problem.line}, colonne ${problem.column}`;
}

/** A problem or warning with its place in front: « Ligne 3, colonne 12 : balise non fermée ». */
export function describeProblem(
  problem: Pick<FieldProblem, 'line' | 'column' | 'cell' | 'message'>,
): string {
  const place = placeOf(problem);
  return place === '' ? problem.message : `${place} : ${problem.message}`;
}

/** The errors of a template's source or workbook in a 400 (syntax, unknown filter, bad cell). */
export function sourceProblemsOf(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.filter((e) => e.path === '/content' || e.path === '/file');
}

export function warningText(warning: TemplateWarning): string {
  return describeProblem(warning);
}

/** The offset of a 1-based line and column in a text (to put the caret on an error). */
export function offsetOf(text: string, line: number, column = 1): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}
