import {
  Breadcrumbs,
  Button,
  Combobox,
  ErrorSummary,
  Form,
  RadioGroup,
  Select,
  Spinner,
  Stack,
  useToast,
  type ComboboxOption,
} from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorsByField } from '../../shared/api/errors.ts';
import { PRODUCT_LINE_LABELS } from '../../shared/lib/portfolio-labels.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { summaryOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { RestrictedAccess } from '../../shared/ui/restricted-access.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  useClient,
  useClientSearch,
  useGenerateDocument,
  usePolicy,
  usePolicySearch,
  useTemplateChoices,
  type DocumentFormat,
  type GenerateInput,
  type Template,
} from './api/documents.ts';
import { FORMAT_LABELS, uuidOf } from './document-labels.ts';
import './documents.css';

type SubjectKind = 'policy' | 'client';

const FIELDS = ['templateId', 'format', 'subject', 'policyId', 'clientId'] as const;
const PREFIX = 'new-document';
const SUBJECT_OPTIONS = [
  { value: 'policy', label: 'Un contrat' },
  { value: 'client', label: 'Un client' },
];

/** The chosen option stays in the list while other words are typed, so its label still shows. */
function withSelected(options: ComboboxOption[], selected: ComboboxOption | null) {
  if (selected === null || options.some((o) => o.id === selected.id)) return options;
  return [selected, ...options];
}

function PolicyField({
  selected,
  onSelect,
  error,
}: {
  selected: ComboboxOption | null;
  onSelect: (option: ComboboxOption | null) => void;
  error?: string;
}) {
  const [text, setText] = useState(selected?.label ?? '');
  const search = usePolicySearch(text === selected?.label ? '' : text);
  const options = withSelected(
    (search.data ?? []).map((p) => ({
      id: p.id,
      label: p.number,
      description: PRODUCT_LINE_LABELS[p.productLine],
    })),
    selected,
  );
  return (
    <Combobox
      id={`${PREFIX}-policyId`}
      label="Contrat"
      description="Tapez le début du numéro de contrat, puis choisissez-le dans la liste."
      required
      options={options}
      selectedId={selected?.id ?? null}
      onSelectionChange={(id) => onSelect(options.find((o) => o.id === id) ?? null)}
      inputValue={text}
      onInputChange={setText}
      emptyLabel={text.trim() === '' ? 'Tapez un numéro de contrat' : 'Aucun contrat trouvé'}
      error={error}
    />
  );
}

function ClientField({
  selected,
  onSelect,
  error,
}: {
  selected: ComboboxOption | null;
  onSelect: (option: ComboboxOption | null) => void;
  error?: string;
}) {
  const [text, setText] = useState(selected?.label ?? '');
  const search = useClientSearch(text === selected?.label ? '' : text);
  const options = withSelected(
    (search.data ?? []).map((c) => ({
      id: c.id,
      label: c.displayName,
      description: c.email ?? c.siren ?? undefined,
    })),
    selected,
  );
  return (
    <Combobox
      id={`${PREFIX}-clientId`}
      label="Client"
      description="Tapez le nom, l’adresse e-mail ou le SIREN du client, puis choisissez-le."
      required
      options={options}
      selectedId={selected?.id ?? null}
      onSelectionChange={(id) => onSelect(options.find((o) => o.id === id) ?? null)}
      inputValue={text}
      onInputChange={setText}
      emptyLabel={text.trim() === '' ? 'Tapez le nom d’un client' : 'Aucun client trouvé'}
      error={error}
    />
  );
}

function templateLabel(t: Template): string {
  return `${t.name} — ${t.kind === 'xlsx' ? 'Excel' : 'PDF ou HTML'}`;
}

function GenerateForm({
  templates,
  initialKind,
  initialSubject,
  onErrorsChange,
}: {
  templates: Template[];
  initialKind: SubjectKind;
  initialSubject: ComboboxOption | null;
  /** The screen's title says « Erreur : » while the form shows errors. */
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const generate = useGenerateDocument();
  const navigate = useNavigate();
  const toast = useToast();
  const [templateId, setTemplateId] = useState('');
  const [format, setFormat] = useState<DocumentFormat>('pdf');
  const [kind, setKind] = useState<SubjectKind>(initialKind);
  const [subject, setSubject] = useState<ComboboxOption | null>(initialSubject);
  const [errors, setErrorsState] = useState<Record<string, string>>({});
  const setErrors = (next: Record<string, string>) => {
    setErrorsState(next);
    onErrorsChange(Object.keys(next).length > 0);
  };
  const template = templates.find((t) => t.id === templateId);
  const subjectField = kind === 'policy' ? 'policyId' : 'clientId';

  const submit = () => {
    const local: Record<string, string> = {};
    if (template === undefined) local.templateId = 'Choisissez le modèle du document.';
    if (subject === null) {
      local[subjectField] =
        kind === 'policy'
          ? 'Choisissez le contrat dans la liste des suggestions.'
          : 'Choisissez le client dans la liste des suggestions.';
    }
    setErrors(local);
    if (template === undefined || subject === null) return;
    const body: GenerateInput = {
      templateId: template.id,
      format: template.kind === 'xlsx' ? 'xlsx' : format,
      ...(kind === 'policy' ? { policyId: subject.id } : { clientId: subject.id }),
    };
    generate.mutate(body, {
      onSuccess: (document) => {
        toast.show({ tone: 'success', title: 'Document généré', description: document.fileName });
        void navigate(`/documents/${document.id}`);
      },
      onError: (error) => setErrors(errorsByField(error)),
    });
  };

  const serverFailure =
    generate.isError && Object.keys(errorsByField(generate.error)).length === 0
      ? generate.error
      : null;

  return (
    <Form aria-label="Générer un document" onSubmit={submit} className="doc-form">
      <Stack gap={5}>
        <ErrorSummary errors={summaryOf(errors, FIELDS, PREFIX)} />
        {serverFailure !== null && <ProblemAlert error={serverFailure} />}
        <Select
          id={`${PREFIX}-templateId`}
          label="Modèle"
          description="Les modèles actifs ; le document utilise leur version publiée."
          placeholder="Choisir un modèle"
          required
          options={templates.map((t) => ({ value: t.id, label: templateLabel(t) }))}
          value={templateId}
          onChange={(event) => setTemplateId(event.target.value)}
          error={errors.templateId}
        />
        {template?.kind === 'html' && (
          <RadioGroup
            id={`${PREFIX}-format`}
            legend="Format"
            options={[
              { value: 'pdf', label: FORMAT_LABELS.pdf, description: 'Pour imprimer ou envoyer.' },
              { value: 'html', label: FORMAT_LABELS.html, description: 'Une page web.' },
            ]}
            value={format}
            onChange={(value) => setFormat(value === 'html' ? 'html' : 'pdf')}
            orientation="horizontal"
            error={errors.format}
          />
        )}
        <RadioGroup
          id={`${PREFIX}-subject`}
          legend="Le document concerne"
          options={SUBJECT_OPTIONS}
          value={kind}
          onChange={(value) => {
            setKind(value === 'client' ? 'client' : 'policy');
            setSubject(null);
          }}
          orientation="horizontal"
        />
        {kind === 'policy' ? (
          <PolicyField selected={subject} onSelect={setSubject} error={errors.policyId} />
        ) : (
          <ClientField selected={subject} onSelect={setSubject} error={errors.clientId} />
        )}
        <div>
          <Button type="submit" loading={generate.isPending} loadingLabel="Génération">
            Générer
          </Button>
        </div>
      </Stack>
    </Form>
  );
}

/** Loads what the URL names (`?policy=` or `?client=`) so the form opens with it chosen. */
function PrefilledForm({
  templates,
  onErrorsChange,
}: {
  templates: Template[];
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const [params] = useSearchParams();
  const policyId = uuidOf(params.get('policy')) ?? null;
  const clientId = policyId === null ? (uuidOf(params.get('client')) ?? null) : null;
  const policy = usePolicy(policyId);
  const client = useClient(clientId);
  if ((policyId !== null && policy.isPending) || (clientId !== null && client.isPending)) {
    return <Spinner label="Chargement du contrat ou du client" showLabel />;
  }
  const subject: ComboboxOption | null =
    policy.data !== undefined
      ? {
          id: policy.data.id,
          label: policy.data.number,
          description: PRODUCT_LINE_LABELS[policy.data.productLine],
        }
      : client.data !== undefined
        ? { id: client.data.id, label: client.data.displayName }
        : null;
  return (
    <Stack gap={4}>
      {(policy.isError || client.isError) && (
        <ProblemAlert error={policy.error ?? client.error} live={false} />
      )}
      <GenerateForm
        templates={templates}
        initialKind={clientId !== null ? 'client' : 'policy'}
        initialSubject={subject}
        onErrorsChange={onErrorsChange}
      />
    </Stack>
  );
}

/** `/documents/nouveau`: choose a template and a policy or a client, « Générer ». */
export function NewDocumentPage() {
  const canGenerate = useHasRole('admin', 'manager', 'broker');
  const templates = useTemplateChoices(true);
  const [hasErrors, setHasErrors] = useState(false);
  if (!canGenerate) {
    return (
      <RestrictedAccess
        title="Nouveau document"
        audience="aux administrateurs, responsables et chargés de clientèle"
      />
    );
  }
  return (
    <Screen
      title="Nouveau document"
      hasErrors={hasErrors}
      description="Le document est produit avec la version publiée du modèle et les données actuelles."
      breadcrumbs={
        <Breadcrumbs
          items={[{ label: 'Documents', href: '/documents' }, { label: 'Nouveau document' }]}
        />
      }
    >
      <QueryState query={templates} label="Chargement des modèles">
        {(list) => <PrefilledForm templates={list} onErrorsChange={setHasErrors} />}
      </QueryState>
    </Screen>
  );
}
