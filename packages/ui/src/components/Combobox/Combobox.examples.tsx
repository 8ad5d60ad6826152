import { useState } from 'react';
import { Combobox, type ComboboxOption } from './Combobox.tsx';

const CITIES: ComboboxOption[] = [
  { id: '75056', label: 'Paris', description: 'Île-de-France' },
  { id: '69123', label: 'Lyon', description: 'Auvergne-Rhône-Alpes' },
  { id: '13055', label: 'Marseille', description: 'Provence-Alpes-Côte d’Azur' },
  { id: '31555', label: 'Toulouse', description: 'Occitanie' },
  { id: '06088', label: 'Nice', description: 'Provence-Alpes-Côte d’Azur' },
  { id: '44109', label: 'Nantes', description: 'Pays de la Loire' },
  { id: '67482', label: 'Strasbourg', description: 'Grand Est' },
  { id: '34172', label: 'Montpellier', description: 'Occitanie' },
  { id: '33063', label: 'Bordeaux', description: 'Nouvelle-Aquitaine' },
  { id: '59350', label: 'Lille', description: 'Hauts-de-France' },
  { id: '35238', label: 'Rennes', description: 'Bretagne' },
  { id: '51454', label: 'Reims', description: 'Grand Est' },
  { id: '42218', label: 'Saint-Étienne', description: 'Auvergne-Rhône-Alpes' },
];

/** Type to filter (accents and case ignored), choose with the arrows and Enter. */
export function Default() {
  const [city, setCity] = useState<string | null>(null);
  return (
    <>
      <Combobox
        label="Ville"
        description="Tapez les premières lettres."
        options={CITIES}
        selectedId={city}
        onSelectionChange={setCity}
        required
      />
      <p>Code choisi : {city ?? 'aucun'}</p>
    </>
  );
}

/** An error after submit, and a preselected value in a second field. */
export function WithErrorAndDefault() {
  return (
    <>
      <Combobox
        id="ville-naissance"
        label="Ville de naissance"
        options={CITIES}
        error="Choisissez une ville dans la liste."
      />
      <Combobox label="Ville de travail" options={CITIES} defaultSelectedId="69123" disabled />
    </>
  );
}
