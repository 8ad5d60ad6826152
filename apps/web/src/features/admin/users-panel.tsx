import {
  Alert,
  Badge,
  Button,
  Dialog,
  ErrorSummary,
  Form,
  Link,
  Pagination,
  PlusIcon,
  Select,
  Stack,
  Table,
  TextField,
  useToast,
  type TableColumn,
} from '@monassurance/ui';
import { useState } from 'react';
import { ApiError, errorsByField } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { useMe } from '../../shared/session/session.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { useUpdateUser, useUsers, type User } from './api/admin.ts';
import { isRole, ROLE_LABELS, ROLES, type Errors } from './admin-forms.ts';

const EDIT_FIELDS = ['fullName', 'role'] as const;

/** A stale version (409) is told as such, with the way out: reload the list. */
function StaleOrProblem({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (error instanceof ApiError && error.status === 409) {
    return (
      <Alert
        tone="warning"
        title="Cet utilisateur a été modifié entre-temps"
        live
        action={
          <Button variant="secondary" size="sm" onClick={onReload}>
            Recharger
          </Button>
        }
      >
        Rechargez la liste pour voir sa version actuelle, puis recommencez.
      </Alert>
    );
  }
  return <ProblemAlert error={error} />;
}

function EditUserDialog({
  user,
  isSelf,
  onClose,
  onReload,
}: {
  user: User;
  isSelf: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  const update = useUpdateUser();
  const toast = useToast();
  const [errors, setErrors] = useState<Errors>({});
  const formId = `edit-user-${user.id}`;

  const submit = (data: FormData) => {
    const fullName = textOf(data, 'fullName');
    const role = isSelf ? user.role : textOf(data, 'role');
    const local: Errors = {};
    if (fullName === '') local.fullName = 'Saisissez le nom complet.';
    if (!isRole(role)) local.role = 'Choisissez un rôle.';
    setErrors(local);
    if (Object.keys(local).length > 0 || !isRole(role)) return;
    if (fullName === user.fullName && role === user.role) {
      onClose();
      return;
    }
    update.mutate(
      {
        id: user.id,
        version: user.version,
        ...(fullName === user.fullName ? {} : { fullName }),
        ...(role === user.role ? {} : { role }),
      },
      {
        onSuccess: (updated) => {
          toast.show({
            tone: 'success',
            title: 'Utilisateur modifié',
            description: `${updated.fullName} : ${ROLE_LABELS[updated.role]}.`,
          });
          onClose();
        },
        onError: (error) => setErrors(errorsByField(error)),
      },
    );
  };

  const serverFailure =
    update.isError && Object.keys(errorsByField(update.error)).length === 0 ? update.error : null;
  return (
    <Dialog
      title={`Modifier ${user.fullName}`}
      isOpen
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      actions={(close) => (
        <>
          <Button variant="secondary" onClick={close}>
            Annuler
          </Button>
          <Button
            type="submit"
            form={formId}
            loading={update.isPending}
            loadingLabel="Enregistrement"
          >
            Enregistrer
          </Button>
        </>
      )}
    >
      <Form id={formId} aria-label={`Modifier ${user.fullName}`} onSubmit={submit}>
        <Stack gap={4}>
          <ErrorSummary errors={summaryOf(errors, EDIT_FIELDS, 'edit-user')} />
          {serverFailure !== null && (
            <StaleOrProblem
              error={serverFailure}
              onReload={() => {
                onReload();
                onClose();
              }}
            />
          )}
          <TextField
            id="edit-user-fullName"
            name="fullName"
            label="Nom complet"
            autoComplete="off"
            defaultValue={user.fullName}
            required
            error={errors.fullName}
          />
          <Select
            id="edit-user-role"
            name="role"
            label="Rôle"
            defaultValue={user.role}
            disabled={isSelf}
            description={
              isSelf
                ? 'Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre administrateur.'
                : 'Le changement prend effet à sa prochaine action : ses accès en cours sont coupés.'
            }
            error={errors.role}
            options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          />
        </Stack>
      </Form>
    </Dialog>
  );
}

function ActivationDialog({
  user,
  onClose,
  onReload,
}: {
  user: User;
  onClose: () => void;
  onReload: () => void;
}) {
  const update = useUpdateUser();
  const toast = useToast();
  const deactivating = user.active;
  const confirm = () =>
    update.mutate(
      { id: user.id, version: user.version, active: !deactivating },
      {
        onSuccess: (updated) => {
          toast.show({
            tone: 'success',
            title: deactivating ? 'Utilisateur désactivé' : 'Utilisateur réactivé',
            description: deactivating
              ? `${updated.fullName} ne peut plus se connecter.`
              : `${updated.fullName} peut de nouveau se connecter.`,
          });
          onClose();
        },
      },
    );

  return (
    <Dialog
      role="alertdialog"
      title={
        deactivating ? `Désactiver ${user.fullName}\u00a0?` : `Réactiver ${user.fullName}\u00a0?`
      }
      isOpen
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      actions={(close) => (
        <>
          <Button variant="secondary" onClick={close} autoFocus>
            Annuler
          </Button>
          <Button
            variant={deactivating ? 'danger' : 'primary'}
            loading={update.isPending}
            loadingLabel={deactivating ? 'Désactivation' : 'Réactivation'}
            onClick={confirm}
          >
            {deactivating ? 'Désactiver' : 'Réactiver'}
          </Button>
        </>
      )}
    >
      <Stack gap={4}>
        {deactivating ? (
          <p>
            {user.fullName} ne pourra plus se connecter et ses sessions ouvertes sont fermées sur
            tous ses appareils. Ses clients, contrats et documents restent en place ; vous pourrez
            réactiver son compte plus tard.
          </p>
        ) : (
          <p>{user.fullName} pourra de nouveau se connecter avec son mot de passe actuel.</p>
        )}
        {update.isError && (
          <StaleOrProblem
            error={update.error}
            onReload={() => {
              onReload();
              onClose();
            }}
          />
        )}
      </Stack>
    </Dialog>
  );
}

type Opened = { kind: 'edit' | 'activation'; user: User } | null;

/** « Utilisateurs »: who works in the cabinet, their role, and whether they may sign in. */
export function UsersPanel() {
  const { user: me } = useMe();
  const [cursors, setCursors] = useState<string[]>([]);
  const users = useUsers(cursors.at(-1));
  const [opened, setOpened] = useState<Opened>(null);

  const columns: TableColumn<User>[] = [
    {
      key: 'name',
      header: 'Nom',
      rowHeader: true,
      cell: (user) => (
        <>
          {user.fullName} {user.id === me.id && <Badge tone="info">Vous</Badge>}
        </>
      ),
    },
    { key: 'email', header: 'Adresse e-mail', cell: (user) => user.email },
    { key: 'role', header: 'Rôle', cell: (user) => ROLE_LABELS[user.role] },
    {
      key: 'active',
      header: 'Statut',
      cell: (user) =>
        user.active ? <Badge tone="success">Actif</Badge> : <Badge>Désactivé</Badge>,
    },
    {
      key: 'lastLogin',
      header: 'Dernière connexion',
      cell: (user) => (user.lastLoginAt === null ? 'Jamais' : formatDateTime(user.lastLoginAt)),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (user) => (
        <Stack direction="row" gap={2} wrap>
          {/* aria-label, not VisuallyHidden: an absolutely placed span escapes the table's scroll
              region and widens the page on a phone. Names start with the visible word. */}
          <Button
            variant="secondary"
            size="sm"
            aria-label={`Modifier ${user.fullName}`}
            onClick={() => setOpened({ kind: 'edit', user })}
          >
            Modifier
          </Button>
          {/* The server refuses deactivating oneself: no button that can only fail. */}
          {user.id !== me.id && (
            <Button
              variant="secondary"
              size="sm"
              aria-label={`${user.active ? 'Désactiver' : 'Réactiver'} ${user.fullName}`}
              onClick={() => setOpened({ kind: 'activation', user })}
            >
              {user.active ? 'Désactiver' : 'Réactiver'}
            </Button>
          )}
        </Stack>
      ),
    },
  ];

  const reload = () => void users.refetch();
  return (
    <Stack gap={4}>
      <div className="admin-panel__header">
        <h2 className="admin-panel__title">Utilisateurs</h2>
        <Link href="/administration/utilisateurs/nouveau" variant="standalone">
          <PlusIcon /> Nouvel utilisateur
        </Link>
      </div>
      <p className="admin-muted">
        Un utilisateur désactivé ne peut plus se connecter ; son historique reste dans le journal
        d’audit. Nul ne peut changer son propre rôle ni désactiver son propre compte, et le cabinet
        garde toujours au moins un administrateur actif.
      </p>
      <QueryState query={users} label="Chargement des utilisateurs">
        {(page) => (
          <Stack gap={4}>
            <Table
              caption="Utilisateurs du cabinet"
              captionHidden
              columns={columns}
              rows={page.items}
              getRowId={(user) => user.id}
              loading={users.isFetching}
            />
            {(cursors.length > 0 || page.nextCursor !== null) && (
              <Pagination
                label="Pages des utilisateurs"
                hasPrevious={cursors.length > 0}
                hasNext={page.nextCursor !== null}
                onPrevious={() => setCursors((list) => list.slice(0, -1))}
                onNext={() => {
                  const next = page.nextCursor;
                  if (next !== null) setCursors((list) => [...list, next]);
                }}
                status={`Page ${cursors.length + 1}`}
              />
            )}
          </Stack>
        )}
      </QueryState>
      {opened?.kind === 'edit' && (
        <EditUserDialog
          user={opened.user}
          isSelf={opened.user.id === me.id}
          onClose={() => setOpened(null)}
          onReload={reload}
        />
      )}
      {opened?.kind === 'activation' && (
        <ActivationDialog user={opened.user} onClose={() => setOpened(null)} onReload={reload} />
      )}
    </Stack>
  );
}
