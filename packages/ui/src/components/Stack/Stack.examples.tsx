import { Button } from '../Button/Button.tsx';
import { Stack } from './Stack.tsx';

/** A column of paragraphs, spaced by step 3. */
export function Column() {
  return (
    <Stack gap={3}>
      <p>Premier paragraphe.</p>
      <p>Deuxième paragraphe.</p>
      <p>Troisième paragraphe.</p>
    </Stack>
  );
}

/** A row of actions that wraps on narrow screens, pushed to the end. */
export function RowOfActions() {
  return (
    <Stack direction="row" gap={3} justify="end" wrap>
      <Button variant="secondary">Annuler</Button>
      <Button>Enregistrer</Button>
    </Stack>
  );
}

/** A list that is a list for screen readers, laid out as a row of tags. */
export function AsList() {
  return (
    <Stack as="ul" direction="row" gap={2} wrap>
      <li>Lundi</li>
      <li>Mardi</li>
      <li>Mercredi</li>
    </Stack>
  );
}
