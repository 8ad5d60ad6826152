import {
  Badge,
  Breadcrumbs,
  Card,
  EditIcon,
  EmptyState,
  Link,
  PlusIcon,
  Stack,
  Table,
  type TableColumn,
} from '@monassurance/ui';
import type { components } from '@monassurance/api-client';
import { useParams } from 'react-router';
import { formatRate } from '../../shared/lib/amount-input.ts';
import { formatDate, formatMoney } from '../../shared/lib/format.ts';
import {
  POLICY_STATUS,
  PRODUCT_LINES,
  PRODUCT_LINE_LABELS,
} from '../../shared/lib/portfolio-labels.ts';
import { useCursorPages } from '../../shared/lib/use-cursor-pages.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ActionLink } from '../../shared/ui/action-link.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useClientNames, useCompany, useCompanyPolicies, type Company } from './api/companies.ts';
import { addressLines, formatPhone } from './company-format.ts';
import './companies.css';
import { CursorPagination } from '../../shared/ui/cursor-pagination.tsx';

type Policy = components['schemas']['Policy'];

function CompanyDetails({ company }: { company: Company }) {
  const lines = addressLines(company.address);
  return (
    <Card title="Coordonnées" headingLevel={2}>
      <DetailsList
        items={[
          ['Code', company.code],
          ['Code courtier', company.brokerCode],
          [
            'E-mail',
            company.contactEmail === null ? null : (
              <Link href={`mailto:${company.contactEmail}`}>{company.contactEmail}</Link>
            ),
          ],
          ['Téléphone', formatPhone(company.contactPhone)],
          [
            'Adresse',
            lines.length === 0 ? null : (
              <address className="companies-address">
                {lines.map((line) => (
                  <span key={line}>{line}</span>
                ))}
              </address>
            ),
          ],
        ]}
      />
    </Card>
  );
}

function CommissionRates({ company }: { company: Company }) {
  const rated = PRODUCT_LINES.filter((line) => company.commissionRates[line] !== undefined);
  return (
    <Card title="Commissions par défaut" headingLevel={2}>
      {rated.length === 0 ? (
        <p>Aucun taux par défaut : saisissez le taux de commission sur chaque contrat.</p>
      ) : (
        <DetailsList
          items={rated.map((line) => [
            PRODUCT_LINE_LABELS[line],
            formatRate(company.commissionRates[line]),
          ])}
        />
      )}
    </Card>
  );
}

function CompanyPolicies({ company }: { company: Company }) {
  const pages = useCursorPages();
  const policies = useCompanyPolicies({
    companyId: company.id,
    ...(pages.cursor !== undefined ? { cursor: pages.cursor } : {}),
  });
  const clientNames = useClientNames(policies.data?.items.map((p) => p.clientId) ?? []);
  const canCreate = useHasRole('admin', 'manager', 'broker');

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
        <Link href={`/clients/${p.clientId}`}>{clientNames.get(p.clientId) ?? 'Client'}</Link>
      ),
    },
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
    <Card
      as="section"
      title="Contrats"
      headingLevel={2}
      actions={
        canCreate ? (
          <ActionLink
            href={`/contrats/nouveau?compagnie=${company.id}`}
            variant="secondary"
            icon={<PlusIcon />}
          >
            Nouveau contrat
          </ActionLink>
        ) : undefined
      }
    >
      <QueryState query={policies} label="Chargement des contrats">
        {(page) => (
          <Stack gap={4}>
            <Table
              caption={`Contrats placés chez ${company.name}`}
              captionHidden
              columns={columns}
              rows={page.items}
              getRowId={(p) => p.id}
              loading={policies.isFetching}
              loadingLabel="Chargement des contrats"
              empty={
                <EmptyState
                  headingLevel={3}
                  title="Aucun contrat"
                  description="Aucun contrat n’est encore placé chez cette compagnie."
                />
              }
            />
            <CursorPagination
              label="Pages des contrats de la compagnie"
              pages={pages}
              nextCursor={page.nextCursor}
            />
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

/** One company: its details, default commission rates and the policies placed with it. */
export function CompanyPage() {
  const { id = '' } = useParams();
  const company = useCompany(id);
  const canWrite = useHasRole('admin', 'manager');
  const name = company.data?.name;
  return (
    <Screen
      title={name ?? 'Compagnie'}
      description={company.data !== undefined ? `Code ${company.data.code}` : undefined}
      breadcrumbs={
        <Breadcrumbs
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Compagnies', href: '/compagnies' },
            { label: name ?? 'Compagnie' },
          ]}
        />
      }
      actions={
        canWrite && company.data !== undefined ? (
          <ActionLink href={`/compagnies/${id}/modifier`} variant="secondary" icon={<EditIcon />}>
            Modifier
          </ActionLink>
        ) : undefined
      }
    >
      <QueryState query={company} label="Chargement de la compagnie">
        {(data) => (
          <>
            <div className="companies-columns">
              <CompanyDetails company={data} />
              <CommissionRates company={data} />
            </div>
            <CompanyPolicies company={data} />
          </>
        )}
      </QueryState>
    </Screen>
  );
}
