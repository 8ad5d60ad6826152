import { createContext, useState, type ComponentPropsWithRef, type FormEvent } from 'react';
import { cx } from '../../internal/class-names.ts';
import './Form.css';

/**
 * How many times the Form around has been submitted (null outside a Form): an ErrorSummary takes
 * the focus once per submit.
 */
export const FormSubmissionContext = createContext<number | null>(null);

export interface FormProps extends Omit<ComponentPropsWithRef<'form'>, 'onSubmit' | 'action'> {
  /**
   * Called on submit with the form's data; the browser's own submission is always prevented.
   * Validate here, then pass the errors to the fields and to an ErrorSummary.
   */
  onSubmit: (data: FormData, event: FormEvent<HTMLFormElement>) => void;
}

/**
 * A `<form noValidate>`: the browser's validation bubbles are off (they vanish, cannot be styled,
 * are not in an error summary) and the app's validation speaks through Field errors and an
 * ErrorSummary instead. Required fields keep `required`, for assistive technologies.
 */
export function Form({ onSubmit, className, children, ...rest }: FormProps) {
  const [submissions, setSubmissions] = useState(0);
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmissions((count) => count + 1);
    onSubmit(new FormData(event.currentTarget), event);
  };
  return (
    <FormSubmissionContext value={submissions}>
      <form {...rest} noValidate className={cx('ma-form', className)} onSubmit={handleSubmit}>
        {children}
      </form>
    </FormSubmissionContext>
  );
}
