import { Alert, Button, ErrorSummary, Form, Stack, TextField } from '@monassurance/ui';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { errorsByField } from '../../shared/api/errors.ts';
import { useSession } from '../../shared/session/session.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { PublicLayout } from '../../shared/ui/public-layout.tsx';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';

const FIELDS = ['email', 'password'] as const;

/** A return path inside the app only (never `//other.site` or `https://…`: no open redirect). */
function safeReturnPath(value: string | null): string {
  return value !== null && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginPage() {
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'authenticated') {
    return <Navigate to={safeReturnPath(params.get('retour'))} replace />;
  }

  const submit = async (data: FormData) => {
    const email = textOf(data, 'email');
    const password = data.get('password');
    const local: Record<string, string> = {};
    if (email === '') local.email = 'Saisissez votre adresse e-mail.';
    if (typeof password !== 'string' || password === '')
      local.password = 'Saisissez votre mot de passe.';
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0 || typeof password !== 'string') return;
    setBusy(true);
    try {
      await signIn(email, password);
    } catch (error) {
      const byField = errorsByField(error);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const hasErrors = Object.keys(errors).length > 0 || failure !== null;
  const reason = state.status === 'anonymous' ? state.reason : undefined;
  return (
    <PublicLayout>
      <Screen
        title="Connexion"
        hasErrors={hasErrors}
        description="Accédez au back-office de votre cabinet."
      >
        <Stack gap={5}>
          {reason === 'expired' && (
            <Alert tone="info" title="Votre session a expiré">
              Connectez-vous de nouveau pour continuer.
            </Alert>
          )}
          {reason === 'signed-out' && (
            <Alert tone="success" title="Vous êtes déconnecté">
              À bientôt.
            </Alert>
          )}
          {failure !== null && <ProblemAlert error={failure} />}
          <Form aria-label="Connexion" onSubmit={(data) => void submit(data)}>
            <Stack gap={4}>
              <ErrorSummary errors={summaryOf(errors, FIELDS, 'login')} />
              <TextField
                id="login-email"
                name="email"
                type="email"
                label="Adresse e-mail"
                autoComplete="username"
                required
                error={errors.email}
              />
              <TextField
                id="login-password"
                name="password"
                type="password"
                label="Mot de passe"
                autoComplete="current-password"
                required
                error={errors.password}
              />
              <div>
                <Button type="submit" loading={busy} loadingLabel="Connexion en cours">
                  Se connecter
                </Button>
              </div>
            </Stack>
          </Form>
        </Stack>
      </Screen>
    </PublicLayout>
  );
}
