import { useState } from 'react';
import { Button } from '../Button/Button.tsx';
import { Link } from '../Link/Link.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { Alert } from './Alert.tsx';

/** The four tones, present when the page loads (not live). */
export function Tones() {
  return (
    <Stack gap={3}>
      <Alert title="Maintenance prévue">Le service sera indisponible dimanche de 8 h à 9 h.</Alert>
      <Alert tone="success" title="Fichier importé">
        152 lignes ont été ajoutées.
      </Alert>
      <Alert tone="warning" title="Vérification conseillée">
        3 lignes ont une date incomplète.
      </Alert>
      <Alert tone="error" title="Import impossible" action={<Link href="#aide">Voir l’aide</Link>}>
        Le fichier n’est pas un tableur valide.
      </Alert>
    </Stack>
  );
}

/** Without a title: the tone is said before the text. */
export function WithoutTitle() {
  return <Alert tone="warning">Votre session expire dans 5 minutes.</Alert>;
}

/** Appearing after an action: a live status (polite), or an alert (assertive) for an error. */
export function Live() {
  const [result, setResult] = useState<'success' | 'error' | null>(null);
  return (
    <Stack gap={3} align="start">
      <Stack direction="row" gap={3} wrap>
        <Button variant="secondary" onClick={() => setResult('success')}>
          Réussir
        </Button>
        <Button variant="secondary" onClick={() => setResult('error')}>
          Échouer
        </Button>
      </Stack>
      {result === 'success' && (
        <Alert tone="success" live>
          Modifications enregistrées.
        </Alert>
      )}
      {result === 'error' && (
        <Alert tone="error" live title="Enregistrement impossible">
          Le serveur ne répond pas. Réessayez dans un instant.
        </Alert>
      )}
    </Stack>
  );
}
