import { useState } from 'react';
import { Tabs } from './Tabs.tsx';

/** Three views of one subject, one of them not available. */
export function Default() {
  return (
    <Tabs
      label="Détails de la personne"
      tabs={[
        { id: 'identite', label: 'Identité', content: <p>Léa Martin, née le 3 mai 1990.</p> },
        { id: 'adresse', label: 'Adresse', content: <p>12 rue des Lilas, 69003 Lyon.</p> },
        { id: 'historique', label: 'Historique', content: <p>Aucun événement.</p>, disabled: true },
      ]}
    />
  );
}

/** Controlled: the selected tab lives in the parent (in the URL, for instance). */
export function Controlled() {
  const [selected, setSelected] = useState('mois');
  return (
    <>
      <Tabs
        label="Période"
        selectedId={selected}
        onSelectionChange={setSelected}
        tabs={[
          { id: 'semaine', label: 'Semaine', content: <p>Les 7 derniers jours.</p> },
          { id: 'mois', label: 'Mois', content: <p>Les 30 derniers jours.</p> },
          { id: 'annee', label: 'Année', content: <p>Les 12 derniers mois.</p> },
        ]}
      />
      <p>Onglet choisi : {selected}</p>
    </>
  );
}
