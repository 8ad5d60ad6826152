import { Alert, Button, ErrorSummary, Form, Stack, TextField } from '@monassurance/ui';
import { useState } from 'react';
import { ApiError, errorsByField, toApiError } from '../../shared/api/errors.ts';
import { useApi } from '../../shared/api/query.ts';
import { useSession } from '../../shared/session/session.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { PublicLayout } from '../../shared/ui/public-layout.tsx';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';

const FIELDS = [
  'organizationName',
  'fullName',
  'email',
  'password',
  'passwordConfirmation',
] as const;
const MIN_PASSWORD = 12;

/** Checks what can be checked here; the server checks the rest (weak or common passwords). */
function validate(data: FormData): Record<string, string> {
  const errors: Record<string, string> = {};
  if (textOf(data, 'organizationName') === '')
    errors.organizationName = 'Saisissez le nom du cabinet.';
  if (textOf(data, 'fullName') === '') errors.fullName = 'Saisissez votre nom complet.';
  const email = textOf(data, 'email');
  if (email === '') errors.email = 'Saisissez votre adresse e-mail.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.email = 'Saisissez une adresse e-mail valide, par exemple nom@cabinet.fr.';
  const password = String(data.get('password') ?? '');
  if (password.length < MIN_PASSWORD)
    errors.password = `Choisissez un mot de passe d’au moins ${MIN_PASSWORD} caractères.`;
  else if (password !== String(data.get('passwordConfirmation') ?? ''))
    errors.passwordConfirmation = 'Les deux mots de passe ne sont pas identiques.';
  return errors;
}

/** First run: creates the cabinet and its first administrator, then asks to sign in. */
export function SetupPage() {
  const api = useApi();
  const { signIn, setupDone } = useSession();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (data: FormData) => {
    const local = validate(data);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const email = textOf(data, 'email');
    const password = String(data.get('password'));
    try {
      const {
        data: created,
        error,
        response,
      } = await api.POST('/api/v1/setup', {
        body: {
          organizationName: textOf(data, 'organizationName'),
          fullName: textOf(data, 'fullName'),
          email,
          password,
        },
      });
      if (created === undefined) throw toApiError(error, response);
      setupDone();
      await signIn(email, password);
    } catch (caught) {
      const byField = errorsByField(caught);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else if (caught instanceof ApiError && caught.code === 'already-set-up') setupDone();
      else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      <Screen
        title="Bienvenue sur MONASSURANCE"
        hasErrors={Object.keys(errors).length > 0}
        description="Première configuration : créez votre cabinet et son compte administrateur."
      >
        <Stack gap={5}>
          <Alert tone="info" title="Une seule fois">
            Ce compte administrateur pourra ensuite inviter les autres membres du cabinet.
          </Alert>
          {failure !== null && <ProblemAlert error={failure} />}
          <Form aria-label="Création du cabinet" onSubmit={(data) => void submit(data)}>
            <Stack gap={4}>
              <ErrorSummary errors={summaryOf(errors, FIELDS, 'setup')} />
              <TextField
                id="setup-organizationName"
                name="organizationName"
                label="Nom du cabinet"
                autoComplete="organization"
                required
                error={errors.organizationName}
              />
              <TextField
                id="setup-fullName"
                name="fullName"
                label="Votre nom complet"
                autoComplete="name"
                required
                error={errors.fullName}
              />
              <TextField
                id="setup-email"
                name="email"
                type="email"
                label="Adresse e-mail"
                autoComplete="email"
                required
                error={errors.email}
              />
              <TextField
                id="setup-password"
                name="password"
                type="password"
                label="Mot de passe"
                description={`Au moins ${MIN_PASSWORD} caractères ; une phrase de passe est plus facile à retenir.`}
                autoComplete="new-password"
                required
                error={errors.password}
              />
              <TextField
                id="setup-passwordConfirmation"
                name="passwordConfirmation"
                type="password"
                label="Confirmez le mot de passe"
                autoComplete="new-password"
                required
                error={errors.passwordConfirmation}
              />
              <div>
                <Button type="submit" loading={busy} loadingLabel="Création en cours">
                  Créer le cabinet
                </Button>
              </div>
            </Stack>
          </Form>
        </Stack>
      </Screen>
    </PublicLayout>
  );
}
