import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import {
  Dialog as AriaDialog,
  Heading,
  I18nProvider,
  Modal,
  ModalOverlay,
} from 'react-aria-components';
import { cx } from '../../internal/class-names.ts';
import { useReactAriaCsp } from '../../internal/react-aria.ts';
import { CloseIcon } from '../Icon/Icon.tsx';
import { IconButton } from '../IconButton/IconButton.tsx';
import './Dialog.css';

export interface DialogProps {
  /** The heading, which names the dialog. */
  title: ReactNode;
  isOpen: boolean;
  /** Called with `false` on Escape, the close button, a click outside (if dismissable) or `close()`. */
  onOpenChange: (isOpen: boolean) => void;
  /**
   * `alertdialog` for a confirmation that interrupts (« Supprimer ce fichier ? »): no click
   * outside closes it, and its first focus should be the least destructive action (`autoFocus`).
   */
  role?: 'dialog' | 'alertdialog';
  /** Close on a click outside; by default for `dialog`, never for `alertdialog`. */
  isDismissable?: boolean;
  /** Buttons at the bottom, right-aligned; a function receives `close`. */
  actions?: ReactNode | ((close: () => void) => ReactNode);
  size?: 'md' | 'lg';
  closeLabel?: string;
  className?: string;
  children?: ReactNode | ((close: () => void) => ReactNode);
}

/** Whether an element's content is taller than its box, kept up to date as either changes. */
function useOverflows(ref: RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const update = () => setOverflows(element.scrollHeight > element.clientHeight);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}

/**
 * The dialog's content. When it is long enough to scroll and holds nothing focusable, keyboard
 * users could not scroll it: it then joins the tab order itself (WCAG 2.1.1).
 */
function DialogBody({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const overflows = useOverflows(ref);
  return (
    <div ref={ref} className="ma-dialog__body" tabIndex={overflows ? 0 : undefined}>
      {children}
    </div>
  );
}

/**
 * A modal dialog (react-aria-components): the page behind is inert and hidden from assistive
 * technologies, the focus is trapped inside and returns to where it was when the dialog closes,
 * Escape closes it, the page does not scroll behind it.
 */
export function Dialog({
  title,
  isOpen,
  onOpenChange,
  role = 'dialog',
  isDismissable = role === 'dialog',
  actions,
  size = 'md',
  closeLabel = 'Fermer',
  className,
  children,
}: DialogProps) {
  useReactAriaCsp();
  return (
    <I18nProvider locale="fr-FR">
      <ModalOverlay
        isOpen={isOpen}
        onOpenChange={onOpenChange}
        isDismissable={isDismissable}
        className="ma-dialog-overlay"
      >
        <Modal className={cx('ma-dialog-modal', `ma-dialog-modal--${size}`)}>
          <AriaDialog role={role} className={cx('ma-dialog', className)}>
            {({ close }) => (
              <>
                <div className="ma-dialog__header">
                  <Heading slot="title" className="ma-dialog__title">
                    {title}
                  </Heading>
                  <IconButton label={closeLabel} icon={<CloseIcon />} onClick={close} />
                </div>
                <DialogBody>
                  {typeof children === 'function' ? children(close) : children}
                </DialogBody>
                {actions !== undefined && (
                  <div className="ma-dialog__actions">
                    {typeof actions === 'function' ? actions(close) : actions}
                  </div>
                )}
              </>
            )}
          </AriaDialog>
        </Modal>
      </ModalOverlay>
    </I18nProvider>
  );
}
