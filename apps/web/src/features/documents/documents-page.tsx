import {
  Alert,
  Badge,
  Button,
  DateField,
  EmptyState,
  ErrorSummary,
  Form,
  Link,
  PlusIcon,
  Select,
  Stack,
  Table,
  type TableColumn,
} from '@monassurance/ui';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { addDays, formatBytes, formatDateTime } from '../../shared/lib/format.ts';
import { useCursorPages } from '../../shared/lib/use-cursor-pages.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import { summaryOf } from '../../shared/ui/form-errors.ts';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  useDocuments,
  useTemplateChoices,
  type DocumentFormat,
  type DocumentRecord,
  type Template,
} from './api/documents.ts';
import { FORMAT_LABELS, isoDateOf, startOfDay, uuidOf } from './document-labels.ts';
import './documents.css';
import { CursorPagination } from '../../shared/ui/cursor-pagination.tsx';

const FORMAT_OPTIONS = (Object.keys(FORMAT_LABELS) as DocumentFormat[]).map((value) => ({
  value,
  label: FORMAT_LABELS[value],
}));
const FILTER_FIELDS = ['from', 'to'] as const;

function formatOf(value: string | null): DocumentFormat | undefined {
  return value === 'pdf' || value === 'html' || value === 'xlsx' ? value : undefined;
}

function columnsOf(templates: Map<string, Template>): TableColumn<DocumentRecord>[] {
  return [
    {
      key: 'file',
      header: 'Document',
      rowHeader: true,
      cell: (d) => <Link href={`/documents/${d.id}`}>{d.fileName}</Link>,
    },
    {
      key: 'template',
      header: 'Modèle',
      cell: (d) => {
        const template = templates.get(d.templateId);
        return `${template?.name ?? 'Modèle supprimé'} (version ${d.templateVersion})`;
      },
    },
    { key: 'format', header: 'Format', cell: (d) => <Badge>{FORMAT_LABELS[d.format]}</Badge> },
    {
      key: 'subject',
      header: 'Concerne',
      cell: (d) =>
        d.policyId !== null ? (
          <Link href={`/contrats/${d.policyId}`}>Le contrat</Link>
        ) : d.clientId !== null ? (
          <Link href={`/clients/${d.clientId}`}>Le client</Link>
        ) : (
          '—'
        ),
    },
    { key: 'size', header: 'Taille', align: 'end', cell: (d) => formatBytes(d.size) },
    { key: 'created', header: 'Créé le', cell: (d) => formatDateTime(d.createdAt) },
  ];
}

/** `/documents`: the documents made from templates, filtered, newest first. */
export function DocumentsPage() {
  const canGenerate = useHasRole('admin', 'manager', 'broker');
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const format = formatOf(params.get('format'));
  const templateId = uuidOf(params.get('template'));
  const policyId = uuidOf(params.get('policy'));
  const clientId = uuidOf(params.get('client'));
  const from = isoDateOf(params.get('from'));
  const to = isoDateOf(params.get('to'));
  const templates = useTemplateChoices(false);
  const documents = useDocuments({
    format,
    templateId,
    policyId,
    clientId,
    from: from === undefined ? undefined : startOfDay(from),
    to: to === undefined ? undefined : startOfDay(addDays(to, 1)),
    cursor: pages.cursor,
  });
  const byId = new Map((templates.data ?? []).map((t) => [t.id, t]));

  const applyFilters = (data: FormData) => {
    const text = (name: string) => String(data.get(name) ?? '');
    const values = {
      format: text('format'),
      template: text('template'),
      from: text('from'),
      to: text('to'),
    };
    if (values.from !== '' && values.to !== '' && values.to < values.from) {
      setErrors({ to: 'La date de fin doit être après la date de début.' });
      return;
    }
    setErrors({});
    const next = new URLSearchParams();
    if (policyId !== undefined) next.set('policy', policyId);
    if (clientId !== undefined) next.set('client', clientId);
    for (const [name, value] of Object.entries(values)) if (value !== '') next.set(name, value);
    setParams(next);
  };

  const filtered = [format, templateId, from, to, policyId, clientId].some((v) => v !== undefined);
  const newHref =
    policyId !== undefined
      ? `/documents/nouveau?policy=${policyId}`
      : clientId !== undefined
        ? `/documents/nouveau?client=${clientId}`
        : '/documents/nouveau';

  return (
    <Screen
      title="Documents"
      hasErrors={Object.keys(errors).length > 0}
      description="Les documents produits à partir des modèles : attestations, avis, quittances, bordereaux."
      actions={
        canGenerate ? (
          <ActionLink href={newHref} icon={<PlusIcon />}>
            Nouveau document
          </ActionLink>
        ) : undefined
      }
    >
      <Stack gap={5}>
        {(policyId !== undefined || clientId !== undefined) && (
          <Alert
            tone="info"
            title={policyId !== undefined ? 'Documents d’un contrat' : 'Documents d’un client'}
            action={
              <Link href="/documents" variant="standalone">
                Voir tous les documents
              </Link>
            }
          >
            La liste ne montre que les documents{' '}
            {policyId !== undefined ? (
              <Link href={`/contrats/${policyId}`}>de ce contrat</Link>
            ) : (
              <Link href={`/clients/${clientId}`}>de ce client</Link>
            )}
            .
          </Alert>
        )}
        <Form
          aria-label="Filtrer les documents"
          onSubmit={applyFilters}
          className="doc-filters-form"
        >
          <Stack gap={4}>
            <ErrorSummary errors={summaryOf(errors, FILTER_FIELDS, 'documents-filter')} />
            <div className="doc-filters">
              <Select
                label="Format"
                name="format"
                placeholder="Tous les formats"
                options={FORMAT_OPTIONS}
                defaultValue={format ?? ''}
                key={`format-${format ?? ''}`}
                width="medium"
              />
              <Select
                label="Modèle"
                name="template"
                placeholder="Tous les modèles"
                options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
                defaultValue={templateId ?? ''}
                key={`template-${templateId ?? ''}-${templates.data?.length ?? 0}`}
                width="long"
              />
              <DateField
                id="documents-filter-from"
                label="Créés à partir du"
                description="Au format jj/mm/aaaa."
                name="from"
                defaultValue={from ?? ''}
                key={`from-${from ?? ''}`}
              />
              <DateField
                id="documents-filter-to"
                label="Jusqu’au"
                description="Inclus."
                name="to"
                defaultValue={to ?? ''}
                key={`to-${to ?? ''}`}
                error={errors.to}
              />
              <div className="doc-filters__actions">
                <Button type="submit" variant="secondary">
                  Filtrer
                </Button>
                {filtered && (
                  <Button
                    variant="ghost"
                    onClick={() => {
                      setErrors({});
                      setParams(new URLSearchParams());
                    }}
                  >
                    Effacer les filtres
                  </Button>
                )}
              </div>
            </div>
          </Stack>
        </Form>
        <QueryState query={documents} label="Chargement des documents">
          {(page) => (
            <Stack gap={4}>
              <Table
                caption="Documents"
                captionHidden
                columns={columnsOf(byId)}
                rows={page.items}
                getRowId={(d) => d.id}
                loading={documents.isFetching && documents.isPlaceholderData}
                empty={
                  <EmptyState
                    title={filtered ? 'Aucun document ne correspond' : 'Aucun document'}
                    headingLevel={2}
                    description={
                      filtered
                        ? 'Changez ou effacez les filtres.'
                        : 'Générez un premier document depuis un modèle.'
                    }
                  />
                }
              />
              <CursorPagination
                label="Pages de la liste des documents"
                pages={pages}
                nextCursor={page.nextCursor}
              />
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Screen>
  );
}
