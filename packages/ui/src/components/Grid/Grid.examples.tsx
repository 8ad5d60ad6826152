import { Card } from '../Card/Card.tsx';
import { Grid } from './Grid.tsx';

/** Three cards side by side on a wide screen, one under another on a phone. */
export function ThreeColumns() {
  return (
    <Grid columns={3} as="ul">
      {['Nord', 'Centre', 'Sud'].map((zone) => (
        <li key={zone}>
          <Card title={`Agence ${zone}`}>
            <p>Ouverte du lundi au vendredi.</p>
          </Card>
        </li>
      ))}
    </Grid>
  );
}

/** Two columns with a small gap. */
export function TwoColumns() {
  return (
    <Grid columns={2} gap={3}>
      <p>Colonne de gauche.</p>
      <p>Colonne de droite.</p>
    </Grid>
  );
}
