import {
  Badge,
  Button,
  EmptyState,
  Form,
  Link,
  PlusIcon,
  Select,
  Stack,
  Table,
  type TableColumn,
} from '@monassurance/ui';
import { useSearchParams } from 'react-router';
import { formatDateTime } from '../../shared/lib/format.ts';
import { useCursorPages } from '../../shared/lib/use-cursor-pages.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useTemplates, type Template, type TemplateKind } from './api/templates.ts';
import { KIND_LABELS, STARTER_LABELS } from './template-labels.ts';
import './templates.css';
import { CursorPagination } from '../../shared/ui/cursor-pagination.tsx';

const KIND_OPTIONS = [
  { value: 'html', label: KIND_LABELS.html },
  { value: 'xlsx', label: KIND_LABELS.xlsx },
];
const STATE_OPTIONS = [
  { value: 'actifs', label: 'Actifs' },
  { value: 'desactives', label: 'Désactivés' },
];

function kindOf(value: string | null): TemplateKind | undefined {
  return value === 'html' || value === 'xlsx' ? value : undefined;
}

function activeOf(value: string | null): boolean | undefined {
  if (value === 'actifs') return true;
  if (value === 'desactives') return false;
  return undefined;
}

const COLUMNS: TableColumn<Template>[] = [
  {
    key: 'name',
    header: 'Nom',
    rowHeader: true,
    cell: (t) => <Link href={`/modeles/${t.id}`}>{t.name}</Link>,
  },
  { key: 'kind', header: 'Type', cell: (t) => KIND_LABELS[t.kind] },
  {
    key: 'purpose',
    header: 'Usage',
    cell: (t) => (
      <span className="tpl-list__purpose">
        {t.code !== null && STARTER_LABELS[t.code] !== undefined && (
          <Badge tone="info">Modèle fourni</Badge>
        )}{' '}
        {t.description ?? '—'}
      </span>
    ),
  },
  {
    key: 'published',
    header: 'Version publiée',
    align: 'end',
    cell: (t) =>
      t.latestVersion > t.publishedVersion
        ? `${t.publishedVersion} (dernière : ${t.latestVersion})`
        : String(t.publishedVersion),
  },
  { key: 'updated', header: 'Modifié le', cell: (t) => formatDateTime(t.updatedAt) },
  {
    key: 'state',
    header: 'État',
    cell: (t) =>
      t.active ? <Badge tone="success">Actif</Badge> : <Badge tone="neutral">Désactivé</Badge>,
  },
];

/** « Modèles »: the cabinet's document templates, filtered by kind and state. */
export function TemplatesPage() {
  const canManage = useHasRole('admin', 'manager');
  const [params, setParams] = useSearchParams();
  const kind = kindOf(params.get('type'));
  const active = activeOf(params.get('etat'));
  const pages = useCursorPages();
  const templates = useTemplates({ kind, active, cursor: pages.cursor });

  const applyFilters = (data: FormData) => {
    const next = new URLSearchParams();
    const type = String(data.get('type') ?? '');
    const etat = String(data.get('etat') ?? '');
    if (type !== '') next.set('type', type);
    if (etat !== '') next.set('etat', etat);
    setParams(next);
  };
  const filtered = kind !== undefined || active !== undefined;

  return (
    <Screen
      title="Modèles"
      description="Les modèles de documents du cabinet : attestations, avis d’échéance, quittances, bordereaux."
      actions={
        canManage ? (
          <ActionLink href="/modeles/nouveau" icon={<PlusIcon />}>
            Nouveau modèle
          </ActionLink>
        ) : undefined
      }
    >
      <Stack gap={5}>
        <Form aria-label="Filtrer les modèles" onSubmit={applyFilters} className="tpl-filters">
          <Select
            label="Type"
            name="type"
            placeholder="Tous les types"
            options={KIND_OPTIONS}
            defaultValue={kind ?? ''}
            width="medium"
            key={`type-${kind ?? ''}`}
          />
          <Select
            label="État"
            name="etat"
            placeholder="Tous"
            options={STATE_OPTIONS}
            defaultValue={params.get('etat') ?? ''}
            width="medium"
            key={`etat-${params.get('etat') ?? ''}`}
          />
          <div className="tpl-filters__actions">
            <Button type="submit" variant="secondary">
              Filtrer
            </Button>
            {filtered && (
              <Button variant="ghost" onClick={() => setParams(new URLSearchParams())}>
                Effacer les filtres
              </Button>
            )}
          </div>
        </Form>
        <QueryState query={templates} label="Chargement des modèles">
          {(page) => (
            <Stack gap={4}>
              <Table
                caption="Modèles de documents"
                captionHidden
                columns={COLUMNS}
                rows={page.items}
                getRowId={(t) => t.id}
                loading={templates.isFetching && templates.isPlaceholderData}
                empty={
                  <EmptyState
                    title={filtered ? 'Aucun modèle ne correspond' : 'Aucun modèle'}
                    headingLevel={2}
                    description={
                      filtered ? 'Changez ou effacez les filtres.' : 'Créez un premier modèle.'
                    }
                  />
                }
              />
              <CursorPagination
                label="Pages de la liste des modèles"
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
