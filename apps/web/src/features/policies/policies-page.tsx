import {
  Badge,
  Breadcrumbs,
  Button,
  EmptyState,
  Form,
  Grid,
  Link,
  PlusIcon,
  Select,
  Stack,
  Table,
  TextField,
  type TableColumn,
} from '@monassurance/ui';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDate, formatMoney } from '../../shared/lib/format.ts';
import {
  optionsOf,
  POLICY_STATUS,
  POLICY_STATUSES,
  PRODUCT_LINES,
  PRODUCT_LINE_LABELS,
  type PolicyStatus,
  type ProductLine,
} from '../../shared/lib/portfolio-labels.ts';
import { useCursorPages } from '../../shared/lib/use-cursor-pages.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import { textOf } from '../../shared/ui/form-errors.ts';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  useClient,
  useClientNames,
  useCompanyOptions,
  usePolicies,
  type Client,
  type Company,
  type Policy,
  type PolicyListQuery,
} from './api/policies.ts';
import { ClientPicker } from './client-picker.tsx';
import './policies.css';
import { CursorPagination } from '../../shared/ui/cursor-pagination.tsx';

/** The filters in the URL (French names, as the screen's other addresses). */
const PARAMS = {
  q: 'q',
  status: 'statut',
  company: 'compagnie',
  line: 'branche',
  client: 'client',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The list query from the URL; values the API would refuse are ignored rather than sent. */
function queryOf(params: URLSearchParams, cursor: string | undefined): PolicyListQuery {
  const status = params.get(PARAMS.status) as PolicyStatus | null;
  const line = params.get(PARAMS.line) as ProductLine | null;
  const company = params.get(PARAMS.company);
  const client = params.get(PARAMS.client);
  const q = params.get(PARAMS.q)?.trim();
  return {
    ...(q !== undefined && q !== '' ? { q } : {}),
    ...(status !== null && POLICY_STATUSES.includes(status) ? { status } : {}),
    ...(line !== null && PRODUCT_LINES.includes(line) ? { productLine: line } : {}),
    ...(company !== null && UUID.test(company) ? { companyId: company } : {}),
    ...(client !== null && UUID.test(client) ? { clientId: client } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

function Filters({
  params,
  companies,
  client,
  onApply,
}: {
  params: URLSearchParams;
  companies: Company[];
  client: Client | undefined;
  onApply: (next: URLSearchParams) => void;
}) {
  const [clientId, setClientId] = useState(client?.id ?? '');
  const active = Object.values(PARAMS).some((name) => params.has(name));

  const apply = (data: FormData) => {
    const next = new URLSearchParams();
    for (const [field, name] of [
      ['q', PARAMS.q],
      ['status', PARAMS.status],
      ['companyId', PARAMS.company],
      ['productLine', PARAMS.line],
    ] as const) {
      const value = textOf(data, field);
      if (value !== '') next.set(name, value);
    }
    if (clientId !== '') next.set(PARAMS.client, clientId);
    onApply(next);
  };

  return (
    <Form role="search" aria-label="Filtrer les contrats" onSubmit={apply}>
      <Stack gap={4}>
        <Grid columns={3} gap={4}>
          <TextField
            id="policies-q"
            name="q"
            type="search"
            label="Numéro de contrat"
            description="Le début du numéro suffit."
            defaultValue={params.get(PARAMS.q) ?? ''}
            maxLength={64}
          />
          <ClientPicker
            id="policies-client"
            label="Client"
            description="Tapez une partie du nom."
            initial={client}
            value={clientId}
            onChange={setClientId}
          />
          <Select
            id="policies-status"
            name="status"
            label="Statut"
            placeholder="Tous"
            options={optionsOf(POLICY_STATUSES, POLICY_STATUS)}
            defaultValue={params.get(PARAMS.status) ?? ''}
          />
          <Select
            id="policies-company"
            name="companyId"
            label="Compagnie"
            placeholder="Toutes"
            options={companies.map((c) => ({ value: c.id, label: c.name }))}
            defaultValue={params.get(PARAMS.company) ?? ''}
          />
          <Select
            id="policies-line"
            name="productLine"
            label="Branche"
            placeholder="Toutes"
            options={optionsOf(PRODUCT_LINES, PRODUCT_LINE_LABELS)}
            defaultValue={params.get(PARAMS.line) ?? ''}
          />
        </Grid>
        <Stack direction="row" gap={3} align="center" wrap>
          <Button type="submit" variant="secondary">
            Filtrer
          </Button>
          {active && <Link href="/contrats">Effacer les filtres</Link>}
        </Stack>
      </Stack>
    </Form>
  );
}

/** « Contrats »: the portfolio, filtered by the API (number, client, status, company, line). */
export function PoliciesPage() {
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const canWrite = useHasRole('admin', 'manager', 'broker');
  const query = queryOf(params, pages.cursor);
  const policies = usePolicies(query);
  const companies = useCompanyOptions();
  const filterClient = useClient(query.clientId);
  const clientNames = useClientNames(policies.data?.items.map((p) => p.clientId) ?? []);
  const companyNames = new Map((companies.data ?? []).map((c) => [c.id, c.name]));
  const filtered = Object.keys(query).some((key) => key !== 'cursor');

  const columns: TableColumn<Policy>[] = [
    {
      key: 'number',
      header: 'Numéro',
      rowHeader: true,
      cell: (p) => <Link href={`/contrats/${p.id}`}>{p.number}</Link>,
    },
    {
      key: 'client',
      header: 'Client',
      cell: (p) => (
        <Link href={`/clients/${p.clientId}`}>
          {clientNames.get(p.clientId) ?? 'Fiche du client'}
        </Link>
      ),
    },
    { key: 'company', header: 'Compagnie', cell: (p) => companyNames.get(p.companyId) ?? '—' },
    { key: 'line', header: 'Branche', cell: (p) => PRODUCT_LINE_LABELS[p.productLine] },
    {
      key: 'status',
      header: 'Statut',
      cell: (p) => (
        <Badge tone={POLICY_STATUS[p.status].tone}>{POLICY_STATUS[p.status].label}</Badge>
      ),
    },
    { key: 'renewal', header: 'Échéance principale', cell: (p) => formatDate(p.renewalDate) },
    {
      key: 'premium',
      header: 'Prime annuelle HT',
      align: 'end',
      cell: (p) => formatMoney(p.annualPremiumCents / 100),
    },
  ];

  const newHref =
    query.clientId !== undefined
      ? `/contrats/nouveau?client=${query.clientId}`
      : '/contrats/nouveau';
  const create = canWrite ? (
    <ActionLink href={newHref} icon={<PlusIcon />}>
      Nouveau contrat
    </ActionLink>
  ) : undefined;
  const filtersReady =
    companies.data !== undefined && (query.clientId === undefined || !filterClient.isPending);

  return (
    <Screen
      title="Contrats"
      description="Les contrats du portefeuille, par numéro."
      breadcrumbs={<Breadcrumbs items={[{ label: 'Accueil', href: '/' }, { label: 'Contrats' }]} />}
      actions={create}
    >
      {filtersReady && (
        <Filters
          key={params.toString()}
          params={params}
          companies={companies.data ?? []}
          client={filterClient.data}
          onApply={setParams}
        />
      )}
      <QueryState query={policies} label="Chargement des contrats">
        {(page) => (
          <Stack gap={4}>
            <p role="status" className="policies-count">
              {page.items.length === 0
                ? 'Aucun contrat'
                : `${page.items.length} contrat${page.items.length > 1 ? 's' : ''}${
                    page.nextCursor !== null ? ' sur cette page' : ''
                  }`}
            </p>
            {page.items.length === 0 && !filtered && pages.cursor === undefined ? (
              <EmptyState
                title="Aucun contrat pour le moment"
                description="Créez un contrat pour un client, ou importez votre portefeuille."
                action={create}
              />
            ) : (
              <Table
                caption="Contrats"
                captionHidden
                columns={columns}
                rows={page.items}
                getRowId={(p) => p.id}
                loading={policies.isFetching}
                loadingLabel="Chargement des contrats"
                empty={
                  <EmptyState
                    headingLevel={2}
                    description="Aucun contrat ne correspond à ces filtres."
                    action={<Link href="/contrats">Effacer les filtres</Link>}
                  />
                }
              />
            )}
            <CursorPagination
              label="Pages de la liste des contrats"
              pages={pages}
              nextCursor={page.nextCursor}
            />
          </Stack>
        )}
      </QueryState>
    </Screen>
  );
}
