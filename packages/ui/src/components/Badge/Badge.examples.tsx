import { Stack } from '../Stack/Stack.tsx';
import { Badge } from './Badge.tsx';

/** The five tones; the words say the status, the colour only echoes it. */
export function Tones() {
  return (
    <Stack as="ul" direction="row" gap={3} wrap>
      <li>
        <Badge>Brouillon</Badge>
      </li>
      <li>
        <Badge tone="info">Nouveau</Badge>
      </li>
      <li>
        <Badge tone="success">Actif</Badge>
      </li>
      <li>
        <Badge tone="warning">À renouveler</Badge>
      </li>
      <li>
        <Badge tone="danger">En retard</Badge>
      </li>
    </Stack>
  );
}

/** In a sentence or a heading. */
export function InText() {
  return (
    <h3>
      Rapport de mars <Badge tone="info">Nouveau</Badge>
    </h3>
  );
}
