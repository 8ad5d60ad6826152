import {
  Badge,
  Button,
  Card,
  ErrorSummary,
  Form,
  Stack,
  Table,
  TextField,
  useToast,
  VisuallyHidden,
  type TableColumn,
} from '@monassurance/ui';
import { useState } from 'react';
import { errorsByField } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { useMe, useSession } from '../../shared/session/session.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { summaryOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useChangePassword, useRevokeSession, useSessions } from './api/account.ts';

const ROLE_LABELS = {
  admin: 'Administrateur',
  manager: 'Responsable',
  broker: 'Chargé de clientèle',
  viewer: 'Lecture seule',
} as const;

const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmation'] as const;

function PasswordForm() {
  const change = useChangePassword();
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (data: FormData, form: HTMLFormElement) => {
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    const local: Record<string, string> = {};
    if (currentPassword === '') local.currentPassword = 'Saisissez votre mot de passe actuel.';
    if (newPassword.length < 12)
      local.newPassword = 'Choisissez un mot de passe d’au moins 12 caractères.';
    else if (newPassword !== String(data.get('confirmation') ?? ''))
      local.confirmation = 'Les deux mots de passe ne sont pas identiques.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          toast.show({
            tone: 'success',
            title: 'Mot de passe modifié',
            description: 'Vos autres sessions ont été fermées.',
          });
        },
        onError: (error) => setErrors(errorsByField(error)),
      },
    );
  };

  const serverFailure =
    change.isError && Object.keys(errorsByField(change.error)).length === 0 ? change.error : null;
  return (
    <Card title="Mot de passe" headingLevel={2}>
      <Form
        aria-label="Changer de mot de passe"
        onSubmit={(data, event) => submit(data, event.currentTarget)}
      >
        <Stack gap={4}>
          <ErrorSummary errors={summaryOf(errors, PASSWORD_FIELDS, 'password')} />
          {serverFailure !== null && <ProblemAlert error={serverFailure} />}
          <TextField
            id="password-currentPassword"
            name="currentPassword"
            type="password"
            label="Mot de passe actuel"
            autoComplete="current-password"
            required
            error={errors.currentPassword}
          />
          <TextField
            id="password-newPassword"
            name="newPassword"
            type="password"
            label="Nouveau mot de passe"
            description="Au moins 12 caractères."
            autoComplete="new-password"
            required
            error={errors.newPassword}
          />
          <TextField
            id="password-confirmation"
            name="confirmation"
            type="password"
            label="Confirmez le nouveau mot de passe"
            autoComplete="new-password"
            required
            error={errors.confirmation}
          />
          <div>
            <Button type="submit" loading={change.isPending} loadingLabel="Enregistrement">
              Enregistrer
            </Button>
          </div>
        </Stack>
      </Form>
    </Card>
  );
}

type SessionRow = NonNullable<ReturnType<typeof useSessions>['data']>[number];

function SessionsCard() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const { signOut } = useSession();
  const columns: TableColumn<SessionRow>[] = [
    {
      key: 'device',
      header: 'Appareil',
      rowHeader: true,
      cell: (s) => (
        <>
          {s.deviceLabel} {s.current && <Badge tone="success">Cette session</Badge>}
        </>
      ),
    },
    { key: 'ip', header: 'Adresse IP', cell: (s) => s.ip ?? '—' },
    { key: 'created', header: 'Ouverte le', cell: (s) => formatDateTime(s.createdAt) },
    { key: 'used', header: 'Dernière activité', cell: (s) => formatDateTime(s.lastUsedAt) },
    {
      key: 'actions',
      header: 'Actions',
      cell: (s) =>
        s.current ? (
          <Button variant="secondary" size="sm" onClick={() => void signOut()}>
            Se déconnecter
          </Button>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            loading={revoke.isPending && revoke.variables === s.id}
            onClick={() => revoke.mutate(s.id)}
          >
            Fermer<VisuallyHidden> la session {s.deviceLabel}</VisuallyHidden>
          </Button>
        ),
    },
  ];
  return (
    <Card title="Mes sessions" headingLevel={2}>
      <Stack gap={4}>
        <p>Les appareils où vous êtes connecté. Fermez une session que vous ne reconnaissez pas.</p>
        {revoke.isError && <ProblemAlert error={revoke.error} />}
        <QueryState query={sessions} label="Chargement des sessions">
          {(rows) => (
            <Table
              caption="Sessions ouvertes"
              captionHidden
              columns={columns}
              rows={rows}
              getRowId={(s) => s.id}
            />
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}

/** « Mon compte »: who I am, my password, my open sessions. */
export function AccountPage() {
  const { user, organization } = useMe();
  return (
    <Screen title="Mon compte" description={`${user.fullName} — ${organization.name}`}>
      <Stack gap={6}>
        <Card title="Identité" headingLevel={2}>
          <DetailsList
            items={[
              ['Nom', user.fullName],
              ['Adresse e-mail', user.email],
              ['Rôle', ROLE_LABELS[user.role]],
            ]}
          />
        </Card>
        <SessionsCard />
        <PasswordForm />
      </Stack>
    </Screen>
  );
}
