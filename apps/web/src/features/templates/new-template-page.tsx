import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  Form,
  RadioGroup,
  Stack,
  Textarea,
  TextField,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorsByField } from '../../shared/api/errors.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { RestrictedAccess } from '../../shared/ui/restricted-access.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useCreateTemplate, type NewTemplate, type TemplateKind } from './api/templates.ts';
import { describeProblem, KIND_LABELS, sourceProblemsOf } from './template-labels.ts';
import { WorkbookField, workbookOf } from './workbook-field.tsx';
import './templates.css';

const FIELDS = ['kind', 'name', 'description', 'content', 'file'] as const;
const PREFIX = 'new-template';

/** A starting point that prints the cabinet and the policy: easier to adapt than a blank page. */
const STARTING_SOURCE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<style>
  @page { size: A4; margin: 20mm 17mm; }
  body { font-family: Inter, Arial, sans-serif; font-size: 10pt; color: #1d2433; }
  h1 { font-size: 18pt; color: #1f3a5f; }
</style>
</head>
<body>
  <p>{{ organization.name }}</p>
  <h1>Titre du document</h1>
  <p>Contrat n° {{ policy.number }} — {{ client.display_name }}</p>
  <p>Fait le {{ today | date_long }}.</p>
</body>
</html>
`;

const KIND_OPTIONS = [
  {
    value: 'html',
    label: KIND_LABELS.html,
    description: 'Un document HTML avec des variables, imprimé en PDF.',
  },
  {
    value: 'xlsx',
    label: KIND_LABELS.xlsx,
    description: 'Un classeur dont les cellules sont remplies avec les données.',
  },
];

/** « Nouveau modèle »: an html template from its source, or an xlsx one from a workbook. */
export function NewTemplatePage() {
  const canManage = useHasRole('admin', 'manager');
  if (!canManage) {
    return (
      <RestrictedAccess title="Nouveau modèle" audience="aux administrateurs et responsables" />
    );
  }
  return <NewTemplateForm />;
}

function NewTemplateForm() {
  const create = useCreateTemplate();
  const navigate = useNavigate();
  const toast = useToast();
  const [kind, setKind] = useState<TemplateKind>('html');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (data: FormData) => {
    const local: Record<string, string> = {};
    const name = textOf(data, 'name');
    const description = textOf(data, 'description');
    if (name === '') local.name = 'Saisissez le nom du modèle.';
    let input: NewTemplate | null = null;
    if (kind === 'html') {
      const content = String(data.get('content') ?? '');
      if (content.trim() === '') local.content = 'Saisissez la source du modèle.';
      else input = { kind, name, content };
    } else {
      const file = workbookOf(data);
      if (typeof file === 'string') local.file = file;
      else input = { kind, name, file };
    }
    setErrors(local);
    if (Object.keys(local).length > 0 || input === null) return;
    if (description !== '') input.description = description;
    create.mutate(input, {
      onSuccess: (created) => {
        toast.show({
          tone: created.warnings.length > 0 ? 'warning' : 'success',
          title: 'Modèle créé',
          description:
            created.warnings.length > 0
              ? `${created.warnings.length} avertissement(s) : voyez-les dans l’éditeur.`
              : undefined,
        });
        void navigate(`/modeles/${created.id}`);
      },
      onError: (error) => {
        const byField = errorsByField(error);
        for (const problem of sourceProblemsOf(error)) {
          const field = problem.path === '/file' ? 'file' : 'content';
          byField[field] = describeProblem(problem);
        }
        setErrors(byField);
      },
    });
  };

  const serverFailure =
    create.isError && Object.keys(errorsByField(create.error)).length === 0 ? create.error : null;
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <Screen
      title="Nouveau modèle"
      hasErrors={hasErrors}
      breadcrumbs={
        <Breadcrumbs
          items={[{ label: 'Modèles', href: '/modeles' }, { label: 'Nouveau modèle' }]}
        />
      }
    >
      <Form aria-label="Nouveau modèle" onSubmit={submit} className="tpl-form">
        <Stack gap={5}>
          <ErrorSummary errors={summaryOf(errors, FIELDS, PREFIX)} />
          {serverFailure !== null && <ProblemAlert error={serverFailure} />}
          <RadioGroup
            id={`${PREFIX}-kind`}
            legend="Type de modèle"
            name="kind"
            options={KIND_OPTIONS}
            value={kind}
            onChange={(value) => setKind(value === 'xlsx' ? 'xlsx' : 'html')}
          />
          <TextField
            id={`${PREFIX}-name`}
            name="name"
            label="Nom"
            description="Par exemple : Attestation scolaire."
            required
            maxLength={200}
            error={errors.name}
          />
          <Textarea
            id={`${PREFIX}-description`}
            name="description"
            label="Description (facultative)"
            description="À quoi sert ce modèle ; 1 000 caractères au plus."
            maxLength={1000}
            rows={2}
            error={errors.description}
          />
          {kind === 'html' ? (
            <Textarea
              id={`${PREFIX}-content`}
              name="content"
              label="Source du modèle"
              description="HTML avec des variables LiquidJS, par exemple {{ policy.number }}. Vous verrez l’aperçu après l’enregistrement."
              required
              rows={18}
              defaultValue={STARTING_SOURCE}
              spellCheck={false}
              className="tpl-source"
              error={errors.content}
            />
          ) : (
            <WorkbookField id={`${PREFIX}-file`} error={errors.file} />
          )}
          <div>
            <Button type="submit" loading={create.isPending} loadingLabel="Enregistrement">
              Enregistrer
            </Button>
          </div>
        </Stack>
      </Form>
    </Screen>
  );
}
