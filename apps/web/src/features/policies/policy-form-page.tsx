import {
  Alert,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  DateField,
  ErrorSummary,
  Fieldset,
  Form,
  Link,
  Select,
  Spinner,
  Stack,
  Textarea,
  TextField,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, errorsByField } from '../../shared/api/errors.ts';
import { bpsToInput, centsToInput, formatRate } from '../../shared/lib/amount-input.ts';
import { formatDate, formatMoney } from '../../shared/lib/format.ts';
import {
  optionsOf,
  PAYMENT_FREQUENCIES,
  PAYMENT_FREQUENCY_LABELS,
  POLICY_STATUS,
  PRODUCT_LINES,
  PRODUCT_LINE_LABELS,
  type ProductLine,
} from '../../shared/lib/portfolio-labels.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { FocusOnMount } from '../../shared/ui/focus-on-mount.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { StaleVersionAlert } from '../../shared/ui/stale-version-alert.tsx';
import {
  useClient,
  useCompanyOptions,
  useCreatePolicy,
  usePolicy,
  useUpdatePolicy,
  type Client,
  type Company,
  type Policy,
  type PolicyPatch,
} from './api/policies.ts';
import { ClientPicker } from './client-picker.tsx';
import { oneYearAfter, readPolicyForm } from './policy-form-values.ts';
import './policies.css';

const PREFIX = 'policy';
const FIELDS = [
  'clientId',
  'companyId',
  'number',
  'productLine',
  'effectiveDate',
  'renewalDate',
  'tacitRenewal',
  'paymentFrequency',
  'annualPremiumCents',
  'taxRateBps',
  'commissionRateBps',
  'registration',
  'surfaceM2',
  'description',
  'notes',
] as const;

const insuredText = (policy: Policy | undefined, key: string): string => {
  const value = policy?.insuredObject?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

interface PolicyFormProps {
  /** The policy to change; a new one otherwise. */
  policy?: Policy;
  initialClient?: Client;
  initialCompanyId?: string;
  companies: Company[];
  onReload?: () => void;
}

function PolicyForm({
  policy,
  initialClient,
  initialCompanyId,
  companies,
  onReload,
}: PolicyFormProps) {
  const editing = policy !== undefined;
  /** Premium terms are frozen once the policy is active (the server answers 422 otherwise). */
  const termsEditable = policy === undefined || policy.status === 'draft';
  const create = useCreatePolicy();
  const update = useUpdatePolicy(policy?.id ?? '');
  const mutation = editing ? update : create;
  const navigate = useNavigate();
  const toast = useToast();

  const [clientId, setClientId] = useState(policy?.clientId ?? initialClient?.id ?? '');
  const [companyId, setCompanyId] = useState(policy?.companyId ?? initialCompanyId ?? '');
  const [productLine, setProductLine] = useState<string>(policy?.productLine ?? '');
  const [effectiveDate, setEffectiveDate] = useState(policy?.effectiveDate ?? '');
  const [renewalDate, setRenewalDate] = useState(policy?.renewalDate ?? '');
  const [renewalTouched, setRenewalTouched] = useState(editing);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState(false);

  const company = companies.find((c) => c.id === companyId);
  const companyRate =
    company !== undefined && productLine !== ''
      ? company.commissionRates[productLine as ProductLine]
      : undefined;

  const submit = (data: FormData) => {
    const { body, errors: local } = readPolicyForm({
      clientId,
      companyId,
      number: textOf(data, 'number'),
      productLine,
      effectiveDate,
      renewalDate,
      tacitRenewal: data.get('tacitRenewal') !== null,
      paymentFrequency: termsEditable
        ? textOf(data, 'paymentFrequency')
        : (policy?.paymentFrequency ?? ''),
      annualPremium: termsEditable
        ? textOf(data, 'annualPremium')
        : centsToInput(policy?.annualPremiumCents ?? 0),
      taxRate: termsEditable ? textOf(data, 'taxRate') : '',
      commissionRate: termsEditable ? textOf(data, 'commissionRate') : '',
      registration: textOf(data, 'registration'),
      surfaceM2: textOf(data, 'surfaceM2'),
      description: textOf(data, 'description'),
      notes: textOf(data, 'notes'),
      insuredObject: policy?.insuredObject ?? null,
    });
    setErrors(local);
    setStale(false);
    if (Object.keys(local).length > 0) return;

    const onSuccess = (saved: Policy) => {
      toast.show(
        editing
          ? { tone: 'success', title: 'Contrat enregistré', description: `Contrat ${saved.number}` }
          : {
              tone: 'success',
              title: 'Contrat créé',
              description: 'Il est en brouillon : activez-le pour créer son échéancier.',
            },
      );
      void navigate(`/contrats/${saved.id}`);
    };
    const onError = (error: Error) => {
      if (error instanceof ApiError && error.status === 409) {
        if (error.code === 'stale-version') setStale(true);
        else setErrors({ number: error.problem.detail ?? error.problem.title });
        return;
      }
      setErrors(errorsByField(error));
    };

    if (policy === undefined) {
      create.mutate(body, { onSuccess, onError });
      return;
    }
    const patch: PolicyPatch = {
      version: policy.version,
      number: body.number,
      renewalDate: body.renewalDate,
      tacitRenewal: body.tacitRenewal ?? true,
      insuredObject: body.insuredObject ?? null,
      notes: body.notes ?? null,
      ...(termsEditable
        ? {
            productLine: body.productLine,
            effectiveDate: body.effectiveDate,
            paymentFrequency: body.paymentFrequency,
            annualPremiumCents: body.annualPremiumCents,
            ...(body.taxRateBps !== undefined ? { taxRateBps: body.taxRateBps } : {}),
            ...(body.commissionRateBps !== undefined
              ? { commissionRateBps: body.commissionRateBps }
              : {}),
          }
        : {}),
    };
    update.mutate(patch, { onSuccess, onError });
  };

  const summary = summaryOf(errors, FIELDS, PREFIX);
  const failure =
    mutation.isError &&
    !(mutation.error instanceof ApiError && mutation.error.status === 409) &&
    Object.keys(errorsByField(mutation.error)).length === 0
      ? mutation.error
      : null;
  const title = editing ? `Modifier le contrat ${policy.number}` : 'Nouveau contrat';

  return (
    <Screen
      title={title}
      hasErrors={summary.length > 0}
      breadcrumbs={
        <Breadcrumbs
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Contrats', href: '/contrats' },
            ...(editing
              ? [{ label: `Contrat ${policy.number}`, href: `/contrats/${policy.id}` }]
              : []),
            { label: editing ? 'Modifier' : 'Nouveau contrat' },
          ]}
        />
      }
    >
      <Form aria-label={title} onSubmit={submit} className="policies-form">
        <Stack gap={5}>
          <ErrorSummary errors={summary} />
          {stale && (
            <FocusOnMount>
              <StaleVersionAlert
                title="Ce contrat a été modifié entre-temps"
                reloadLabel="Recharger le contrat"
                onReload={onReload}
              >
                Vos modifications n’ont pas été enregistrées. Rechargez le contrat pour voir la
                dernière version, puis refaites vos modifications.
              </StaleVersionAlert>
            </FocusOnMount>
          )}
          {failure !== null && <ProblemAlert error={failure} />}

          <Fieldset legend="Parties">
            <Stack gap={4}>
              {editing ? (
                <DetailsList
                  items={[
                    ['Client', initialClient?.displayName ?? '—'],
                    ['Compagnie', company?.name ?? '—'],
                  ]}
                />
              ) : (
                <>
                  <ClientPicker
                    id={`${PREFIX}-clientId`}
                    initial={initialClient}
                    value={clientId}
                    onChange={setClientId}
                    required
                    error={errors.clientId}
                  />
                  <Select
                    id={`${PREFIX}-companyId`}
                    name="companyId"
                    label="Compagnie"
                    required
                    width="long"
                    placeholder="Choisir une compagnie"
                    options={companies.map((c) => ({
                      value: c.id,
                      label: `${c.name} (${c.code})`,
                    }))}
                    value={companyId}
                    onChange={(event) => setCompanyId(event.target.value)}
                    error={errors.companyId}
                  />
                </>
              )}
            </Stack>
          </Fieldset>

          <Fieldset legend="Contrat">
            <Stack gap={4}>
              <TextField
                id={`${PREFIX}-number`}
                name="number"
                label="Numéro de contrat"
                description="Le numéro donné par la compagnie ; unique pour cette compagnie."
                required
                width="medium"
                maxLength={64}
                spellCheck={false}
                autoComplete="off"
                defaultValue={policy?.number}
                error={errors.number}
              />
              {termsEditable && (
                <Select
                  id={`${PREFIX}-productLine`}
                  name="productLine"
                  label="Branche"
                  required
                  width="long"
                  placeholder="Choisir une branche"
                  options={optionsOf(PRODUCT_LINES, PRODUCT_LINE_LABELS)}
                  value={productLine}
                  onChange={(event) => setProductLine(event.target.value)}
                  error={errors.productLine}
                />
              )}
              {termsEditable && (
                <DateField
                  id={`${PREFIX}-effectiveDate`}
                  name="effectiveDate"
                  label="Date d’effet"
                  description="Au format jj/mm/aaaa."
                  required
                  value={effectiveDate}
                  onValueChange={(value) => {
                    setEffectiveDate(value);
                    if (!renewalTouched && value !== '') setRenewalDate(oneYearAfter(value));
                  }}
                  error={errors.effectiveDate}
                />
              )}
              <DateField
                id={`${PREFIX}-renewalDate`}
                name="renewalDate"
                label="Échéance principale"
                description="Au format jj/mm/aaaa ; après la date d’effet, dans les deux ans. Proposée un an après la date d’effet."
                required
                value={renewalDate}
                onValueChange={(value) => {
                  setRenewalTouched(true);
                  setRenewalDate(value);
                }}
                error={errors.renewalDate}
              />
              <Checkbox
                id={`${PREFIX}-tacitRenewal`}
                name="tacitRenewal"
                label="Tacite reconduction"
                description="Le contrat se renouvelle de lui-même à l’échéance, sauf résiliation."
                defaultChecked={policy?.tacitRenewal ?? true}
                error={errors.tacitRenewal}
              />
            </Stack>
          </Fieldset>

          {termsEditable ? (
            <Fieldset legend="Prime et commission">
              <Stack gap={4}>
                <Select
                  id={`${PREFIX}-paymentFrequency`}
                  name="paymentFrequency"
                  label="Fractionnement"
                  description="Le rythme des quittances."
                  required
                  width="medium"
                  options={optionsOf(PAYMENT_FREQUENCIES, PAYMENT_FREQUENCY_LABELS)}
                  defaultValue={policy?.paymentFrequency ?? 'annual'}
                  error={errors.paymentFrequency}
                />
                <TextField
                  id={`${PREFIX}-annualPremiumCents`}
                  name="annualPremium"
                  label="Prime annuelle hors taxes (€)"
                  description="En euros, par exemple 850 ou 1 250,50."
                  required
                  width="medium"
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={policy !== undefined ? centsToInput(policy.annualPremiumCents) : ''}
                  error={errors.annualPremiumCents}
                />
                <TextField
                  id={`${PREFIX}-taxRateBps`}
                  name="taxRate"
                  label="Taux de taxe (%)"
                  description={
                    editing
                      ? 'La taxe sur les conventions d’assurance, en pourcentage de la prime hors taxes.'
                      : 'Laissez vide pour appliquer le taux habituel de la branche.'
                  }
                  width="short"
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={policy !== undefined ? bpsToInput(policy.taxRateBps) : ''}
                  error={errors.taxRateBps}
                />
                <TextField
                  id={`${PREFIX}-commissionRateBps`}
                  name="commissionRate"
                  label="Taux de commission (%)"
                  description={
                    editing
                      ? 'En pourcentage de la prime hors taxes.'
                      : companyRate !== undefined
                        ? `Laissez vide pour appliquer le taux de ${company?.name ?? 'la compagnie'} pour cette branche : ${formatRate(companyRate)}.`
                        : 'Laissez vide pour appliquer le taux par défaut de la compagnie pour cette branche (0 % s’il n’y en a pas).'
                  }
                  width="short"
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={policy !== undefined ? bpsToInput(policy.commissionRateBps) : ''}
                  error={errors.commissionRateBps}
                />
              </Stack>
            </Fieldset>
          ) : (
            <Card title="Conditions financières" headingLevel={2}>
              <Stack gap={3}>
                <p>
                  Le contrat est « {POLICY_STATUS[policy.status].label.toLowerCase()} » : sa
                  branche, sa date d’effet, sa prime et ses taux ne se modifient plus.
                </p>
                <DetailsList
                  items={[
                    ['Branche', PRODUCT_LINE_LABELS[policy.productLine]],
                    ['Date d’effet', formatDate(policy.effectiveDate)],
                    ['Fractionnement', PAYMENT_FREQUENCY_LABELS[policy.paymentFrequency]],
                    ['Prime annuelle HT', formatMoney(policy.annualPremiumCents / 100)],
                    ['Taux de taxe', formatRate(policy.taxRateBps)],
                    ['Taux de commission', formatRate(policy.commissionRateBps)],
                  ]}
                />
              </Stack>
            </Card>
          )}

          <Fieldset legend="Objet assuré" description="Facultatif : ce que couvre le contrat.">
            <Stack gap={4}>
              {productLine === 'auto' && (
                <TextField
                  id={`${PREFIX}-registration`}
                  name="registration"
                  label="Immatriculation"
                  description="Au format AB-123-CD."
                  width="medium"
                  autoCapitalize="characters"
                  spellCheck={false}
                  autoComplete="off"
                  defaultValue={insuredText(policy, 'registration')}
                  error={errors.registration}
                />
              )}
              {productLine === 'habitation' && (
                <TextField
                  id={`${PREFIX}-surfaceM2`}
                  name="surfaceM2"
                  label="Surface habitable (m²)"
                  width="short"
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={insuredText(policy, 'surfaceM2')}
                  error={errors.surfaceM2}
                />
              )}
              <TextField
                id={`${PREFIX}-description`}
                name="description"
                label="Description"
                description="Par exemple : Renault Clio V, appartement T3, flotte de 4 véhicules."
                maxLength={500}
                autoComplete="off"
                defaultValue={insuredText(policy, 'description')}
                error={errors.description}
              />
            </Stack>
          </Fieldset>

          <Textarea
            id={`${PREFIX}-notes`}
            name="notes"
            label="Notes"
            description="Visibles par l’équipe du cabinet ; 5 000 caractères au plus."
            maxLength={5000}
            rows={4}
            defaultValue={policy?.notes ?? ''}
            error={errors.notes}
          />

          <Stack direction="row" gap={3} align="center" wrap>
            <Button type="submit" loading={mutation.isPending} loadingLabel="Enregistrement">
              Enregistrer
            </Button>
            <Link href={editing ? `/contrats/${policy.id}` : '/contrats'}>Annuler</Link>
          </Stack>
        </Stack>
      </Form>
    </Screen>
  );
}

function NotAllowed({ title }: { title: string }) {
  return (
    <Screen title={title}>
      <Alert tone="info" title="Action réservée">
        Votre rôle permet de consulter les contrats, pas de les créer ni de les modifier.
      </Alert>
      <p>
        <Link href="/contrats">Retour aux contrats</Link>
      </p>
    </Screen>
  );
}

function NoCompany() {
  const canCreateCompany = useHasRole('admin', 'manager');
  return (
    <Alert tone="info" title="Aucune compagnie">
      {canCreateCompany ? (
        <>
          Un contrat est placé chez une compagnie :{' '}
          <Link href="/compagnies/nouvelle">ajoutez d’abord une compagnie</Link>.
        </>
      ) : (
        'Un contrat est placé chez une compagnie : demandez à un responsable du cabinet d’en ajouter une.'
      )}
    </Alert>
  );
}

/** « Nouveau contrat »: `?client=<id>` and `?compagnie=<id>` choose them in advance. */
export function NewPolicyPage() {
  const [params] = useSearchParams();
  const clientParam = params.get('client') ?? undefined;
  const companyParam = params.get('compagnie') ?? undefined;
  const canWrite = useHasRole('admin', 'manager', 'broker');
  const companies = useCompanyOptions();
  const client = useClient(clientParam);
  if (!canWrite) return <NotAllowed title="Nouveau contrat" />;

  // Wait for the client of `?client=` too, so the picker opens with it chosen.
  const clientPending = clientParam !== undefined && client.isPending;
  if (companies.data === undefined || clientPending) {
    return (
      <Screen title="Nouveau contrat">
        <QueryState query={companies} label="Chargement du formulaire">
          {() => (
            <QueryState query={client} label="Chargement du client">
              {() => null}
            </QueryState>
          )}
        </QueryState>
      </Screen>
    );
  }
  if (companies.data.length === 0) {
    return (
      <Screen title="Nouveau contrat">
        <NoCompany />
      </Screen>
    );
  }
  return (
    <PolicyForm
      companies={companies.data}
      initialClient={client.data}
      initialCompanyId={
        companies.data.some((c) => c.id === companyParam) ? companyParam : undefined
      }
    />
  );
}

/** « Modifier le contrat »: premium terms only while in draft; version checked (409). */
export function EditPolicyPage() {
  const { id = '' } = useParams();
  // Re-mounting the form (fresh field values) only on « Recharger », not on every new version:
  // a save's own new version would unmount the form before it can navigate away.
  const [loads, setLoads] = useState(0);
  const canWrite = useHasRole('admin', 'manager', 'broker');
  const policy = usePolicy(id);
  const companies = useCompanyOptions();
  const client = useClient(policy.data?.clientId);
  if (!canWrite) return <NotAllowed title="Modifier le contrat" />;
  if (policy.data === undefined || companies.data === undefined || client.isPending) {
    return (
      <Screen title="Modifier le contrat">
        <QueryState query={policy} label="Chargement du contrat">
          {() => (
            <QueryState query={companies} label="Chargement des compagnies">
              {() => <Spinner label="Chargement du client" showLabel />}
            </QueryState>
          )}
        </QueryState>
      </Screen>
    );
  }
  return (
    <PolicyForm
      key={loads}
      policy={policy.data}
      initialClient={client.data}
      companies={companies.data}
      onReload={() => void policy.refetch().then(() => setLoads((n) => n + 1))}
    />
  );
}
