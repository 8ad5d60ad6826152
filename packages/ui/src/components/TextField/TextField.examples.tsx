import { useState } from 'react';
import { Stack } from '../Stack/Stack.tsx';
import { TextField } from './TextField.tsx';

/** A required field with a hint, filled by the browser's autocomplete. */
export function Default() {
  return (
    <TextField
      label="Adresse électronique"
      type="email"
      autoComplete="email"
      description="Par exemple : prenom.nom@exemple.fr"
      required
    />
  );
}

/** The error the form found on submit, linked to the field. */
export function WithError() {
  return (
    <TextField
      label="Code postal"
      width="short"
      inputMode="numeric"
      autoComplete="postal-code"
      defaultValue="7500"
      error="Le code postal compte 5 chiffres."
    />
  );
}

/** Widths that hint at the length of the answer; a disabled field. */
export function WidthsAndDisabled() {
  return (
    <Stack gap={4}>
      <TextField label="Numéro" width="short" />
      <TextField label="Ville" width="medium" />
      <TextField label="Voie" width="long" />
      <TextField label="Pays" defaultValue="France" disabled />
    </Stack>
  );
}

/** Controlled: the value lives in the parent. */
export function Controlled() {
  const [value, setValue] = useState('');
  return (
    <Stack gap={2}>
      <TextField label="Prénom" value={value} onChange={(event) => setValue(event.target.value)} />
      <p>Bonjour {value === '' ? '…' : value} !</p>
    </Stack>
  );
}
