import { VisuallyHidden } from './VisuallyHidden.tsx';

/** A link whose destination is clear to sighted users from the table around it. */
export function ContextForScreenReaders() {
  return (
    <p>
      <a href="#rapport-mars">
        Télécharger <VisuallyHidden>le rapport de mars</VisuallyHidden>
      </a>
    </p>
  );
}

/** Shown only while it has the focus, like a skip link. */
export function FocusableContent() {
  return (
    <VisuallyHidden focusable>
      <a href="#fin">Aller à la fin de la liste</a>
    </VisuallyHidden>
  );
}
