import './admin.css';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  Form,
  RadioGroup,
  Stack,
  TextField,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorsByField } from '../../shared/api/errors.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { RestrictedAccess } from '../../shared/ui/restricted-access.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useCreateUser } from './api/admin.ts';
import {
  isRole,
  MIN_PASSWORD,
  NEW_USER_FIELDS,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  ROLES,
  validateNewUser,
  type Errors,
} from './admin-forms.ts';

const TITLE = 'Nouvel utilisateur';

function NewUserForm() {
  const create = useCreateUser();
  const toast = useToast();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>(null);

  const submit = (data: FormData) => {
    const input = {
      fullName: textOf(data, 'fullName'),
      email: textOf(data, 'email'),
      role: textOf(data, 'role'),
      password: String(data.get('password') ?? ''),
      passwordConfirmation: String(data.get('passwordConfirmation') ?? ''),
    };
    const local = validateNewUser(input);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0 || !isRole(input.role)) return;
    create.mutate(
      { fullName: input.fullName, email: input.email, role: input.role, password: input.password },
      {
        onSuccess: (user) => {
          toast.show({
            tone: 'success',
            title: 'Utilisateur créé',
            description: `${user.fullName} peut se connecter avec ${user.email} et le mot de passe initial.`,
          });
          void navigate('/administration?onglet=utilisateurs');
        },
        onError: (error) => {
          const byField = errorsByField(error);
          if (Object.keys(byField).length > 0) setErrors(byField);
          // A taken e-mail is a 409 without a field: it belongs next to the e-mail all the same.
          else if (error instanceof ApiError && error.status === 409)
            setErrors({ email: error.problem.detail ?? error.problem.title });
          else setFailure(error);
        },
      },
    );
  };

  return (
    <Screen
      title={TITLE}
      hasErrors={Object.keys(errors).length > 0 || failure !== null}
      description="Un compte pour un membre du cabinet. Communiquez-lui son mot de passe initial par un autre moyen que l’e-mail ; il pourra le changer dans « Mon compte »."
      breadcrumbs={
        <Breadcrumbs
          items={[
            { label: 'Administration', href: '/administration?onglet=utilisateurs' },
            { label: TITLE },
          ]}
        />
      }
    >
      <Form aria-label={TITLE} onSubmit={submit} className="admin-form">
        <Stack gap={5}>
          <ErrorSummary errors={summaryOf(errors, NEW_USER_FIELDS, 'new-user')} />
          {failure !== null && <ProblemAlert error={failure} />}
          <TextField
            id="new-user-fullName"
            name="fullName"
            label="Nom complet"
            autoComplete="off"
            required
            error={errors.fullName}
          />
          <TextField
            id="new-user-email"
            name="email"
            type="email"
            label="Adresse e-mail"
            description="Elle sert d’identifiant de connexion."
            autoComplete="off"
            spellCheck={false}
            required
            error={errors.email}
          />
          <RadioGroup
            id="new-user-role"
            name="role"
            legend="Rôle"
            required
            error={errors.role}
            options={ROLES.map((role) => ({
              value: role,
              label: ROLE_LABELS[role],
              description: ROLE_DESCRIPTIONS[role],
            }))}
          />
          <TextField
            id="new-user-password"
            name="password"
            type="password"
            label="Mot de passe initial"
            description={`Au moins ${MIN_PASSWORD} caractères, pas un mot de passe courant ; une phrase de passe est plus facile à transmettre.`}
            autoComplete="new-password"
            required
            error={errors.password}
          />
          <TextField
            id="new-user-passwordConfirmation"
            name="passwordConfirmation"
            type="password"
            label="Confirmez le mot de passe initial"
            autoComplete="new-password"
            required
            error={errors.passwordConfirmation}
          />
          <div>
            <Button type="submit" loading={create.isPending} loadingLabel="Création en cours">
              Enregistrer
            </Button>
          </div>
        </Stack>
      </Form>
    </Screen>
  );
}

/** « Nouvel utilisateur » (administrators). */
export function NewUserPage() {
  if (!useHasRole('admin')) {
    return <RestrictedAccess title={TITLE} audience="aux administrateurs du cabinet" />;
  }
  return <NewUserForm />;
}
