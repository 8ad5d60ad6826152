import { useState } from 'react';
import { Breadcrumbs } from '../Breadcrumbs/Breadcrumbs.tsx';
import { Button } from '../Button/Button.tsx';
import { PlusIcon } from '../Icon/Icon.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { Page, useFocusPageTitleOnNavigation } from './Page.tsx';

/** Breadcrumbs, title, description and the page's main action. */
export function Default() {
  return (
    <Page
      title="Dossiers"
      description="Tous les dossiers de l’équipe, du plus récent au plus ancien."
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Accueil', href: '#accueil' }, { label: 'Dossiers' }]} />
      }
      actions={<Button icon={<PlusIcon />}>Nouveau dossier</Button>}
    >
      <p>Le contenu de la page.</p>
    </Page>
  );
}

const STEPS = ['Première page', 'Deuxième page', 'Troisième page'];

/**
 * Client-side navigation: each « Page suivante » changes the page, and the focus moves to its
 * title, as a screen reader expects after a page load.
 */
export function FocusOnNavigation() {
  const [step, setStep] = useState(0);
  useFocusPageTitleOnNavigation(String(step), 'exemple-navigation');
  return (
    <div id="exemple-navigation">
      <Page key={step} title={STEPS[step]}>
        <Stack direction="row" gap={3}>
          <Button variant="secondary" onClick={() => setStep((n) => (n + 1) % STEPS.length)}>
            Page suivante
          </Button>
        </Stack>
      </Page>
    </div>
  );
}

/** Each example has the page's h1: the gallery shows them on pages of their own. */
export const isolated = ['Default', 'FocusOnNavigation'];
