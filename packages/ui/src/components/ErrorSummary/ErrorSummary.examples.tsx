import { useState } from 'react';
import { Button } from '../Button/Button.tsx';
import { Form } from '../Form/Form.tsx';
import { TextField } from '../TextField/TextField.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';

/** Two errors in a Form not yet submitted: shown, but it does not take the focus. */
export function TwoErrors() {
  return (
    <Form aria-label="Exemple" onSubmit={() => undefined}>
      <ErrorSummary
        errors={[
          { fieldId: 'resume-prenom', message: 'Saisissez le prénom.' },
          { fieldId: 'resume-ville', message: 'Saisissez la ville.' },
        ]}
      />
      <TextField id="resume-prenom" label="Prénom" error="Saisissez le prénom." />
      <TextField id="resume-ville" label="Ville" error="Saisissez la ville." />
    </Form>
  );
}

/** Outside a Form: the summary takes the focus when errors appear. */
export function ShownOnDemand() {
  const [shown, setShown] = useState(false);
  return (
    <div>
      <Button variant="secondary" onClick={() => setShown(true)}>
        Vérifier
      </Button>
      <ErrorSummary
        errors={shown ? [{ fieldId: 'demande-objet', message: 'Saisissez un objet.' }] : []}
        headingLevel={3}
      />
      <TextField
        id="demande-objet"
        label="Objet"
        error={shown ? 'Saisissez un objet.' : undefined}
      />
    </div>
  );
}
