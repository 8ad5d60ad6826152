import type { ChangeEvent, ComponentPropsWithRef } from 'react';
import { Field, splitFieldProps, type FieldTextProps } from '../Field/Field.tsx';
import './DateField.css';

export interface DateFieldProps
  extends
    FieldTextProps,
    Omit<
      ComponentPropsWithRef<'input'>,
      'id' | 'required' | 'children' | 'type' | 'value' | 'defaultValue' | 'min' | 'max'
    > {
  /** An ISO date, `YYYY-MM-DD`, or `''` for none. */
  value?: string;
  defaultValue?: string;
  /** Earliest and latest dates, ISO. */
  min?: string;
  max?: string;
  /** The new value, ISO `YYYY-MM-DD`, or `''` when the field is emptied or incomplete. */
  onValueChange?: (value: string) => void;
}

/**
 * A native date input (`<input type="date">`) with label, hint and error (built on Field). Its
 * value is always an ISO date, whatever the display format of the browser (jj/mm/aaaa in French):
 * exactly what the API takes.
 */
export function DateField(props: DateFieldProps) {
  const { field, control } = splitFieldProps(props);
  const { onChange, onValueChange, ...rest } = control;
  const handleChange = (event: ChangeEvent<HTMLInputElement>) => {
    onChange?.(event);
    onValueChange?.(event.target.value);
  };
  return (
    <Field {...field}>
      {(tie) => (
        <input
          {...rest}
          {...tie}
          type="date"
          className="ma-input ma-date-field"
          onChange={handleChange}
        />
      )}
    </Field>
  );
}
