import { Badge, Breadcrumbs, Card, DocumentIcon, EditIcon, Link, Stack } from '@monassurance/ui';
import { useParams } from 'react-router';
import { formatRate } from '../../shared/lib/amount-input.ts';
import { addDays, formatDate, formatMoney } from '../../shared/lib/format.ts';
import {
  PAYMENT_FREQUENCY_LABELS,
  POLICY_STATUS,
  PRODUCT_LINE_LABELS,
} from '../../shared/lib/portfolio-labels.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useClient, useCompany, usePolicy, type Policy } from './api/policies.ts';
import { HistoryCard } from './history-card.tsx';
import { LifecycleCard } from './lifecycle-card.tsx';
import { PremiumsCard } from './premiums-card.tsx';
import './policies.css';

/** The insured object's known keys in words; unknown keys (imports) keep their own name. */
const INSURED_LABELS: Record<string, string> = {
  registration: 'Immatriculation',
  surfaceM2: 'Surface habitable (m²)',
  description: 'Description',
};

function insuredItems(policy: Policy): [string, string][] {
  return Object.entries(policy.insuredObject ?? {}).map(([key, value]) => [
    INSURED_LABELS[key] ?? key,
    typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value),
  ]);
}

function TermsCard({
  policy,
  clientName,
  companyName,
}: {
  policy: Policy;
  clientName: string | undefined;
  companyName: string | undefined;
}) {
  return (
    <Card title="Conditions" headingLevel={2}>
      <DetailsList
        items={[
          ['Numéro', policy.number],
          [
            'Client',
            <Link key="client" href={`/clients/${policy.clientId}`}>
              {clientName ?? 'Fiche du client'}
            </Link>,
          ],
          [
            'Compagnie',
            <Link key="company" href={`/compagnies/${policy.companyId}`}>
              {companyName ?? 'Fiche de la compagnie'}
            </Link>,
          ],
          ['Branche', PRODUCT_LINE_LABELS[policy.productLine]],
          ['Date d’effet', formatDate(policy.effectiveDate)],
          [
            'Période en cours',
            `du ${formatDate(policy.termStart)} au ${formatDate(addDays(policy.renewalDate, -1))}`,
          ],
          ['Échéance principale', formatDate(policy.renewalDate)],
          ['Tacite reconduction', policy.tacitRenewal ? 'Oui' : 'Non'],
          ['Fractionnement', PAYMENT_FREQUENCY_LABELS[policy.paymentFrequency]],
          ['Prime annuelle HT', formatMoney(policy.annualPremiumCents / 100)],
          ['Taux de taxe', formatRate(policy.taxRateBps)],
          ['Taux de commission', formatRate(policy.commissionRateBps)],
          ...insuredItems(policy),
          [
            'Notes',
            policy.notes === null ? null : <span className="policies-notes">{policy.notes}</span>,
          ],
        ]}
      />
    </Card>
  );
}

/** One policy: status and lifecycle, terms, premium schedule, history. */
export function PolicyPage() {
  const { id = '' } = useParams();
  const policy = usePolicy(id);
  const client = useClient(policy.data?.clientId);
  const company = useCompany(policy.data?.companyId);
  // The same roles may change a policy and generate its documents (viewers only read).
  const canWrite = useHasRole('admin', 'manager', 'broker');
  const data = policy.data;
  const title = data !== undefined ? `Contrat ${data.number}` : 'Contrat';

  return (
    <Screen
      title={title}
      description={
        data !== undefined ? (
          <span className="policies-subtitle">
            <Badge tone={POLICY_STATUS[data.status].tone}>{POLICY_STATUS[data.status].label}</Badge>
            <span>
              {PRODUCT_LINE_LABELS[data.productLine]}
              {client.data !== undefined && ` · ${client.data.displayName}`}
              {company.data !== undefined && ` · ${company.data.name}`}
            </span>
          </span>
        ) : undefined
      }
      breadcrumbs={
        <Breadcrumbs
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Contrats', href: '/contrats' },
            { label: title },
          ]}
        />
      }
      actions={
        data !== undefined && canWrite ? (
          <>
            <ActionLink href={`/contrats/${id}/modifier`} variant="secondary" icon={<EditIcon />}>
              Modifier
            </ActionLink>
            <ActionLink
              href={`/documents/nouveau?policy=${id}`}
              variant="secondary"
              icon={<DocumentIcon />}
            >
              Générer un document
            </ActionLink>
          </>
        ) : undefined
      }
    >
      <QueryState query={policy} label="Chargement du contrat">
        {(loaded) => (
          <Stack gap={5}>
            <div className="policies-columns">
              <LifecycleCard policy={loaded} canWrite={canWrite} />
              <TermsCard
                policy={loaded}
                clientName={client.data?.displayName}
                companyName={company.data?.name}
              />
            </div>
            <PremiumsCard policy={loaded} canWrite={canWrite} />
            <HistoryCard policyId={loaded.id} />
          </Stack>
        )}
      </QueryState>
    </Screen>
  );
}
