import type { ComponentPropsWithRef } from 'react';
import { Field, splitFieldProps, type FieldTextProps } from '../Field/Field.tsx';
import './Textarea.css';

export interface TextareaProps
  extends FieldTextProps, Omit<ComponentPropsWithRef<'textarea'>, 'id' | 'required' | 'children'> {}

/** A labelled multi-line text box (built on Field), resizable vertically. */
export function Textarea(props: TextareaProps) {
  const { field, control } = splitFieldProps(props);
  const { rows = 4, ...rest } = control;
  return (
    <Field {...field}>
      {(tie) => <textarea {...rest} {...tie} rows={rows} className="ma-input ma-textarea" />}
    </Field>
  );
}
