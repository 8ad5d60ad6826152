import { useState } from 'react';
import { Select } from './Select.tsx';

const countries = [
  { value: 'FR', label: 'France' },
  { value: 'BE', label: 'Belgique' },
  { value: 'CH', label: 'Suisse' },
  { value: 'LU', label: 'Luxembourg', disabled: true },
];

/** Required, with a placeholder option and a hint. */
export function Default() {
  return (
    <Select
      label="Pays"
      placeholder="Choisir un pays"
      options={countries}
      description="Pays de résidence."
      required
      width="medium"
    />
  );
}

/** Nothing chosen after submit: the error. */
export function WithError() {
  return (
    <Select
      label="Pays"
      placeholder="Choisir un pays"
      options={countries}
      required
      error="Choisissez un pays."
    />
  );
}

/** A filter, controlled, with option groups as children. */
export function ControlledWithGroups() {
  const [value, setValue] = useState('');
  return (
    <>
      <Select
        label="Période"
        placeholder="Toutes"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        width="medium"
      >
        <optgroup label="2025">
          <option value="2025-S1">Premier semestre 2025</option>
          <option value="2025-S2">Second semestre 2025</option>
        </optgroup>
        <optgroup label="2026">
          <option value="2026-S1">Premier semestre 2026</option>
        </optgroup>
      </Select>
      <p>Valeur : « {value} »</p>
    </>
  );
}
