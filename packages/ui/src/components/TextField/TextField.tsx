import type { ComponentPropsWithRef } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Field, splitFieldProps, type FieldTextProps } from '../Field/Field.tsx';
import './TextField.css';

/** How long the expected answer is; the width of the box hints at it. */
export type FieldWidth = 'short' | 'medium' | 'long' | 'full';

export interface TextFieldProps
  extends FieldTextProps, Omit<ComponentPropsWithRef<'input'>, 'id' | 'required' | 'children'> {
  /** `text`, `email`, `tel`, `url`, `password`, `search`, `number`… (not checkbox, radio, date). */
  type?: 'text' | 'email' | 'tel' | 'url' | 'password' | 'search' | 'number';
  width?: FieldWidth;
}

/**
 * A labelled single-line input. Pass `autoComplete` for personal data (WCAG 1.3.5) and
 * `inputMode` for numbers typed as text (postcodes, identifiers).
 */
export function TextField(props: TextFieldProps) {
  const { field, control } = splitFieldProps(props);
  const { width = 'full', type = 'text', ...rest } = control;
  return (
    <Field {...field}>
      {(tie) => (
        <input
          {...rest}
          {...tie}
          type={type}
          className={cx('ma-input', width !== 'full' && `ma-input--${width}`)}
        />
      )}
    </Field>
  );
}
