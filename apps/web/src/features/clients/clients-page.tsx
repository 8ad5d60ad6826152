import {
  Badge,
  Button,
  EmptyState,
  Form,
  Link,
  Pagination,
  PlusIcon,
  Select,
  Stack,
  Table,
  TextField,
  VisuallyHidden,
  type TableColumn,
  type TableSort,
} from '@monassurance/ui';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { formatDate } from '../../shared/lib/format.ts';
import { useHasRole, useMe } from '../../shared/session/session.tsx';
import { optionalTextOf } from '../../shared/ui/form-errors.ts';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useCabinetUsers, useClients, type ClientListQuery } from './api/clients.ts';
import { formatPhone, KIND_LABELS, type Client } from './client-labels.ts';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import './clients.css';

const PAGE_SIZE = 25;

/** The list's state in the URL (French names: they show in the address bar and in shared links). */
const PARAM = {
  search: 'q',
  kind: 'type',
  city: 'ville',
  broker: 'charge',
  sort: 'tri',
  cursor: 'apres',
} as const;

const KIND_PARAM: Record<string, ClientListQuery['kind']> = {
  personne: 'person',
  entreprise: 'business',
};

type ApiSort = NonNullable<ClientListQuery['sort']>;
const SORT_PARAM: Record<string, ApiSort> = {
  nom: 'displayName',
  '-nom': '-displayName',
  creation: 'createdAt',
  '-creation': '-createdAt',
};
const SORT_COLUMN: Record<string, string> = { displayName: 'name', createdAt: 'createdAt' };

function toTableSort(sort: ApiSort): TableSort {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  return {
    column: SORT_COLUMN[field] ?? 'name',
    direction: descending ? 'descending' : 'ascending',
  };
}

function toSortParam({ column, direction }: TableSort): string {
  const word = column === 'createdAt' ? 'creation' : 'nom';
  return direction === 'descending' ? `-${word}` : word;
}

/** The cursors of the pages before this one travel in the history entry, not in the URL. */
interface ListHistoryState {
  previousCursors?: string[];
}

function Filters({ showBrokers }: { showBrokers: boolean }) {
  const [params, setParams] = useSearchParams();
  const { user } = useMe();
  const users = useCabinetUsers(showBrokers);
  const brokerOptions = (users.data ?? [])
    .filter((u) => u.active && u.role !== 'viewer')
    .map((u) => ({ value: u.id, label: u.id === user.id ? `${u.fullName} (vous)` : u.fullName }));

  const apply = (data: FormData) => {
    const next = new URLSearchParams();
    for (const [field, param] of [
      ['q', PARAM.search],
      ['type', PARAM.kind],
      ['ville', PARAM.city],
      ['charge', PARAM.broker],
    ] as const) {
      const value = optionalTextOf(data, field);
      if (value !== undefined) next.set(param, value);
    }
    const sort = params.get(PARAM.sort);
    if (sort !== null) next.set(PARAM.sort, sort);
    setParams(next);
  };
  const filtered = [PARAM.search, PARAM.kind, PARAM.city, PARAM.broker].some((p) => params.has(p));

  return (
    // Keyed on the URL so the back button brings the fields back in line with the list, and on
    // the users' arrival so the chosen assignee shows in its (uncontrolled) select.
    <Form
      key={`${params.toString()}:${String(users.isSuccess)}`}
      role="search"
      aria-label="Rechercher des clients"
      onSubmit={(data) => apply(data)}
      className="clients-filters"
    >
      <TextField
        id="clients-q"
        name="q"
        type="search"
        label="Rechercher"
        description="Nom, prénom, raison sociale, e-mail ou SIREN."
        defaultValue={params.get(PARAM.search) ?? ''}
        maxLength={200}
      />
      <Select
        id="clients-type"
        name="type"
        label="Type"
        options={[
          { value: '', label: 'Tous' },
          { value: 'personne', label: 'Personnes' },
          { value: 'entreprise', label: 'Entreprises' },
        ]}
        defaultValue={params.get(PARAM.kind) ?? ''}
      />
      <TextField
        id="clients-ville"
        name="ville"
        label="Ville"
        autoComplete="off"
        defaultValue={params.get(PARAM.city) ?? ''}
        maxLength={100}
      />
      {showBrokers && (
        <Select
          id="clients-charge"
          name="charge"
          label="Chargé de clientèle"
          options={[{ value: '', label: 'Tous' }, ...brokerOptions]}
          defaultValue={params.get(PARAM.broker) ?? ''}
        />
      )}
      <div className="clients-filters__actions">
        <Button type="submit">Rechercher</Button>
        {filtered && (
          <Button
            variant="ghost"
            onClick={() => {
              const sort = params.get(PARAM.sort);
              setParams(sort === null ? {} : { [PARAM.sort]: sort });
            }}
          >
            Effacer les filtres
          </Button>
        )}
      </div>
    </Form>
  );
}

/** « Clients »: search, filters, sort and pages, all kept in the URL. */
export function ClientsPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const canCreate = useHasRole('admin', 'manager', 'broker');
  const canImport = useHasRole('admin', 'manager');
  const isAdmin = useHasRole('admin');

  const sort = SORT_PARAM[params.get(PARAM.sort) ?? ''] ?? 'displayName';
  const kind = KIND_PARAM[params.get(PARAM.kind) ?? ''];
  const cursor = params.get(PARAM.cursor) ?? undefined;
  const query: ClientListQuery = {
    limit: PAGE_SIZE,
    sort,
    ...(params.get(PARAM.search) ? { q: params.get(PARAM.search) ?? '' } : {}),
    ...(kind ? { kind } : {}),
    ...(params.get(PARAM.city) ? { city: params.get(PARAM.city) ?? '' } : {}),
    ...(isAdmin && params.get(PARAM.broker)
      ? { assignedBrokerId: params.get(PARAM.broker) ?? '' }
      : {}),
    ...(cursor ? { cursor } : {}),
  };
  const clients = useClients(query);
  const previousCursors = (location.state as ListHistoryState | null)?.previousCursors ?? [];

  const goTo = (nextCursor: string | undefined, history: string[]) => {
    const next = new URLSearchParams(params);
    if (nextCursor === undefined) next.delete(PARAM.cursor);
    else next.set(PARAM.cursor, nextCursor);
    void navigate(`?${next.toString()}`, { state: { previousCursors: history } });
  };
  const changeSort = (tableSort: TableSort) => {
    const next = new URLSearchParams(params);
    next.set(PARAM.sort, toSortParam(tableSort));
    next.delete(PARAM.cursor);
    void navigate(`?${next.toString()}`);
  };

  const columns: TableColumn<Client>[] = [
    {
      key: 'name',
      header: 'Nom',
      rowHeader: true,
      sortable: true,
      cell: (c) => (
        <span className="clients-name">
          <Link href={`/clients/${c.id}`}>{c.displayName}</Link>
          {c.anonymizedAt !== null && <Badge>Anonymisé</Badge>}
        </span>
      ),
    },
    { key: 'kind', header: 'Type', cell: (c) => KIND_LABELS[c.kind] },
    { key: 'email', header: 'E-mail', cell: (c) => c.email ?? '—' },
    {
      key: 'phone',
      header: 'Téléphone',
      cell: (c) => (c.phone === null ? '—' : formatPhone(c.phone)),
    },
    { key: 'city', header: 'Ville', cell: (c) => c.address?.city ?? '—' },
    { key: 'createdAt', header: 'Créé le', sortable: true, cell: (c) => formatDate(c.createdAt) },
  ];

  const filtered = [PARAM.search, PARAM.kind, PARAM.city, PARAM.broker].some((p) => params.has(p));
  // A shared link to a later page has no history: its position in the list is unknown.
  const index =
    cursor === undefined ? 0 : location.state === null ? null : previousCursors.length + 1;
  // An empty page is not announced by the EmptyState appearing: this status says it.
  const emptyNotice =
    clients.data !== undefined && clients.data.items.length === 0
      ? filtered
        ? 'Aucun client ne correspond à ces critères.'
        : 'Aucun client pour le moment.'
      : '';

  return (
    <Screen
      title="Clients"
      description="Les personnes et les entreprises que suit le cabinet."
      actions={
        (canCreate || canImport) && (
          <Stack direction="row" gap={3} wrap>
            {canImport && (
              <ActionLink href="/clients/import" variant="secondary">
                Importer
              </ActionLink>
            )}
            {canCreate && (
              <ActionLink href="/clients/nouveau" icon={<PlusIcon />}>
                Nouveau client
              </ActionLink>
            )}
          </Stack>
        )
      }
    >
      <Stack gap={5}>
        <Filters showBrokers={isAdmin} />
        <VisuallyHidden>
          <span role="status">{emptyNotice}</span>
        </VisuallyHidden>
        <QueryState query={clients} label="Chargement des clients">
          {(page) =>
            page.items.length === 0 && cursor === undefined ? (
              <EmptyState
                title={filtered ? 'Aucun client trouvé' : 'Aucun client pour le moment'}
                description={
                  filtered
                    ? 'Aucun client ne correspond à ces critères. Vérifiez l’orthographe ou élargissez la recherche.'
                    : 'Créez votre premier client ou importez votre portefeuille depuis un tableur.'
                }
                action={
                  filtered ? (
                    <Link href="/clients">Effacer les filtres</Link>
                  ) : canCreate ? (
                    <Link href="/clients/nouveau">Nouveau client</Link>
                  ) : undefined
                }
              />
            ) : (
              <Stack gap={4}>
                <Table
                  caption="Liste des clients"
                  captionHidden
                  columns={columns}
                  rows={page.items}
                  getRowId={(c) => c.id}
                  sort={toTableSort(sort)}
                  onSortChange={changeSort}
                  loading={clients.isFetching}
                  loadingLabel="Chargement des clients…"
                />
                {(cursor !== undefined || page.nextCursor !== null) && (
                  <Pagination
                    label="Pages de la liste des clients"
                    hasPrevious={cursor !== undefined}
                    hasNext={page.nextCursor !== null}
                    onPrevious={() => {
                      const history = previousCursors.slice(0, -1);
                      goTo(previousCursors.at(-1), history);
                    }}
                    onNext={() => {
                      if (page.nextCursor === null) return;
                      goTo(
                        page.nextCursor,
                        cursor === undefined ? [] : [...previousCursors, cursor],
                      );
                    }}
                    status={
                      page.items.length === 0
                        ? 'Aucun client sur cette page'
                        : index === null
                          ? `${page.items.length} clients sur cette page`
                          : `Clients ${index * PAGE_SIZE + 1} à ${index * PAGE_SIZE + page.items.length}`
                    }
                  />
                )}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
    </Screen>
  );
}
