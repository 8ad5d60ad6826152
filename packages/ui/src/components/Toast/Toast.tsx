import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type ReactNode,
} from 'react';
import { cx } from '../../internal/class-names.ts';
import { TONE_ICONS, TONE_LABELS, type AlertTone } from '../Alert/Alert.tsx';
import '../Alert/Alert.css';
import { CloseIcon } from '../Icon/Icon.tsx';
import { IconButton } from '../IconButton/IconButton.tsx';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import './Toast.css';

export interface ToastOptions {
  tone?: AlertTone;
  title: string;
  description?: ReactNode;
  /**
   * Milliseconds before it goes away by itself, paused while hovered or focused; `null` to stay
   * until closed. 6 s by default, never for an error (an error must be read and acted on).
   */
  timeout?: number | null;
}

interface Toast {
  id: number;
  tone: AlertTone;
  title: string;
  description?: ReactNode;
  timeout: number | null;
}

export interface ToastApi {
  /** Shows a notification and returns its id. */
  show: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** The notifications of the ToastProvider around; throws outside one (a wiring mistake). */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (api === null) throw new Error('useToast must be used inside a <ToastProvider>.');
  return api;
}

const DEFAULT_TIMEOUT_MS = 6000;
/** More would cover the page; the oldest go first. */
const MAX_TOASTS = 4;

function ToastView({
  toast,
  closeLabel,
  onDismiss,
}: {
  toast: Toast;
  closeLabel: string;
  onDismiss: (id: number) => void;
}) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  useEffect(() => {
    if (toast.timeout === null || paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), toast.timeout);
    return () => clearTimeout(timer);
  }, [toast.id, toast.timeout, paused, onDismiss]);
  const Icon = TONE_ICONS[toast.tone];
  return (
    <div
      className={cx('ma-toast', 'ma-alert', `ma-alert--${toast.tone}`)}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false);
      }}
    >
      <Icon className="ma-alert__icon" />
      <div className="ma-alert__content">
        <p className="ma-alert__title">
          <VisuallyHidden>{TONE_LABELS[toast.tone]}</VisuallyHidden> {toast.title}
        </p>
        {toast.description !== undefined && (
          <div className="ma-alert__body">{toast.description}</div>
        )}
      </div>
      <IconButton
        label={closeLabel}
        icon={<CloseIcon />}
        size="sm"
        className="ma-toast__close"
        onClick={() => onDismiss(toast.id)}
      />
    </div>
  );
}

export interface ToastProviderProps {
  /** Names the region that holds the notifications. */
  label?: string;
  closeLabel?: string;
  children: ReactNode;
}

/**
 * Holds the app's notifications: two live regions mounted from the start (a region must exist
 * before its content changes to be announced): polite for information, success and warning,
 * assertive for errors. Wrap the app once; call `useToast().show(…)` anywhere below.
 */
export function ToastProvider({
  label = 'Notifications',
  closeLabel = 'Fermer la notification',
  children,
}: ToastProviderProps) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const region = useRef<HTMLElement>(null);
  /** Where the focus was before it entered the notifications: it goes back there. */
  const returnFocusTo = useRef<HTMLElement | null>(null);

  const dismiss = useCallback((id: number) => {
    const element = region.current;
    const hadFocus = element?.contains(document.activeElement) ?? false;
    setToasts((current) => current.filter((toast) => toast.id !== id));
    if (!hadFocus || element === null) return;
    // Closing the focused notification must not drop the focus to the document.
    queueMicrotask(() => {
      if (element.contains(document.activeElement)) return;
      const next = element.querySelector<HTMLElement>('.ma-toast__close');
      const previous = returnFocusTo.current;
      if (next !== null) next.focus();
      else if (previous?.isConnected === true) previous.focus();
    });
  }, []);

  const show = useCallback((options: ToastOptions) => {
    const id = nextId.current;
    nextId.current += 1;
    const tone = options.tone ?? 'info';
    const timeout =
      options.timeout !== undefined
        ? options.timeout
        : tone === 'error'
          ? null
          : DEFAULT_TIMEOUT_MS;
    const toast: Toast = {
      id,
      tone,
      title: options.title,
      description: options.description,
      timeout,
    };
    setToasts((current) => [...current, toast].slice(-MAX_TOASTS));
    return id;
  }, []);

  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  const handleFocus = (event: FocusEvent<HTMLElement>) => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && !event.currentTarget.contains(from)) {
      returnFocusTo.current = from;
    }
  };

  const render = (tones: AlertTone[]) =>
    toasts
      .filter((toast) => tones.includes(toast.tone))
      .map((toast) => (
        <ToastView key={toast.id} toast={toast} closeLabel={closeLabel} onDismiss={dismiss} />
      ));

  return (
    <ToastContext value={api}>
      {children}
      <section ref={region} aria-label={label} className="ma-toaster" onFocus={handleFocus}>
        <div role="status" aria-live="polite" className="ma-toaster__list">
          {render(['info', 'success', 'warning'])}
        </div>
        <div role="alert" aria-live="assertive" className="ma-toaster__list">
          {render(['error'])}
        </div>
      </section>
    </ToastContext>
  );
}
