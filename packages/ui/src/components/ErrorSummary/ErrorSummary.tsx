import { useContext, useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Heading, type HeadingLevel } from '../../internal/heading.tsx';
import { FormSubmissionContext } from '../Form/Form.tsx';
import './ErrorSummary.css';

export interface ErrorSummaryItem {
  /** The id of the control to focus (the first radio or box of a group). */
  fieldId: string;
  /** The same message as next to the field. */
  message: ReactNode;
}

export interface ErrorSummaryProps {
  errors: readonly ErrorSummaryItem[];
  /** The title for a count; « Le formulaire contient 1 erreur », « … 3 erreurs » by default. */
  title?: (count: number) => ReactNode;
  headingLevel?: HeadingLevel;
  className?: string;
}

function defaultTitle(count: number): string {
  return `Le formulaire contient ${count} ${count > 1 ? 'erreurs' : 'erreur'}`;
}

/** The label or legend that introduces a control: it is scrolled into view with the control. */
function introductionOf(control: HTMLElement): HTMLElement {
  const legend = control.closest('fieldset')?.querySelector('legend') ?? null;
  const labelled =
    control instanceof HTMLInputElement ||
    control instanceof HTMLSelectElement ||
    control instanceof HTMLTextAreaElement;
  const label = labelled ? (control.labels?.[0] ?? null) : null;
  const inGroup =
    control instanceof HTMLInputElement &&
    (control.type === 'radio' || control.type === 'checkbox');
  return (inGroup ? (legend ?? label) : (label ?? legend)) ?? control;
}

/**
 * The list of a form's errors, at its top. After a submit that fails, it takes the focus, so
 * screen readers read it and keyboard users start from it; each error links to its field, and
 * following the link focuses the field with its label in view.
 *
 * Inside a Form it takes the focus once per submit that leaves errors (also when they come back
 * later from the server), never while the user corrects fields. Outside a Form, whenever errors
 * appear where there were none. It renders nothing without errors.
 */
export function ErrorSummary({
  errors,
  title = defaultTitle,
  headingLevel = 2,
  className,
}: ErrorSummaryProps) {
  const submissions = useContext(FormSubmissionContext);
  const ref = useRef<HTMLDivElement>(null);
  /** The submit it last took the focus for; outside a Form, whether it showed errors. */
  const focusedFor = useRef<number | null>(null);
  const hadErrors = useRef(false);
  const hasErrors = errors.length > 0;

  useEffect(() => {
    const appeared = hasErrors && !hadErrors.current;
    hadErrors.current = hasErrors;
    if (!hasErrors) return;
    const shouldFocus =
      submissions === null ? appeared : submissions > 0 && focusedFor.current !== submissions;
    if (!shouldFocus) return;
    focusedFor.current = submissions;
    ref.current?.focus();
  }, [hasErrors, errors, submissions]);

  if (!hasErrors) return null;

  const focusField = (event: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    const control = document.getElementById(fieldId);
    if (control === null) return;
    event.preventDefault();
    control.focus({ preventScroll: true });
    // jsdom has no scrollIntoView; every browser has.
    const introduction = introductionOf(control);
    if (typeof introduction.scrollIntoView === 'function') {
      introduction.scrollIntoView({ block: 'start' });
    }
  };

  return (
    <div ref={ref} className={cx('ma-error-summary', className)} tabIndex={-1}>
      <div role="alert">
        <Heading level={headingLevel} className="ma-error-summary__title">
          {title(errors.length)}
        </Heading>
        <ul className="ma-error-summary__list">
          {errors.map((error) => (
            <li key={error.fieldId}>
              <a
                href={`#${error.fieldId}`}
                className="ma-error-summary__link"
                onClick={(event) => focusField(event, error.fieldId)}
              >
                {error.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
