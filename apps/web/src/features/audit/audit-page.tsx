import './audit.css';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DateField,
  Dialog,
  EmptyState,
  ErrorSummary,
  Form,
  Grid,
  Pagination,
  ProgressBar,
  RadioGroup,
  Select,
  Stack,
  Table,
  TextField,
  useToast,
  type TableColumn,
} from '@monassurance/ui';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDateTime, formatNumber } from '../../shared/lib/format.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { RestrictedAccess } from '../../shared/ui/restricted-access.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  useActorNames,
  useAuditEvents,
  useExportAudit,
  useVerifyAudit,
  type AuditEvent,
} from './api/audit.ts';
import {
  ACTION_GROUPS,
  actionLabel,
  activeFilterCount,
  changeRows,
  CURSOR_PARAM,
  FILTER_NAMES,
  filtersFromParams,
  paramsFromFilters,
  TARGET_TYPES,
  targetTypeLabel,
  toApiFilters,
  validateFilters,
  verifyProblemText,
  ordinal,
  type AuditApiFilters,
  type AuditFilters,
} from './audit-filters.ts';

const TITLE = 'Journal d’audit';
const DESCRIPTION =
  'Qui a fait quoi, quand et d’où dans le cabinet. Les événements ne peuvent être ni modifiés ni supprimés.';

/** Seconds matter in an audit trail: « 24/11/2026 14:05:09 », Paris time. */
const DATE_TIME_SECONDS = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'medium',
  timeZone: 'Europe/Paris',
});

function shortId(id: string): string {
  return id.slice(0, 8);
}

type ActorNames = ReadonlyMap<string, string>;

function actorText(event: AuditEvent, names: ActorNames): string {
  if (event.actorId === null) return 'Système';
  return names.get(event.actorId) ?? `Utilisateur ${shortId(event.actorId)}`;
}

// ——— Integrity of the chain ———

function VerifyPanel() {
  const verify = useVerifyAudit();
  const result = verify.data;
  return (
    <Card as="section" title="Intégrité du journal">
      <Stack gap={4}>
        <p className="audit-muted">
          Chaque événement est lié au précédent par une empreinte : toute modification ou
          suppression dans la base se voit à la vérification.
        </p>
        <div>
          <Button
            variant="secondary"
            loading={verify.isPending}
            loadingLabel="Vérification en cours"
            onClick={() => verify.mutate()}
          >
            Vérifier l’intégrité
          </Button>
        </div>
        {verify.isPending && <ProgressBar label="Vérification de la chaîne en cours" />}
        {verify.isError && <ProblemAlert error={verify.error} />}
        {result !== undefined && !verify.isPending && result.valid && (
          <Alert tone="success" title="Chaîne intègre" live>
            Chaîne intègre — {formatNumber(result.checked)}{' '}
            {result.checked > 1 ? 'événements vérifiés' : 'événement vérifié'}.
          </Alert>
        )}
        {result !== undefined && !verify.isPending && !result.valid && (
          <Alert tone="error" title="Chaîne altérée" live>
            <p>
              La vérification s’est arrêtée sur une anomalie, au {ordinal(result.checked)} événement
              examiné : le journal a été modifié en dehors de l’application.
            </p>
            <p>
              {verifyProblemText(result.problem)}
              {result.firstInvalidId !== undefined && (
                <>
                  {' '}
                  Premier événement en cause :{' '}
                  <code className="audit-code">{result.firstInvalidId}</code>.
                </>
              )}
            </p>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

// ——— CSV export ———

function ExportPanel({ filters, filterCount }: { filters: AuditApiFilters; filterCount: number }) {
  const exporter = useExportAudit();
  const toast = useToast();
  const [delimiter, setDelimiter] = useState<';' | ','>(';');
  const [bom, setBom] = useState(true);
  return (
    <Card as="section" title="Exporter">
      <Stack gap={4}>
        <p className="audit-muted">
          {filterCount === 0
            ? 'L’export contient tout le journal du cabinet.'
            : `L’export reprend ${filterCount > 1 ? `les ${filterCount} filtres appliqués` : 'le filtre appliqué'}.`}
        </p>
        <RadioGroup
          legend="Séparateur de colonnes"
          name="delimiter"
          orientation="horizontal"
          value={delimiter}
          onChange={(value) => setDelimiter(value === ',' ? ',' : ';')}
          options={[
            { value: ';', label: 'Point-virgule (Excel en français)' },
            { value: ',', label: 'Virgule' },
          ]}
        />
        <Checkbox
          label="Ajouter l’en-tête UTF-8 (BOM)"
          description="Pour qu’Excel affiche correctement les accents."
          checked={bom}
          onChange={(event) => setBom(event.target.checked)}
        />
        {exporter.isError && <ProblemAlert error={exporter.error} />}
        <div>
          <Button
            variant="secondary"
            loading={exporter.isPending}
            loadingLabel="Export en cours"
            onClick={() =>
              exporter.mutate(
                { filters, delimiter, bom },
                {
                  onSuccess: () =>
                    toast.show({
                      tone: 'success',
                      title: 'Export téléchargé',
                      description: 'Le fichier CSV est dans vos téléchargements.',
                    }),
                },
              )
            }
          >
            Exporter en CSV
          </Button>
        </div>
      </Stack>
    </Card>
  );
}

// ——— Filters ———

function FiltersForm({
  filters,
  actors,
  onApply,
  onClear,
  onErrorsChange,
}: {
  filters: AuditFilters;
  /** The users to choose an author from (administrators); otherwise a text field. */
  actors: readonly { id: string; fullName: string }[] | undefined;
  onApply: (filters: AuditFilters) => void;
  onClear: () => void;
  /** Whether the form shows errors (the document title says so). */
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const [errors, setErrors] = useState<Partial<Record<keyof AuditFilters, string>>>({});
  // The form starts over when the address changes (back button): so do the title's errors.
  useEffect(() => () => onErrorsChange(false), [onErrorsChange]);
  const show = (found: Partial<Record<keyof AuditFilters, string>>) => {
    setErrors(found);
    onErrorsChange(Object.keys(found).length > 0);
  };
  const submit = (data: FormData) => {
    const next = Object.fromEntries(FILTER_NAMES.map((name) => [name, textOf(data, name)])) as {
      [K in keyof AuditFilters]: string;
    };
    const found = validateFilters(next);
    show(found);
    if (Object.keys(found).length === 0) onApply(next);
  };
  const knownActor = actors?.some((actor) => actor.id === filters.actorId) ?? false;

  return (
    <Card as="section" title="Filtrer le journal">
      <Form aria-label="Filtrer le journal" role="search" onSubmit={submit}>
        <Stack gap={4}>
          <ErrorSummary errors={summaryOf(errors, FILTER_NAMES, 'audit')} />
          <Grid columns={3} gap={4}>
            <Select
              id="audit-action"
              name="action"
              label="Action"
              placeholder="Toutes les actions"
              defaultValue={filters.action}
            >
              {ACTION_GROUPS.map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {Object.entries(group.actions).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </optgroup>
              ))}
              {filters.action !== '' && actionLabel(filters.action) === filters.action && (
                <option value={filters.action}>{filters.action}</option>
              )}
            </Select>
            {actors === undefined ? (
              <TextField
                id="audit-actorId"
                name="actorId"
                label="Identifiant de l’auteur"
                description="L’identifiant complet de l’utilisateur."
                defaultValue={filters.actorId}
                autoComplete="off"
                spellCheck={false}
                error={errors.actorId}
              />
            ) : (
              <Select
                id="audit-actorId"
                name="actorId"
                label="Auteur"
                placeholder="Tous les auteurs"
                defaultValue={filters.actorId}
                error={errors.actorId}
                options={[
                  ...actors.map((actor) => ({ value: actor.id, label: actor.fullName })),
                  ...(filters.actorId !== '' && !knownActor
                    ? [{ value: filters.actorId, label: `Utilisateur ${shortId(filters.actorId)}` }]
                    : []),
                ]}
              />
            )}
            <Select
              id="audit-targetType"
              name="targetType"
              label="Type de cible"
              placeholder="Tous les types"
              defaultValue={filters.targetType}
              options={Object.entries(TARGET_TYPES).map(([value, label]) => ({ value, label }))}
            />
            <TextField
              id="audit-targetId"
              name="targetId"
              label="Identifiant de la cible"
              defaultValue={filters.targetId}
              autoComplete="off"
              spellCheck={false}
            />
            <DateField
              id="audit-from"
              name="from"
              label="Du"
              defaultValue={filters.from}
              error={errors.from}
            />
            <DateField
              id="audit-to"
              name="to"
              label="Au (inclus)"
              defaultValue={filters.to}
              error={errors.to}
            />
          </Grid>
          <TextField
            id="audit-q"
            name="q"
            type="search"
            label="Recherche"
            description="Une partie de l’action, de l’identifiant de la cible ou de l’adresse IP."
            defaultValue={filters.q}
            width="long"
          />
          <Stack direction="row" gap={3} wrap>
            <Button type="submit">Filtrer</Button>
            <Button
              variant="secondary"
              onClick={() => {
                show({});
                onClear();
              }}
            >
              Effacer les filtres
            </Button>
          </Stack>
        </Stack>
      </Form>
    </Card>
  );
}

// ——— One event ———

function EventDialog({
  event,
  names,
  onClose,
  onFilterActor,
}: {
  event: AuditEvent;
  names: ActorNames;
  onClose: () => void;
  onFilterActor: (actorId: string) => void;
}) {
  const rows = changeRows(event.changes);
  const diffs = rows.filter((row) => row.kind === 'diff');
  const values = rows.filter((row) => row.kind === 'value');
  return (
    <Dialog
      title={`${actionLabel(event.action)} — événement n° ${event.seq}`}
      isOpen
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      size="lg"
      actions={(close) => (
        <Button variant="secondary" onClick={close}>
          Fermer
        </Button>
      )}
    >
      <Stack gap={5}>
        <DetailsList
          items={[
            ['Date', DATE_TIME_SECONDS.format(new Date(event.occurredAt))],
            ['Action', <code key="action">{event.action}</code>],
            [
              'Auteur',
              event.actorId === null ? (
                'Système'
              ) : (
                <Stack key="actor" gap={1}>
                  <span>{actorText(event, names)}</span>
                  <code className="audit-code">{event.actorId}</code>
                  <span>
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => onFilterActor(event.actorId ?? '')}
                    >
                      Voir les actions de cet auteur
                    </Button>
                  </span>
                </Stack>
              ),
            ],
            [
              'Cible',
              event.targetType === null
                ? undefined
                : `${targetTypeLabel(event.targetType)}${event.targetId === null ? '' : ` ${event.targetId}`}`,
            ],
            ['Adresse IP', event.actorIp],
            ['Navigateur', event.userAgent],
            ['Identifiant de requête', event.requestId],
            ['Identifiant de trace', event.traceId],
            [
              'Empreinte',
              event.hash === null ? undefined : (
                <code key="hash" className="audit-code">
                  {event.hash}
                </code>
              ),
            ],
          ]}
        />
        {rows.length === 0 ? (
          <p>Aucune modification enregistrée pour cet événement.</p>
        ) : (
          <Stack gap={4}>
            {diffs.length > 0 && (
              <Table
                caption="Modifications (avant, après)"
                columns={[
                  {
                    key: 'field',
                    header: 'Champ',
                    rowHeader: true,
                    cell: (row) => <code>{row.field}</code>,
                  },
                  {
                    key: 'before',
                    header: 'Avant',
                    cell: (row) => (row.kind === 'diff' ? row.before : ''),
                  },
                  {
                    key: 'after',
                    header: 'Après',
                    cell: (row) => (row.kind === 'diff' ? row.after : ''),
                  },
                ]}
                rows={diffs}
                getRowId={(row) => row.field}
              />
            )}
            {values.length > 0 && (
              <Table
                caption="Données enregistrées"
                columns={[
                  {
                    key: 'field',
                    header: 'Champ',
                    rowHeader: true,
                    cell: (row) => <code>{row.field}</code>,
                  },
                  {
                    key: 'value',
                    header: 'Valeur',
                    cell: (row) => (row.kind === 'value' ? row.value : ''),
                  },
                ]}
                rows={values}
                getRowId={(row) => row.field}
              />
            )}
          </Stack>
        )}
      </Stack>
    </Dialog>
  );
}

// ——— The page ———

function AuditLog() {
  const [params, setParams] = useSearchParams();
  const isAdmin = useHasRole('admin');
  const actorNames = useActorNames(isAdmin);
  const filters = filtersFromParams(params);
  const filterKey = paramsFromFilters(filters).toString();
  const apiFilters = useMemo(
    () => toApiFilters(filtersFromParams(new URLSearchParams(filterKey))),
    [filterKey],
  );
  const cursors = params.getAll(CURSOR_PARAM);
  const cursor = cursors.at(-1);
  const events = useAuditEvents(apiFilters, cursor);
  const [opened, setOpened] = useState<AuditEvent | null>(null);
  const [filterErrors, setFilterErrors] = useState(false);

  const names: ActorNames = useMemo(
    () => new Map((actorNames.data ?? []).map((user) => [user.id, user.fullName])),
    [actorNames.data],
  );

  const apply = (next: AuditFilters) => setParams(paramsFromFilters(next));
  const goToCursors = (next: string[]) => {
    const nextParams = paramsFromFilters(filters);
    for (const value of next) nextParams.append(CURSOR_PARAM, value);
    setParams(nextParams);
  };

  const columns: TableColumn<AuditEvent>[] = [
    {
      key: 'date',
      header: 'Date',
      rowHeader: true,
      cell: (event) => formatDateTime(event.occurredAt),
    },
    { key: 'actor', header: 'Auteur', cell: (event) => actorText(event, names) },
    {
      key: 'action',
      header: 'Action',
      cell: (event) => (
        <span className="audit-action">
          <span>{actionLabel(event.action)}</span>
          {actionLabel(event.action) !== event.action && (
            <code className="audit-code">{event.action}</code>
          )}
        </span>
      ),
    },
    {
      key: 'target',
      header: 'Cible',
      cell: (event) =>
        event.targetType === null ? (
          '—'
        ) : (
          <span className="audit-action">
            <span>{targetTypeLabel(event.targetType)}</span>
            {event.targetId !== null && <code className="audit-code">{event.targetId}</code>}
          </span>
        ),
    },
    { key: 'ip', header: 'Adresse IP', cell: (event) => event.actorIp ?? '—' },
    {
      key: 'trace',
      header: 'Trace',
      cell: (event) =>
        event.traceId === null ? '—' : <code className="audit-code">{shortId(event.traceId)}</code>,
    },
    {
      key: 'details',
      header: 'Détails',
      // aria-label, not VisuallyHidden: an absolutely placed span escapes the table's scroll
      // region and widens the page on a phone. The name starts with the visible word (WCAG 2.5.3).
      cell: (event) => (
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Détails de l’événement n° ${event.seq}`}
          onClick={() => setOpened(event)}
        >
          Détails
        </Button>
      ),
    },
  ];

  const filterCount = activeFilterCount(filters);
  const page = cursors.length + 1;
  const items = events.data?.items ?? [];

  return (
    <Screen title={TITLE} hasErrors={filterErrors} description={DESCRIPTION}>
      <Stack gap={6}>
        <Grid columns={2} gap={5}>
          <VerifyPanel />
          <ExportPanel filters={apiFilters} filterCount={filterCount} />
        </Grid>
        <FiltersForm
          // Started over when the address changes, and once the authors' names arrive (a select
          // only picks its default among the options it has when it first renders).
          key={`${filterKey}|${String(actorNames.isSuccess)}`}
          filters={filters}
          actors={isAdmin ? actorNames.data : undefined}
          onApply={apply}
          onClear={() => setParams(new URLSearchParams())}
          onErrorsChange={setFilterErrors}
        />
        <section aria-labelledby="audit-events-title" className="audit-events">
          <Stack gap={4}>
            <h2 id="audit-events-title" className="audit-events__title">
              Événements
            </h2>
            {events.isError && (
              <ProblemAlert
                error={events.error}
                action={
                  <Button variant="secondary" size="sm" onClick={() => void events.refetch()}>
                    Réessayer
                  </Button>
                }
              />
            )}
            <p role="status" className="audit-muted">
              {events.isPending
                ? 'Chargement du journal…'
                : `Page ${page} : ${items.length} ${items.length > 1 ? 'événements' : 'événement'}${filterCount > 0 ? ' correspondant aux filtres' : ''}.`}
            </p>
            <Table
              caption="Événements du journal"
              captionHidden
              columns={columns}
              rows={items}
              getRowId={(event) => event.id}
              loading={events.isFetching}
              loadingLabel="Chargement du journal…"
              empty={
                <EmptyState
                  title={filterCount > 0 ? 'Aucun événement ne correspond' : 'Aucun événement'}
                  headingLevel={3}
                  description={
                    filterCount > 0
                      ? 'Élargissez la période ou retirez des filtres.'
                      : 'Les connexions et les modifications apparaîtront ici.'
                  }
                  action={
                    filterCount > 0 ? (
                      <Button variant="secondary" onClick={() => setParams(new URLSearchParams())}>
                        Effacer les filtres
                      </Button>
                    ) : undefined
                  }
                />
              }
            />
            <Pagination
              label="Pages du journal"
              hasPrevious={cursors.length > 0}
              hasNext={events.data?.nextCursor != null}
              onPrevious={() => goToCursors(cursors.slice(0, -1))}
              onNext={() => {
                const next = events.data?.nextCursor;
                if (next != null) goToCursors([...cursors, next]);
              }}
              status={`Page ${page}`}
            />
          </Stack>
        </section>
        {opened !== null && (
          <EventDialog
            event={opened}
            names={names}
            onClose={() => setOpened(null)}
            onFilterActor={(actorId) => {
              setOpened(null);
              apply({ ...filters, actorId });
            }}
          />
        )}
        {!isAdmin && (
          <p className="audit-muted">
            Les auteurs sont désignés par le début de leur identifiant : seuls les administrateurs
            voient les noms des utilisateurs.
          </p>
        )}
      </Stack>
    </Screen>
  );
}

/** « Journal d’audit »: administrators and managers read, filter, export and verify the log. */
export function AuditPage() {
  const allowed = useHasRole('admin', 'manager');
  if (!allowed) {
    return <RestrictedAccess title={TITLE} audience="aux administrateurs et aux responsables" />;
  }
  return <AuditLog />;
}
