import './dashboard.css';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Grid,
  Link,
  Stack,
  VisuallyHidden,
} from '@monassurance/ui';
import {
  formatDate,
  formatLongDate,
  formatMoney,
  formatNumber,
  todayInParis,
} from '../../shared/lib/format.ts';
import { PRODUCT_LINE_LABELS } from '../../shared/lib/portfolio-labels.ts';
import { useHasRole, useMe } from '../../shared/session/session.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  useActivePolicyCount,
  useDownloadDocument,
  useMonthPremiums,
  useRecentDocuments,
  useUpcomingRenewals,
} from './api/dashboard.ts';
import { countByMonth, describeMonthCounts, monthLabel, monthOf } from './dashboard-figures.ts';
import { MonthlyBarChart } from './monthly-bar-chart.tsx';

/** The échéances card counts this far ahead. */
const SOON_DAYS = 60;
const CHART_MONTHS = 12;
const RECENT_DOCUMENTS = 5;
const SOON_LISTED = 5;

function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** A big number and what it means, under the card's heading. */
function Figure({ value, detail }: { value: string; detail?: string }) {
  return (
    <div className="dashboard-figure">
      <p className="dashboard-figure__value">{value}</p>
      {detail !== undefined && <p className="dashboard-figure__detail">{detail}</p>}
    </div>
  );
}

function ActivePoliciesCard() {
  const policies = useActivePolicyCount();
  return (
    <Card
      as="section"
      title="Contrats actifs"
      footer={
        <Link href="/contrats" variant="standalone">
          Voir les contrats
        </Link>
      }
    >
      <QueryState query={policies} label="Chargement des contrats actifs">
        {(count) => (
          <Figure
            value={formatNumber(count)}
            detail={count === 0 ? 'Aucun contrat en cours pour le moment.' : 'En cours.'}
          />
        )}
      </QueryState>
    </Card>
  );
}

function MonthPremiumsCard({ today }: { today: string }) {
  const month = monthOf(today);
  const premiums = useMonthPremiums(month);
  return (
    <Card as="section" title="Primes du mois">
      <QueryState query={premiums} label="Calcul des primes du mois">
        {({ totalCents, count, paidCount, unpaidCount }) => {
          const detail =
            count === 0
              ? `Aucune quittance en ${monthLabel(month)}.`
              : `${plural(count, 'quittance', 'quittances')} en ${monthLabel(month)}, TTC` +
                (paidCount > 0 || unpaidCount > 0
                  ? ` (${plural(paidCount, 'payée', 'payées')}, ${plural(unpaidCount, 'impayée', 'impayées')}).`
                  : '.');
          return <Figure value={formatMoney(totalCents / 100)} detail={detail} />;
        }}
      </QueryState>
    </Card>
  );
}

type RenewalsQuery = ReturnType<typeof useUpcomingRenewals>;
type Renewal = NonNullable<RenewalsQuery['data']>[number];

function SoonRenewalsCard({ renewals }: { renewals: RenewalsQuery }) {
  return (
    <Card
      as="section"
      title={`Échéances à ${SOON_DAYS} jours`}
      footer={
        <Link href="/echeances" variant="standalone">
          Voir les échéances
        </Link>
      }
    >
      <QueryState query={renewals} label="Chargement des échéances">
        {(items) => {
          const soon = items.filter((renewal) => renewal.daysUntilRenewal <= SOON_DAYS);
          const chatel = soon.filter((renewal) => renewal.chatelApplies).length;
          return (
            <Figure
              value={String(soon.length)}
              detail={
                soon.length === 0
                  ? `Aucun contrat n’arrive à échéance dans les ${SOON_DAYS} jours.`
                  : `Contrats à renouveler d’ici ${SOON_DAYS} jours, dont ${chatel} soumis à la loi Chatel.`
              }
            />
          );
        }}
      </QueryState>
    </Card>
  );
}

function RenewalsChart({ renewals, today }: { renewals: readonly Renewal[]; today: string }) {
  const buckets = countByMonth(
    renewals.map((renewal) => renewal.renewalDate),
    today,
    CHART_MONTHS,
  );
  const summary = describeMonthCounts(buckets, ['échéance', 'échéances']);
  if (buckets.every((bucket) => bucket.count === 0)) return <p>{summary}</p>;
  return (
    <MonthlyBarChart
      buckets={buckets}
      summary={`Graphique en barres : ${summary}`}
      caption="Échéances par mois"
    />
  );
}

function RenewalsChartCard({ renewals, today }: { renewals: RenewalsQuery; today: string }) {
  return (
    <Card as="section" title="Échéances par mois">
      <Stack gap={3}>
        <p className="dashboard-muted">
          Contrats actifs arrivant à leur échéance principale, sur les {CHART_MONTHS} prochains
          mois.
        </p>
        <QueryState query={renewals} label="Chargement des échéances">
          {(items) => <RenewalsChart renewals={items} today={today} />}
        </QueryState>
      </Stack>
    </Card>
  );
}

function NextRenewalsList({ renewals }: { renewals: readonly Renewal[] }) {
  const next = renewals
    .filter((renewal) => renewal.daysUntilRenewal <= SOON_DAYS)
    .slice(0, SOON_LISTED);
  return next.length === 0 ? (
    <EmptyState
      title="Rien à préparer"
      headingLevel={3}
      icon={null}
      description={`Aucune échéance dans les ${SOON_DAYS} prochains jours.`}
    />
  ) : (
    <ul className="dashboard-list">
      {next.map((renewal) => (
        <li key={renewal.policyId} className="dashboard-list__item">
          <Link href={`/contrats/${renewal.policyId}`}>Contrat {renewal.policyNumber}</Link>
          <span className="dashboard-muted">
            {renewal.clientDisplayName} · {PRODUCT_LINE_LABELS[renewal.productLine]} · le{' '}
            {formatDate(renewal.renewalDate)}
          </span>
          {renewal.chatelApplies && <Badge tone="info">Loi Chatel</Badge>}
        </li>
      ))}
    </ul>
  );
}

function NextRenewalsCard({ renewals }: { renewals: RenewalsQuery }) {
  return (
    <Card as="section" title="Prochaines échéances">
      <QueryState query={renewals} label="Chargement des échéances">
        {(items) => <NextRenewalsList renewals={items} />}
      </QueryState>
    </Card>
  );
}

function RecentDocumentsCard() {
  const documents = useRecentDocuments(RECENT_DOCUMENTS);
  const download = useDownloadDocument();
  return (
    <Card
      as="section"
      title="Documents récents"
      footer={
        <Link href="/documents" variant="standalone">
          Tous les documents
        </Link>
      }
    >
      <Stack gap={3}>
        {download.isError && <ProblemAlert error={download.error} />}
        <QueryState query={documents} label="Chargement des documents récents">
          {(items) =>
            items.length === 0 ? (
              <EmptyState
                title="Aucun document"
                headingLevel={3}
                icon={null}
                description="Les attestations, avis d’échéance et bordereaux générés apparaîtront ici."
              />
            ) : (
              <ul className="dashboard-list">
                {items.map((document) => (
                  <li key={document.id} className="dashboard-list__item">
                    <span className="dashboard-list__name">{document.fileName}</span>
                    <span className="dashboard-muted">
                      {document.format.toUpperCase()} · le {formatDate(document.createdAt)}
                    </span>
                    <span className="dashboard-list__actions">
                      {document.policyId !== null ? (
                        <Link href={`/contrats/${document.policyId}`}>
                          Contrat<VisuallyHidden> du document {document.fileName}</VisuallyHidden>
                        </Link>
                      ) : document.clientId !== null ? (
                        <Link href={`/clients/${document.clientId}`}>
                          Client<VisuallyHidden> du document {document.fileName}</VisuallyHidden>
                        </Link>
                      ) : null}
                      <Button
                        variant="secondary"
                        size="sm"
                        loading={download.isPending && download.variables.id === document.id}
                        loadingLabel="Téléchargement"
                        onClick={() => download.mutate(document)}
                      >
                        Télécharger<VisuallyHidden> {document.fileName}</VisuallyHidden>
                      </Button>
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  );
}

/** Shown above the cards while the cabinet has no policy and no document yet. */
function Welcome() {
  const canSetUp = useHasRole('admin', 'manager');
  const isBroker = useHasRole('broker');
  return (
    <EmptyState
      title="Votre portefeuille est vide"
      headingLevel={2}
      icon={null}
      description={
        canSetUp
          ? 'Enregistrez d’abord vos compagnies, puis vos clients et leurs contrats : les chiffres clés du cabinet apparaîtront ici.'
          : isBroker
            ? 'Aucun contrat ne vous est encore confié : vos chiffres clés apparaîtront ici dès que vous suivrez des clients.'
            : 'Les chiffres clés apparaîtront ici dès que des contrats seront enregistrés.'
      }
      action={
        <Stack direction="row" gap={4} wrap>
          {canSetUp && (
            <Link href="/compagnies" variant="standalone">
              Compagnies
            </Link>
          )}
          <Link href="/clients" variant="standalone">
            Clients
          </Link>
        </Stack>
      }
    />
  );
}

/** « Tableau de bord »: the cabinet's key figures today, for every role (within their scope). */
export function DashboardPage() {
  const { organization } = useMe();
  const today = todayInParis();
  const renewals = useUpcomingRenewals();
  const policies = useActivePolicyCount();
  const documents = useRecentDocuments(RECENT_DOCUMENTS);
  const newCabinet =
    policies.data === 0 && documents.data?.length === 0 && renewals.data?.length === 0;

  return (
    <Screen
      title="Tableau de bord"
      description={`${organization.name} — au ${formatLongDate(today)}`}
    >
      <Stack gap={6}>
        {newCabinet && <Welcome />}
        <Grid columns={3} gap={5}>
          <ActivePoliciesCard />
          <MonthPremiumsCard today={today} />
          <SoonRenewalsCard renewals={renewals} />
        </Grid>
        <RenewalsChartCard renewals={renewals} today={today} />
        <Grid columns={2} gap={5}>
          <NextRenewalsCard renewals={renewals} />
          <RecentDocumentsCard />
        </Grid>
      </Stack>
    </Screen>
  );
}
