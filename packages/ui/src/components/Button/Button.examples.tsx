import { useState } from 'react';
import { PlusIcon, TrashIcon } from '../Icon/Icon.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { Button } from './Button.tsx';

/** The four variants, by importance: one primary action per view. */
export function Variants() {
  return (
    <Stack direction="row" gap={3} wrap>
      <Button>Enregistrer</Button>
      <Button variant="secondary">Annuler</Button>
      <Button variant="danger">Supprimer</Button>
      <Button variant="ghost">Plus tard</Button>
    </Stack>
  );
}

/** A decorative icon before the text; the small size for dense places such as table rows. */
export function WithIconAndSmall() {
  return (
    <Stack direction="row" gap={3} wrap align="center">
      <Button icon={<PlusIcon />}>Ajouter une ligne</Button>
      <Button size="sm" variant="secondary" icon={<TrashIcon />}>
        Retirer
      </Button>
    </Stack>
  );
}

/** Pressing starts a two-second task: the button stays focused, busy and inert until it ends. */
export function Loading() {
  const [loading, setLoading] = useState(false);
  const [count, setCount] = useState(0);
  return (
    <Stack gap={2} align="start">
      <Button
        loading={loading}
        onClick={() => {
          setLoading(true);
          window.setTimeout(() => {
            setLoading(false);
            setCount((n) => n + 1);
          }, 2000);
        }}
      >
        Envoyer
      </Button>
      <p>Envois terminés : {count}</p>
    </Stack>
  );
}

/** Already busy when it appears. */
export function LoadingFromTheStart() {
  return <Button loading>Enregistrer</Button>;
}

/** Disabled, out of the tab order; and disabled but still focusable. */
export function Disabled() {
  return (
    <Stack direction="row" gap={3} wrap>
      <Button disabled>Enregistrer</Button>
      <Button disabled focusableWhenDisabled variant="secondary">
        Page suivante
      </Button>
    </Stack>
  );
}
