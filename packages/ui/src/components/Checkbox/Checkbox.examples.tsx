import { useState } from 'react';
import { Stack } from '../Stack/Stack.tsx';
import { Checkbox, CheckboxGroup } from './Checkbox.tsx';

/** One checkbox with a hint. */
export function Single() {
  return (
    <Checkbox
      label="Recevoir le résumé hebdomadaire"
      description="Un courriel chaque lundi matin."
      defaultChecked
    />
  );
}

/** A required box not checked at submit. */
export function RequiredWithError() {
  return (
    <Checkbox
      label="J’accepte les conditions d’utilisation"
      required
      error="Acceptez les conditions pour continuer."
    />
  );
}

/** « Select all » in its indeterminate state, and a disabled box. */
export function IndeterminateAndDisabled() {
  return (
    <Stack gap={3}>
      <Checkbox label="Tout sélectionner" indeterminate />
      <Checkbox label="Option verrouillée" disabled defaultChecked />
    </Stack>
  );
}

/** A group answering one question, controlled. */
export function Group() {
  const [days, setDays] = useState<string[]>(['lundi']);
  return (
    <>
      <CheckboxGroup
        legend="Jours de présence"
        description="Cochez tous les jours qui s’appliquent."
        name="jours"
        options={[
          { value: 'lundi', label: 'Lundi' },
          { value: 'mardi', label: 'Mardi' },
          { value: 'mercredi', label: 'Mercredi', description: 'Matin seulement.' },
        ]}
        value={days}
        onChange={setDays}
      />
      <p>Choisis : {days.join(', ') || 'aucun'}</p>
    </>
  );
}

/** A group with an error after submit. */
export function GroupWithError() {
  return (
    <CheckboxGroup
      legend="Canaux de contact"
      name="canaux"
      required
      id="canaux"
      error="Choisissez au moins un canal."
      options={[
        { value: 'courriel', label: 'Courriel' },
        { value: 'telephone', label: 'Téléphone' },
      ]}
    />
  );
}
