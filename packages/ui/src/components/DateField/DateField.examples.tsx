import { useState } from 'react';
import { DateField } from './DateField.tsx';

/** Controlled, bounded to one year; the ISO value shown below. */
export function Default() {
  const [value, setValue] = useState('2026-03-15');
  return (
    <>
      <DateField
        label="Date de début"
        description="Au format jj/mm/aaaa, en 2026."
        min="2026-01-01"
        max="2026-12-31"
        value={value}
        onValueChange={setValue}
        required
      />
      <p>Valeur envoyée : « {value} »</p>
    </>
  );
}

/** An error after submit. */
export function WithError() {
  return (
    <DateField
      label="Date de naissance"
      autoComplete="bday"
      error="La date de naissance doit être passée."
      defaultValue="2090-01-01"
    />
  );
}
