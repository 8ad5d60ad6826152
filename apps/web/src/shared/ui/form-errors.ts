import type { ErrorSummaryItem } from '@monassurance/ui';

/**
 * The ErrorSummary items of a form: one per field error, in the order of the form's fields (not
 * the order the errors arrived in), each linking to the field's id (`${prefix}-${name}`).
 */
export function summaryOf(
  errors: Record<string, string | undefined>,
  fieldOrder: readonly string[],
  prefix: string,
): ErrorSummaryItem[] {
  const known = fieldOrder.filter((name) => errors[name] !== undefined);
  const others = Object.keys(errors).filter(
    (name) => errors[name] !== undefined && !fieldOrder.includes(name),
  );
  return [...known, ...others].map((name) => ({
    fieldId: `${prefix}-${name}`,
    message: errors[name],
  }));
}

/** A trimmed text value of a FormData (empty string when absent). */
export function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A text value, or undefined when empty (optional fields the API wants absent rather than ""). */
export function optionalTextOf(data: FormData, name: string): string | undefined {
  const value = textOf(data, name);
  return value === '' ? undefined : value;
}
