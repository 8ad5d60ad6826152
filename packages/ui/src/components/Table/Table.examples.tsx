import { useMemo, useState } from 'react';
import { Badge } from '../Badge/Badge.tsx';
import { Button } from '../Button/Button.tsx';
import { EmptyState } from '../EmptyState/EmptyState.tsx';
import { Link } from '../Link/Link.tsx';
import { Pagination } from '../Pagination/Pagination.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { Table, type TableColumn, type TableSort } from './Table.tsx';

interface Person {
  id: string;
  name: string;
  city: string;
  since: string;
  files: number;
  active: boolean;
}

const PEOPLE: Person[] = [
  { id: 'p1', name: 'Léa Martin', city: 'Lyon', since: '2021-03-14', files: 12, active: true },
  { id: 'p2', name: 'Hugo Bernard', city: 'Nantes', since: '2019-11-02', files: 3, active: false },
  { id: 'p3', name: 'Chloé Petit', city: 'Lille', since: '2023-06-30', files: 27, active: true },
  { id: 'p4', name: 'Louis Durand', city: 'Bordeaux', since: '2020-01-08', files: 8, active: true },
  { id: 'p5', name: 'Emma Leroy', city: 'Rennes', since: '2022-09-19', files: 0, active: false },
  { id: 'p6', name: 'Jules Moreau', city: 'Dijon', since: '2018-05-27', files: 41, active: true },
  { id: 'p7', name: 'Inès Simon', city: 'Brest', since: '2024-02-11', files: 5, active: true },
];

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium' });

const COLUMNS: TableColumn<Person>[] = [
  {
    key: 'name',
    header: 'Nom',
    rowHeader: true,
    sortable: true,
    cell: (person) => <Link href={`#personne-${person.id}`}>{person.name}</Link>,
  },
  { key: 'city', header: 'Ville', sortable: true, cell: (person) => person.city },
  {
    key: 'since',
    header: 'Depuis le',
    sortable: true,
    cell: (person) => (
      <time dateTime={person.since}>{dateFormat.format(new Date(person.since))}</time>
    ),
  },
  {
    key: 'files',
    header: 'Fichiers',
    align: 'end',
    sortable: true,
    cell: (person) => person.files,
  },
  {
    key: 'active',
    header: 'État',
    cell: (person) =>
      person.active ? <Badge tone="success">Actif</Badge> : <Badge tone="neutral">Inactif</Badge>,
  },
];

function compare(a: Person, b: Person, column: string): number {
  const key = column as keyof Person;
  const [x, y] = [a[key], b[key]];
  return typeof x === 'number' && typeof y === 'number'
    ? x - y
    : String(x).localeCompare(String(y), 'fr');
}

function sorted(rows: readonly Person[], sort: TableSort | null): Person[] {
  if (sort === null) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, sort.column));
}

const PAGE_SIZE = 3;

/** Sortable headers, selection and pagination together, as a list screen uses them. */
export function Complete() {
  const [sort, setSort] = useState<TableSort | null>({ column: 'name', direction: 'ascending' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [page, setPage] = useState(0);
  const rows = useMemo(() => sorted(PEOPLE, sort), [sort]);
  const pageCount = Math.ceil(rows.length / PAGE_SIZE);
  const pageRows = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  return (
    <Stack gap={3}>
      <Stack direction="row" gap={3} align="center" wrap>
        <p>
          {selected.size === 0
            ? 'Aucune ligne sélectionnée'
            : `${selected.size} ${selected.size > 1 ? 'lignes sélectionnées' : 'ligne sélectionnée'}`}
        </p>
        <Button
          variant="secondary"
          size="sm"
          disabled={selected.size === 0}
          focusableWhenDisabled
          onClick={() => setSelected(new Set())}
        >
          Désélectionner
        </Button>
      </Stack>
      <Table
        caption="Personnes"
        columns={COLUMNS}
        rows={pageRows}
        getRowId={(person) => person.id}
        getRowLabel={(person) => person.name}
        sort={sort}
        onSortChange={(next) => {
          setSort(next);
          setPage(0);
        }}
        selectedIds={selected}
        onSelectionChange={setSelected}
      />
      <Pagination
        label="Pages de la liste des personnes"
        hasPrevious={page > 0}
        hasNext={page < pageCount - 1}
        onPrevious={() => setPage((n) => n - 1)}
        onNext={() => setPage((n) => n + 1)}
        status={`Page ${page + 1} sur ${pageCount}`}
      />
    </Stack>
  );
}

/** The plainest table: a caption, headers, rows. */
export function Simple() {
  return (
    <Table
      caption="Villes"
      columns={COLUMNS.slice(0, 2).map((column) => ({ ...column, sortable: false }))}
      rows={PEOPLE.slice(0, 3)}
      getRowId={(person) => person.id}
    />
  );
}

/** No row: the default « Aucun résultat », or an EmptyState with an action. */
export function Empty() {
  return (
    <Stack gap={5}>
      <Table
        caption="Résultats de la recherche"
        columns={COLUMNS}
        rows={[]}
        getRowId={(person) => person.id}
      />
      <Table
        caption="Personnes suivies"
        columns={COLUMNS}
        rows={[]}
        getRowId={(person) => person.id}
        empty={
          <EmptyState
            title="Personne n’est encore suivi"
            headingLevel={3}
            description="Ajoutez une première personne pour la voir ici."
            action={<Button size="sm">Ajouter une personne</Button>}
          />
        }
      />
    </Stack>
  );
}

/** Loading: first load (no row yet), then rows being replaced. */
export function Loading() {
  return (
    <Stack gap={5}>
      <Table
        caption="Premier chargement"
        columns={COLUMNS}
        rows={[]}
        getRowId={(person) => person.id}
        loading
      />
      <Table
        caption="Rechargement"
        columns={COLUMNS}
        rows={PEOPLE.slice(0, 2)}
        getRowId={(person) => person.id}
        loading
      />
    </Stack>
  );
}

/** Many columns on a narrow screen: the region scrolls, and takes the focus to scroll by keyboard. */
export function Wide() {
  const columns: TableColumn<Person>[] = [
    ...COLUMNS,
    ...['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'].map((day) => ({
      key: day,
      header: day,
      align: 'end' as const,
      cell: (person: Person) => (person.files + day.length) % 9,
    })),
  ];
  return (
    <Table
      caption="Fichiers par jour"
      columns={columns}
      rows={PEOPLE.slice(0, 3)}
      getRowId={(person) => person.id}
    />
  );
}
