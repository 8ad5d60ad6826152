import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Field, splitFieldProps, type FieldTextProps } from '../Field/Field.tsx';
import type { FieldWidth } from '../TextField/TextField.tsx';
import '../TextField/TextField.css';
import './Select.css';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps
  extends FieldTextProps, Omit<ComponentPropsWithRef<'select'>, 'id' | 'required' | 'multiple'> {
  /** The choices; or pass `<option>`/`<optgroup>` children instead. */
  options?: readonly SelectOption[];
  /** A first, empty option (value `''`): « Choisir… », or « Tous » for a filter. */
  placeholder?: string;
  width?: FieldWidth;
  children?: ReactNode;
}

/**
 * A native `<select>` with label, hint and error (built on Field): the platform's own list, with
 * type-ahead and the phone's picker, and nothing to re-implement. For a long list to search in,
 * use Combobox.
 */
export function Select(props: SelectProps) {
  const { field, control } = splitFieldProps(props);
  const { options, placeholder, width = 'full', children, ...rest } = control;
  return (
    <Field {...field}>
      {(tie) => (
        <span className={cx('ma-select', width !== 'full' && `ma-input--${width}`)}>
          <select {...rest} {...tie} className="ma-input ma-select__control">
            {placeholder !== undefined && <option value="">{placeholder}</option>}
            {options?.map((option) => (
              <option key={option.value} value={option.value} disabled={option.disabled}>
                {option.label}
              </option>
            ))}
            {children}
          </select>
        </span>
      )}
    </Field>
  );
}
