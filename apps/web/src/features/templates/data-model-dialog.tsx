import { Button, Dialog, Stack, Table, TextField, type TableColumn } from '@monassurance/ui';
import { useState } from 'react';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { useDataModel, type DataModel } from './api/templates.ts';

type Variable = DataModel['variables'][number];
type Filter = DataModel['filters'][number];

const VARIABLE_COLUMNS: TableColumn<Variable>[] = [
  {
    key: 'path',
    header: 'Variable',
    rowHeader: true,
    cell: (v) => <code className="tpl-code-inline">{v.path}</code>,
  },
  { key: 'type', header: 'Type', cell: (v) => v.type },
  { key: 'description', header: 'Description', cell: (v) => v.description },
];

const FILTER_COLUMNS: TableColumn<Filter>[] = [
  {
    key: 'name',
    header: 'Filtre',
    rowHeader: true,
    cell: (f) => <code className="tpl-code-inline">{f.name}</code>,
  },
  {
    key: 'example',
    header: 'Exemple',
    cell: (f) => <code className="tpl-code-inline">{f.example}</code>,
  },
  { key: 'description', header: 'Description', cell: (f) => f.description },
];

/** Case and accents ignored, as the other searches of the app. */
function normalized(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function DataModelTables({ model }: { model: DataModel }) {
  const [search, setSearch] = useState('');
  const words = normalized(search.trim());
  const variables =
    words === ''
      ? model.variables
      : model.variables.filter((v) => normalized(`${v.path} ${v.description}`).includes(words));
  return (
    <Stack gap={5}>
      <TextField
        type="search"
        label="Chercher une variable"
        description="Par exemple : échéance, client, prime."
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <p role="status" className="tpl-muted">
        {variables.length} variable{variables.length > 1 ? 's' : ''}
      </p>
      <Table
        caption="Variables du modèle de données"
        columns={VARIABLE_COLUMNS}
        rows={variables}
        getRowId={(v) => v.path}
        empty="Aucune variable ne correspond."
      />
      <Table
        caption="Filtres"
        columns={FILTER_COLUMNS}
        rows={model.filters}
        getRowId={(f) => f.name}
      />
    </Stack>
  );
}

/**
 * « Variables disponibles »: the data model and the filters, for reference while writing (opened
 * from the editor; loaded on first opening).
 */
export function DataModelDialog() {
  const [open, setOpen] = useState(false);
  const model = useDataModel(open);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Variables disponibles
      </Button>
      <Dialog
        title="Variables disponibles"
        isOpen={open}
        onOpenChange={setOpen}
        size="lg"
        actions={(close) => (
          <Button variant="secondary" onClick={close}>
            Fermer
          </Button>
        )}
      >
        <Stack gap={4}>
          <p>
            Écrivez une variable entre doubles accolades : <code>{'{{ policy.number }}'}</code>. Les
            listes (<code>premiums[]</code>) se parcourent avec{' '}
            <code>{'{% for premium in premiums %}'}</code>.
          </p>
          <QueryState query={model} label="Chargement des variables">
            {(data) => <DataModelTables model={data} />}
          </QueryState>
        </Stack>
      </Dialog>
    </>
  );
}
