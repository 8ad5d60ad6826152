import {
  Breadcrumbs,
  Button,
  EmptyState,
  Form,
  Link,
  PlusIcon,
  Stack,
  Table,
  TextField,
  type TableColumn,
} from '@monassurance/ui';
import { useSearchParams } from 'react-router';
import { useCursorPages } from '../../shared/lib/use-cursor-pages.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import { textOf } from '../../shared/ui/form-errors.ts';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useCompanies, type Company } from './api/companies.ts';
import { formatPhone } from './company-format.ts';
import './companies.css';
import { CursorPagination } from '../../shared/ui/cursor-pagination.tsx';

const columns: TableColumn<Company>[] = [
  {
    key: 'name',
    header: 'Nom',
    rowHeader: true,
    cell: (c) => <Link href={`/compagnies/${c.id}`}>{c.name}</Link>,
  },
  { key: 'code', header: 'Code', cell: (c) => c.code },
  { key: 'brokerCode', header: 'Code courtier', cell: (c) => c.brokerCode ?? '—' },
  {
    key: 'contact',
    header: 'Contact',
    cell: (c) =>
      c.contactEmail === null && c.contactPhone === null ? (
        '—'
      ) : (
        <span className="companies-contact">
          {c.contactEmail !== null && <span>{c.contactEmail}</span>}
          {c.contactPhone !== null && <span>{formatPhone(c.contactPhone)}</span>}
        </span>
      ),
  },
  { key: 'city', header: 'Ville', cell: (c) => c.address?.city ?? '—' },
];

/** « Compagnies »: the insurers the cabinet places policies with, searchable by name or code. */
export function CompaniesPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const pages = useCursorPages();
  const canWrite = useHasRole('admin', 'manager');
  const companies = useCompanies({
    ...(q !== '' ? { q } : {}),
    ...(pages.cursor !== undefined ? { cursor: pages.cursor } : {}),
  });

  const search = (data: FormData) => {
    const next = new URLSearchParams();
    const text = textOf(data, 'q');
    if (text !== '') next.set('q', text);
    setParams(next);
  };

  const create = canWrite ? (
    <ActionLink href="/compagnies/nouvelle" icon={<PlusIcon />}>
      Nouvelle compagnie
    </ActionLink>
  ) : undefined;

  return (
    <Screen
      title="Compagnies"
      description="Les compagnies d’assurance avec lesquelles le cabinet travaille."
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Accueil', href: '/' }, { label: 'Compagnies' }]} />
      }
      actions={create}
    >
      <Form role="search" aria-label="Rechercher une compagnie" onSubmit={search} key={q}>
        <Stack direction="row" gap={3} align="end" wrap>
          <TextField
            id="companies-q"
            name="q"
            type="search"
            label="Nom ou code"
            defaultValue={q}
            width="long"
          />
          <Button type="submit" variant="secondary">
            Rechercher
          </Button>
          {q !== '' && (
            <Link href="/compagnies" className="companies-reset">
              Effacer la recherche
            </Link>
          )}
        </Stack>
      </Form>
      <QueryState query={companies} label="Chargement des compagnies">
        {(page) => (
          <Stack gap={4}>
            <p role="status" className="companies-count">
              {page.items.length === 0
                ? 'Aucune compagnie'
                : `${page.items.length} compagnie${page.items.length > 1 ? 's' : ''}${
                    page.nextCursor !== null ? ' sur cette page' : ''
                  }`}
            </p>
            {page.items.length === 0 && q === '' && pages.cursor === undefined ? (
              <EmptyState
                title="Aucune compagnie pour le moment"
                description="Ajoutez les compagnies d’assurance avant d’enregistrer leurs contrats."
                action={create}
              />
            ) : (
              <Table
                caption="Compagnies d’assurance"
                captionHidden
                columns={columns}
                rows={page.items}
                getRowId={(c) => c.id}
                loading={companies.isFetching}
                loadingLabel="Chargement des compagnies"
                empty={
                  <EmptyState
                    headingLevel={2}
                    description={`Aucune compagnie ne correspond à « ${q} ».`}
                  />
                }
              />
            )}
            <CursorPagination
              label="Pages de la liste des compagnies"
              pages={pages}
              nextCursor={page.nextCursor}
            />
          </Stack>
        )}
      </QueryState>
    </Screen>
  );
}
