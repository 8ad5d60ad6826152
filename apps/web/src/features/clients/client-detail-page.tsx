import {
  Alert,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Dialog,
  EditIcon,
  EmptyState,
  focusPageTitle,
  Link,
  Pagination,
  PlusIcon,
  Stack,
  Table,
  Tabs,
  useToast,
  type TableColumn,
} from '@monassurance/ui';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatLongDate,
  formatMoney,
} from '../../shared/lib/format.ts';
import { useHasRole, useMe } from '../../shared/session/session.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  PAGE_SIZE,
  useAnonymizeClient,
  useCabinetUsers,
  clientTitle,
  useClient,
  useClientDocuments,
  useClientHistory,
  useClientPolicies,
  useCompanyNames,
  useExportClient,
} from './api/clients.ts';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import {
  AUDIT_ACTION_LABELS,
  countryLabel,
  FIELD_LABELS,
  formatPhone,
  KIND_LABELS,
  POLICY_STATUS,
  PRODUCT_LINE_LABELS,
  type Client,
  type ClientDocument,
  type Policy,
} from './client-labels.ts';
import { saveBlob } from '../../shared/lib/save-blob.ts';
import { rangeStatus, useCursorPages } from './use-cursor-pages.ts';
import './clients.css';

/** A member of the cabinet by name when the user may list users (admin), else as well as we can. */
function useUserName() {
  const isAdmin = useHasRole('admin');
  const { user } = useMe();
  const users = useCabinetUsers(isAdmin);
  return (id: string | null, none: string): string => {
    if (id === null) return none;
    if (id === user.id) return `${user.fullName} (vous)`;
    return users.data?.find((u) => u.id === id)?.fullName ?? 'Un autre membre du cabinet';
  };
}

function AddressText({ address }: { address: NonNullable<Client['address']> }) {
  const lines = [
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`,
    address.country === 'FR' ? undefined : countryLabel(address.country),
  ].filter(Boolean);
  return <span className="clients-address">{lines.join('\n')}</span>;
}

/** Calls `run` when it leaves the page: a dialog's content unmounts once its exit is over. */
function OnUnmount({ run }: { run: () => void }) {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => () => latest.current(), []);
  return null;
}

function GdprCard({ client }: { client: Client }) {
  const canOfficiate = useHasRole('admin', 'manager');
  const exporting = useExportClient(client.id);
  const anonymize = useAnonymizeClient(client.id);
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  // After an anonymization the « Anonymiser » button that opened the dialog is gone, so the
  // dialog cannot give the focus back to it: the page's title takes it instead.
  const focusTitleOnClose = useRef(false);

  const download = () =>
    exporting.mutate(undefined, {
      onSuccess: (blob) => {
        saveBlob(blob, `client-${client.id}.json`);
        toast.show({
          tone: 'success',
          title: 'Export téléchargé',
          description: 'Le fichier JSON contient tout ce que le cabinet détient sur ce client.',
        });
      },
    });

  return (
    <Card title="Données personnelles (RGPD)" headingLevel={2}>
      <Stack gap={4}>
        <DetailsList
          items={[
            [
              'Consentement',
              client.gdprConsentAt === null
                ? 'Non recueilli'
                : `Recueilli le ${formatLongDate(client.gdprConsentAt)}`,
            ],
            [
              'Conserver jusqu’au',
              client.retentionUntil === null ? null : formatLongDate(client.retentionUntil),
            ],
            [
              'Anonymisé le',
              client.anonymizedAt === null ? 'Non' : formatLongDate(client.anonymizedAt),
            ],
          ]}
        />
        {canOfficiate && (
          <>
            {exporting.isError && <ProblemAlert error={exporting.error} />}
            <Stack direction="row" gap={3} wrap>
              <Button
                variant="secondary"
                onClick={download}
                loading={exporting.isPending}
                loadingLabel="Préparation de l’export"
              >
                Exporter les données (RGPD)
              </Button>
              {client.anonymizedAt === null && (
                <Button variant="danger" onClick={() => setConfirming(true)}>
                  Anonymiser
                </Button>
              )}
            </Stack>
            <Dialog
              title="Anonymiser ce client ?"
              role="alertdialog"
              isOpen={confirming}
              onOpenChange={(open) => {
                setConfirming(open);
                if (!open) anonymize.reset();
              }}
              actions={(close) => (
                <>
                  <Button variant="secondary" onClick={close} autoFocus>
                    Annuler
                  </Button>
                  <Button
                    variant="danger"
                    loading={anonymize.isPending}
                    loadingLabel="Anonymisation"
                    onClick={() =>
                      anonymize.mutate(undefined, {
                        onSuccess: () => {
                          focusTitleOnClose.current = true;
                          close();
                          toast.show({
                            tone: 'success',
                            title: 'Client anonymisé',
                            description:
                              'Son identité et ses coordonnées ont été effacées ; ses contrats sont conservés.',
                          });
                        },
                      })
                    }
                  >
                    Anonymiser définitivement
                  </Button>
                </>
              )}
            >
              <Stack gap={3}>
                <OnUnmount
                  run={() => {
                    if (focusTitleOnClose.current) focusPageTitle();
                    focusTitleOnClose.current = false;
                  }}
                />
                {anonymize.isError && <ProblemAlert error={anonymize.error} />}
                <p>
                  <strong>Cette action est irréversible.</strong> Le nom, le prénom, la date de
                  naissance, la raison sociale, le SIREN et le SIRET, l’adresse e-mail, le
                  téléphone, l’adresse postale, les notes et le consentement de{' '}
                  <strong>{client.displayName}</strong> seront effacés définitivement.
                </p>
                <p>
                  Ses contrats, quittances et montants sont conservés pendant la durée légale de
                  conservation, sans son identité.
                </p>
                <p>
                  Si le client a demandé une copie de ses données, exportez-les avant de
                  l’anonymiser.
                </p>
              </Stack>
            </Dialog>
          </>
        )}
      </Stack>
    </Card>
  );
}

function IdentityPanel({ client }: { client: Client }) {
  const userName = useUserName();
  const person = client.kind === 'person';
  return (
    <Stack gap={5}>
      <Card title="Identité" headingLevel={2}>
        <DetailsList
          items={
            person
              ? [
                  ['Type', KIND_LABELS.person],
                  ['Civilité', client.civility],
                  ['Prénom', client.firstName],
                  ['Nom', client.lastName],
                  ['Date de naissance', formatDate(client.birthDate)],
                ]
              : [
                  ['Type', KIND_LABELS.business],
                  ['Raison sociale', client.companyName],
                  ['Forme juridique', client.legalForm],
                  ['SIREN', client.siren],
                  ['SIRET', client.siret],
                ]
          }
        />
      </Card>
      <Card title="Coordonnées" headingLevel={2}>
        <DetailsList
          items={[
            [
              'Adresse e-mail',
              client.email === null ? null : (
                <Link href={`mailto:${client.email}`}>{client.email}</Link>
              ),
            ],
            [
              'Téléphone',
              client.phone === null ? null : (
                <Link href={`tel:${client.phone}`}>{formatPhone(client.phone)}</Link>
              ),
            ],
            [
              'Adresse',
              client.address === null ? null : (
                <AddressText key="address" address={client.address} />
              ),
            ],
          ]}
        />
      </Card>
      <Card title="Suivi" headingLevel={2}>
        <DetailsList
          items={[
            ['Chargé de clientèle', userName(client.assignedBrokerId, 'Aucun')],
            [
              'Notes',
              client.notes === null ? null : <span className="clients-notes">{client.notes}</span>,
            ],
            ['Fiche créée le', formatDateTime(client.createdAt)],
            ['Dernière modification', formatDateTime(client.updatedAt)],
          ]}
        />
      </Card>
      <GdprCard client={client} />
    </Stack>
  );
}

function PoliciesPanel({ client, canWrite }: { client: Client; canWrite: boolean }) {
  const pages = useCursorPages();
  const policies = useClientPolicies(client.id, pages.cursor);
  const companies = useCompanyNames();
  const columns: TableColumn<Policy>[] = [
    {
      key: 'number',
      header: 'Numéro',
      rowHeader: true,
      cell: (p) => (
        <Link href={`/contrats/${p.id}`} className="clients-nowrap">
          {p.number}
        </Link>
      ),
    },
    { key: 'company', header: 'Compagnie', cell: (p) => companies.data?.get(p.companyId) ?? '—' },
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
  return (
    <QueryState query={policies} label="Chargement des contrats">
      {(page) =>
        page.items.length === 0 && pages.index === 0 ? (
          <EmptyState
            title="Aucun contrat"
            description="Ce client n’a pas encore de contrat."
            action={
              canWrite && client.anonymizedAt === null ? (
                <Link href={`/contrats/nouveau?client=${client.id}`}>Nouveau contrat</Link>
              ) : undefined
            }
          />
        ) : (
          <Stack gap={4}>
            <Table
              caption={`Contrats de ${client.displayName}`}
              captionHidden
              columns={columns}
              rows={page.items}
              getRowId={(p) => p.id}
              loading={policies.isFetching}
            />
            {(pages.index > 0 || page.nextCursor !== null) && (
              <Pagination
                label="Pages des contrats"
                hasPrevious={pages.index > 0}
                hasNext={page.nextCursor !== null}
                onPrevious={pages.previous}
                onNext={() => page.nextCursor !== null && pages.next(page.nextCursor)}
                status={rangeStatus(pages.index, PAGE_SIZE, page.items.length, 'contrat')}
              />
            )}
          </Stack>
        )
      }
    </QueryState>
  );
}

const FORMAT_LABELS: Record<ClientDocument['format'], string> = {
  pdf: 'PDF',
  html: 'HTML',
  xlsx: 'Excel (XLSX)',
};

function DocumentsPanel({ client, canWrite }: { client: Client; canWrite: boolean }) {
  const pages = useCursorPages();
  const documents = useClientDocuments(client.id, pages.cursor);
  const columns: TableColumn<ClientDocument>[] = [
    {
      key: 'file',
      header: 'Fichier',
      rowHeader: true,
      cell: (d) => <Link href={`/documents/${d.id}`}>{d.fileName}</Link>,
    },
    { key: 'format', header: 'Format', cell: (d) => FORMAT_LABELS[d.format] },
    { key: 'size', header: 'Taille', align: 'end', cell: (d) => formatBytes(d.size) },
    { key: 'created', header: 'Créé le', cell: (d) => formatDateTime(d.createdAt) },
  ];
  return (
    <QueryState query={documents} label="Chargement des documents">
      {(page) =>
        page.items.length === 0 && pages.index === 0 ? (
          <EmptyState
            title="Aucun document"
            description="Aucun document n’a encore été généré pour ce client."
            action={
              canWrite ? (
                <Link href={`/documents/nouveau?client=${client.id}`}>Générer un document</Link>
              ) : undefined
            }
          />
        ) : (
          <Stack gap={4}>
            <Table
              caption={`Documents de ${client.displayName}`}
              captionHidden
              columns={columns}
              rows={page.items}
              getRowId={(d) => d.id}
              loading={documents.isFetching}
            />
            {(pages.index > 0 || page.nextCursor !== null) && (
              <Pagination
                label="Pages des documents"
                hasPrevious={pages.index > 0}
                hasNext={page.nextCursor !== null}
                onPrevious={pages.previous}
                onNext={() => page.nextCursor !== null && pages.next(page.nextCursor)}
                status={rangeStatus(pages.index, PAGE_SIZE, page.items.length, 'document')}
              />
            )}
          </Stack>
        )
      }
    </QueryState>
  );
}

type AuditEvent = NonNullable<ReturnType<typeof useClientHistory>['data']>['items'][number];

function changedFields(event: AuditEvent): ReactNode {
  if (event.action !== 'client.updated' || event.changes === null) return null;
  const names = Object.keys(event.changes).map((field) => FIELD_LABELS[field] ?? field);
  if (names.length === 0) return null;
  return `Champs modifiés : ${names.join(', ')}.`;
}

function HistoryPanel({ client }: { client: Client }) {
  const pages = useCursorPages();
  const history = useClientHistory(client.id, pages.cursor);
  const userName = useUserName();
  const columns: TableColumn<AuditEvent>[] = [
    {
      key: 'when',
      header: 'Date',
      rowHeader: true,
      cell: (e) => formatDateTime(e.occurredAt),
    },
    {
      key: 'action',
      header: 'Action',
      cell: (e) => AUDIT_ACTION_LABELS[e.action] ?? e.action,
    },
    { key: 'actor', header: 'Par', cell: (e) => userName(e.actorId, 'Le système') },
    { key: 'details', header: 'Détails', cell: (e) => changedFields(e) ?? '—' },
  ];
  return (
    <QueryState query={history} label="Chargement de l’historique">
      {(page) =>
        page.items.length === 0 && pages.index === 0 ? (
          <EmptyState
            title="Aucun événement"
            description="Aucune action n’est enregistrée pour ce client."
          />
        ) : (
          <Stack gap={4}>
            <Table
              caption={`Historique de ${client.displayName}`}
              captionHidden
              columns={columns}
              rows={page.items}
              getRowId={(e) => e.id}
              loading={history.isFetching}
            />
            {(pages.index > 0 || page.nextCursor !== null) && (
              <Pagination
                label="Pages de l’historique"
                hasPrevious={pages.index > 0}
                hasNext={page.nextCursor !== null}
                onPrevious={pages.previous}
                onNext={() => page.nextCursor !== null && pages.next(page.nextCursor)}
                status={rangeStatus(pages.index, PAGE_SIZE, page.items.length, 'événement')}
              />
            )}
          </Stack>
        )
      }
    </QueryState>
  );
}

const TABS = ['identite', 'contrats', 'documents', 'historique'] as const;

/** A client's page: identity, policies, documents and history (admin, manager), GDPR actions. */
export function ClientDetailPage() {
  const { id = '' } = useParams();
  const client = useClient(id);
  const [params, setParams] = useSearchParams();
  const canWrite = useHasRole('admin', 'manager', 'broker');
  const canAudit = useHasRole('admin', 'manager');

  const requested = params.get('onglet') ?? 'identite';
  const tab =
    TABS.includes(requested as (typeof TABS)[number]) && (requested !== 'historique' || canAudit)
      ? requested
      : 'identite';
  const name = clientTitle(client);
  const loaded = client.data;
  const active = loaded !== undefined && loaded.anonymizedAt === null;

  return (
    <Screen
      title={name}
      description={
        loaded === undefined ? undefined : (
          <span className="clients-name">
            {KIND_LABELS[loaded.kind]}
            {loaded.anonymizedAt !== null && <Badge>Anonymisé</Badge>}
          </span>
        )
      }
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Clients', href: '/clients' }, { label: name }]} />
      }
      actions={
        canWrite && active ? (
          <Stack direction="row" gap={3} wrap>
            <ActionLink href={`/clients/${id}/modifier`} icon={<EditIcon />}>
              Modifier
            </ActionLink>
            <ActionLink
              href={`/contrats/nouveau?client=${id}`}
              variant="secondary"
              icon={<PlusIcon />}
            >
              Nouveau contrat
            </ActionLink>
            <ActionLink href={`/documents/nouveau?client=${id}`} variant="secondary">
              Générer un document
            </ActionLink>
          </Stack>
        ) : undefined
      }
    >
      <QueryState query={client} label="Chargement de la fiche">
        {(c) => (
          <Stack gap={5}>
            {c.anonymizedAt !== null && (
              <Alert tone="info" title="Client anonymisé">
                Ses données personnelles ont été effacées le {formatLongDate(c.anonymizedAt)}. Ses
                contrats sont conservés pour la durée légale.
              </Alert>
            )}
            <Tabs
              label={`Fiche de ${c.displayName}`}
              selectedId={tab}
              onSelectionChange={(next) =>
                setParams(next === 'identite' ? {} : { onglet: next }, { replace: true })
              }
              tabs={[
                { id: 'identite', label: 'Identité', content: <IdentityPanel client={c} /> },
                {
                  id: 'contrats',
                  label: 'Contrats',
                  content: <PoliciesPanel client={c} canWrite={canWrite} />,
                },
                {
                  id: 'documents',
                  label: 'Documents',
                  content: <DocumentsPanel client={c} canWrite={canWrite} />,
                },
                ...(canAudit
                  ? [
                      {
                        id: 'historique',
                        label: 'Historique',
                        content: <HistoryPanel client={c} />,
                      },
                    ]
                  : []),
              ]}
            />
          </Stack>
        )}
      </QueryState>
    </Screen>
  );
}
