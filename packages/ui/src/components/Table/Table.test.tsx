import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Table, type TableColumn } from './Table.tsx';
import * as examples from './Table.examples.tsx';

function bodyRowNames(): string[] {
  const [, body] = screen.getAllByRole('rowgroup');
  return within(body!)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent ?? '');
}

describe('Table', () => {
  itHasNoAxeViolations(examples);

  it('is a table named by its caption, with column and row headers', () => {
    render(<examples.Simple />);
    const table = screen.getByRole('table', { name: 'Villes' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Nom', 'Ville']);
    expect(within(table).getByRole('rowheader', { name: 'Léa Martin' })).toHaveAttribute(
      'scope',
      'row',
    );
    expect(within(table).getByRole('cell', { name: 'Nantes' })).toBeInTheDocument();
  });

  it('sits in a focusable scroll region named by the caption', async () => {
    render(<examples.Wide />);
    const region = screen.getByRole('region', { name: 'Fichiers par jour' });
    expect(region).toHaveAttribute('tabindex', '0');
    await userEvent.tab();
    expect(region).toHaveFocus();
  });

  it('sorts with a button in the header: aria-sort on the sorted column only, then reversed', async () => {
    render(<examples.Complete />);
    const nameHeader = screen.getByRole('columnheader', { name: 'Nom' });
    const cityHeader = screen.getByRole('columnheader', { name: 'Ville' });
    expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(cityHeader).not.toHaveAttribute('aria-sort');
    expect(screen.getByRole('columnheader', { name: 'État' })).not.toHaveAttribute('aria-sort');
    expect(
      within(screen.getByRole('columnheader', { name: 'État' })).queryByRole('button'),
    ).toBeNull();
    expect(bodyRowNames()).toEqual(['Chloé Petit', 'Emma Leroy', 'Hugo Bernard']);

    await userEvent.click(within(cityHeader).getByRole('button', { name: 'Ville' }));
    expect(cityHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(nameHeader).not.toHaveAttribute('aria-sort');
    expect(bodyRowNames()).toEqual(['Louis Durand', 'Inès Simon', 'Jules Moreau']);
    expect(screen.getAllByRole('status')[0]).toHaveTextContent('Trié par Ville, ordre croissant');

    await userEvent.keyboard('{Enter}');
    expect(cityHeader).toHaveAttribute('aria-sort', 'descending');
    expect(bodyRowNames()).toEqual(['Emma Leroy', 'Hugo Bernard', 'Léa Martin']);
    expect(screen.getAllByRole('status')[0]).toHaveTextContent('Trié par Ville, ordre décroissant');
  });

  it('does not announce the initial order', () => {
    render(<examples.Complete />);
    expect(screen.getAllByRole('status')[0]).toHaveTextContent('');
  });

  it('selects rows by their named checkboxes, and all of the page by the header one', async () => {
    render(<examples.Complete />);
    const all = screen.getByRole('checkbox', { name: 'Tout sélectionner' });
    const chloe = screen.getByRole('checkbox', { name: 'Sélectionner Chloé Petit' });
    await userEvent.click(chloe);
    expect(chloe).toBeChecked();
    expect(chloe.closest('tr')).toHaveClass('ma-table__row--selected');
    expect(all).toBePartiallyChecked();
    expect(screen.getByText('1 ligne sélectionnée')).toBeInTheDocument();

    await userEvent.click(all);
    expect(all).toBeChecked();
    expect(screen.getByText('3 lignes sélectionnées')).toBeInTheDocument();

    // The selection is kept across pages; the header box speaks for the page shown.
    await userEvent.click(screen.getByRole('button', { name: 'Page suivante' }));
    expect(all).not.toBeChecked();
    expect(all).not.toBePartiallyChecked();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner Jules Moreau' }));
    expect(screen.getByText('4 lignes sélectionnées')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Page précédente' }));
    await userEvent.click(all);
    expect(all).not.toBeChecked();
    expect(screen.getByText('1 ligne sélectionnée')).toBeInTheDocument();
  });

  it('names row checkboxes by id without getRowLabel, and has no selection without a handler', async () => {
    const onSelectionChange = vi.fn();
    const columns: TableColumn<{ id: string }>[] = [{ key: 'id', header: 'Id', cell: (r) => r.id }];
    const { rerender } = render(
      <Table
        caption="T"
        columns={columns}
        rows={[{ id: 'a' }]}
        getRowId={(row) => row.id}
        selectedIds={new Set()}
        onSelectionChange={onSelectionChange}
      />,
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner a' }));
    expect(onSelectionChange).toHaveBeenCalledWith(new Set(['a']));
    rerender(
      <Table caption="T" columns={columns} rows={[{ id: 'a' }]} getRowId={(row) => row.id} />,
    );
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('keeps sortable headers as plain text when nobody handles the sort', () => {
    render(<examples.Wide />);
    expect(screen.getByRole('columnheader', { name: 'Ville' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ville' })).toBeNull();
  });

  it('shows « Aucun résultat » across all columns when there is no row', () => {
    render(<examples.Empty />);
    const cell = screen.getByRole('cell', { name: 'Aucun résultat' });
    expect(cell).toHaveAttribute('colspan', '5');
    expect(screen.getByRole('heading', { name: 'Personne n’est encore suivi' })).toBeVisible();
  });

  it('is busy while loading: a message in the body at first, a visible status over rows after', () => {
    render(<examples.Loading />);
    const [first, reload] = screen.getAllByRole('table');
    expect(first).toHaveAttribute('aria-busy', 'true');
    expect(within(first!).getByRole('cell')).toHaveTextContent('Chargement…');
    expect(reload).toHaveAttribute('aria-busy', 'true');
    expect(within(reload!).getAllByRole('rowheader')).toHaveLength(2);
    const statuses = screen.getAllByRole('status');
    expect(statuses.every((status) => status.textContent?.includes('Chargement…'))).toBe(true);
  });

  it('uses the label of a column whose header is not text in its sort announcement', async () => {
    const onSortChange = vi.fn();
    const columns: TableColumn<{ id: string }>[] = [
      {
        key: 'id',
        header: <abbr title="Identifiant">Id</abbr>,
        label: 'Identifiant',
        sortable: true,
        cell: (r) => r.id,
      },
    ];
    const { rerender } = render(
      <Table
        caption="T"
        columns={columns}
        rows={[{ id: 'a' }]}
        getRowId={(row) => row.id}
        onSortChange={onSortChange}
      />,
    );
    await userEvent.click(screen.getByRole('button'));
    expect(onSortChange).toHaveBeenCalledWith({ column: 'id', direction: 'ascending' });
    rerender(
      <Table
        caption="T"
        columns={columns}
        rows={[{ id: 'a' }]}
        getRowId={(row) => row.id}
        sort={{ column: 'id', direction: 'descending' }}
        onSortChange={onSortChange}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Trié par Identifiant, ordre décroissant');
    await userEvent.click(screen.getByRole('button'));
    expect(onSortChange).toHaveBeenLastCalledWith({ column: 'id', direction: 'ascending' });
  });

  it('can hide its caption on screen and keep it as the name', () => {
    render(<Table caption="Caché" captionHidden columns={[]} rows={[]} getRowId={() => ''} />);
    expect(screen.getByRole('table', { name: 'Caché' })).toBeInTheDocument();
    expect(screen.getByText('Caché')).toHaveClass('ma-visually-hidden');
  });
});
