import { useState } from 'react';
import { Button } from '../Button/Button.tsx';
import { Checkbox } from '../Checkbox/Checkbox.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../ErrorSummary/ErrorSummary.tsx';
import { RadioGroup } from '../RadioGroup/RadioGroup.tsx';
import { Select } from '../Select/Select.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { TextField } from '../TextField/TextField.tsx';
import { Form } from './Form.tsx';

type Errors = Partial<
  Record<'prenom' | 'nom' | 'email' | 'pays' | 'contact' | 'conditions', string>
>;

/** The checks of the example, in the order of the fields (the summary follows that order). */
function validate(data: FormData): Errors {
  const errors: Errors = {};
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  if (text('prenom') === '') errors.prenom = 'Saisissez le prénom.';
  if (text('nom') === '') errors.nom = 'Saisissez le nom.';
  if (text('email') !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text('email'))) {
    errors.email = 'Saisissez une adresse électronique valide, comme prenom.nom@exemple.fr.';
  }
  if (text('pays') === '') errors.pays = 'Choisissez un pays.';
  if (text('contact') === '') errors.contact = 'Choisissez un moyen de contact.';
  if (data.get('conditions') === null)
    errors.conditions = 'Acceptez les conditions pour continuer.';
  return errors;
}

/** Which control each error links to: the first radio of a group. */
const FIELD_IDS: Record<keyof Errors, string> = {
  prenom: 'personne-prenom',
  nom: 'personne-nom',
  email: 'personne-email',
  pays: 'personne-pays',
  contact: 'personne-contact',
  conditions: 'personne-conditions',
};

/**
 * Submit it empty: the summary takes the focus and links to each field, which shows its own
 * error. Fill in and submit again: « Enregistré » is announced.
 */
export function WithValidation() {
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const summary: ErrorSummaryItem[] = Object.entries(errors).map(([field, message]) => ({
    fieldId: FIELD_IDS[field as keyof Errors],
    message,
  }));
  return (
    <Form
      aria-label="Nouvelle personne"
      onSubmit={(data) => {
        const found = validate(data);
        setErrors(found);
        setSaved(Object.keys(found).length === 0);
      }}
    >
      <ErrorSummary errors={summary} />
      <TextField
        id={FIELD_IDS.prenom}
        name="prenom"
        label="Prénom"
        autoComplete="given-name"
        required
        error={errors.prenom}
      />
      <TextField
        id={FIELD_IDS.nom}
        name="nom"
        label="Nom"
        autoComplete="family-name"
        required
        error={errors.nom}
      />
      <TextField
        id={FIELD_IDS.email}
        name="email"
        type="email"
        label="Adresse électronique"
        autoComplete="email"
        description="Facultative. Par exemple : prenom.nom@exemple.fr"
        error={errors.email}
      />
      <Select
        id={FIELD_IDS.pays}
        name="pays"
        label="Pays"
        placeholder="Choisir un pays"
        required
        width="medium"
        error={errors.pays}
        options={[
          { value: 'FR', label: 'France' },
          { value: 'BE', label: 'Belgique' },
        ]}
      />
      <RadioGroup
        id={FIELD_IDS.contact}
        name="contact"
        legend="Moyen de contact préféré"
        required
        orientation="horizontal"
        error={errors.contact}
        options={[
          { value: 'courriel', label: 'Courriel' },
          { value: 'telephone', label: 'Téléphone' },
        ]}
      />
      <Checkbox
        id={FIELD_IDS.conditions}
        name="conditions"
        label="J’accepte les conditions d’utilisation"
        required
        error={errors.conditions}
      />
      <Stack direction="row" gap={3} align="center" wrap>
        <Button type="submit">Enregistrer</Button>
        <p role="status" className="ma-form__status">
          {saved ? 'Enregistré.' : ''}
        </p>
      </Stack>
    </Form>
  );
}

/** The state right after a failed submit, as the server's 400 would leave it. */
export function AfterFailedSubmit() {
  return (
    <Form aria-label="Modifier le nom" onSubmit={() => undefined}>
      <ErrorSummary
        errors={[
          { fieldId: 'echec-prenom', message: 'Saisissez le prénom.' },
          { fieldId: 'echec-nom', message: 'Le nom ne peut pas dépasser 100 caractères.' },
        ]}
      />
      <TextField id="echec-prenom" label="Prénom" required error="Saisissez le prénom." />
      <TextField
        id="echec-nom"
        label="Nom"
        required
        defaultValue={'Très long nom '.repeat(8)}
        error="Le nom ne peut pas dépasser 100 caractères."
      />
      <div>
        <Button type="submit">Enregistrer</Button>
      </div>
    </Form>
  );
}
