import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A block that takes the focus when it appears: a message that answers the user's action but
 * sits out of view (a conflict alert at the top of a long form, under a submit button at the
 * bottom). Scrolled into view and read out; focusable by script only.
 */
export function FocusOnMount({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className={className}>
      {children}
    </div>
  );
}
