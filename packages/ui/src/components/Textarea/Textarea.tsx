import type { ComponentPropsWithRef } from 'react';
import { Field, type FieldTextProps } from '../Field/Field.tsx';
import './Textarea.css';

export interface TextareaProps
  extends FieldTextProps, Omit<ComponentPropsWithRef<'textarea'>, 'id' | 'required' | 'children'> {}

/** A labelled multi-line text box (built on Field), resizable vertically. */
export function Textarea({
  label,
  description,
  error,
  required,
  id,
  rows = 4,
  className,
  'aria-describedby': describedBy,
  ...rest
}: TextareaProps) {
  return (
    <Field
      label={label}
      description={description}
      error={error}
      required={required}
      id={id}
      describedBy={describedBy}
      className={className}
    >
      {(control) => (
        <textarea {...rest} {...control} rows={rows} className="ma-input ma-textarea" />
      )}
    </Field>
  );
}
