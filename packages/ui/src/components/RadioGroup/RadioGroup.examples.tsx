import { useState } from 'react';
import { RadioGroup } from './RadioGroup.tsx';

/** A vertical group with hints on some options, controlled. */
export function Default() {
  const [value, setValue] = useState('courriel');
  return (
    <>
      <RadioGroup
        legend="Comment souhaitez-vous être contacté ?"
        description="Un seul choix."
        value={value}
        onChange={setValue}
        options={[
          { value: 'courriel', label: 'Par courriel' },
          { value: 'telephone', label: 'Par téléphone', description: 'En semaine, de 9 h à 18 h.' },
          { value: 'courrier', label: 'Par courrier', disabled: true },
        ]}
      />
      <p>Choix : {value}</p>
    </>
  );
}

/** Oui / Non side by side, required, with the error found on submit. */
export function HorizontalWithError() {
  return (
    <RadioGroup
      legend="Avez-vous déjà un compte ?"
      orientation="horizontal"
      required
      id="compte"
      name="compte"
      error="Indiquez si vous avez déjà un compte."
      options={[
        { value: 'oui', label: 'Oui' },
        { value: 'non', label: 'Non' },
      ]}
    />
  );
}
