import { useState } from 'react';
import { Button } from '../Button/Button.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { ProgressBar } from './ProgressBar.tsx';

/** A known amount, with a hint. */
export function Default() {
  return <ProgressBar label="Import du fichier" value={45} description="45 lignes sur 100." />;
}

/** Not known yet: indeterminate. */
export function Indeterminate() {
  return <ProgressBar label="Préparation de l’export" />;
}

/** A count rather than a percentage, moved by a button. */
export function Steps() {
  const [done, setDone] = useState(1);
  return (
    <Stack gap={3} align="stretch">
      <ProgressBar label="Étapes terminées" value={done} max={4} valueText={`${done} sur 4`} />
      <div>
        <Button variant="secondary" size="sm" onClick={() => setDone((n) => Math.min(n + 1, 4))}>
          Étape suivante
        </Button>
      </div>
    </Stack>
  );
}
