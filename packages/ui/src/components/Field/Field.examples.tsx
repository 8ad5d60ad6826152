import { Stack } from '../Stack/Stack.tsx';
import { TextField } from '../TextField/TextField.tsx';
import { Field, Fieldset } from './Field.tsx';

/** A control of one's own (here a search input) with label, hint and error from Field. */
export function CustomControl() {
  return (
    <Field
      label="Rechercher"
      description="Au moins trois lettres."
      error="Saisissez au moins trois lettres."
    >
      {(control) => <input {...control} type="search" className="ma-input" defaultValue="ab" />}
    </Field>
  );
}

/** Two inputs answering one question, grouped by a fieldset and its legend. */
export function GroupOfInputs() {
  return (
    <Fieldset legend="Horaire de rappel" description="Par exemple : 14 h 30." required>
      <Stack direction="row" gap={3}>
        <TextField label="Heures" id="rappel-heures" width="short" inputMode="numeric" />
        <TextField label="Minutes" width="short" inputMode="numeric" />
      </Stack>
    </Fieldset>
  );
}
