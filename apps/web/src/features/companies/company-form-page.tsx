import {
  Alert,
  Breadcrumbs,
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  Grid,
  Link,
  Select,
  Stack,
  TextField,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, errorsByField } from '../../shared/api/errors.ts';
import { bpsToInput, parsePercent } from '../../shared/lib/amount-input.ts';
import { PRODUCT_LINES, PRODUCT_LINE_LABELS } from '../../shared/lib/portfolio-labels.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { FocusOnMount } from '../../shared/ui/focus-on-mount.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { StaleVersionAlert } from '../../shared/ui/stale-version-alert.tsx';
import {
  useCompany,
  useCreateCompany,
  useUpdateCompany,
  type Company,
  type CompanyBody,
} from './api/companies.ts';
import { formatPhone, toE164 } from './company-format.ts';
import './companies.css';

const PREFIX = 'company';
const FIELDS = [
  'name',
  'code',
  'brokerCode',
  'contactEmail',
  'contactPhone',
  'line1',
  'line2',
  'postalCode',
  'city',
  'country',
  ...PRODUCT_LINES,
] as const;

/** Countries offered for the address: France first, then the neighbours' insurers. */
const COUNTRIES = [
  { value: 'FR', label: 'France' },
  { value: 'BE', label: 'Belgique' },
  { value: 'CH', label: 'Suisse' },
  { value: 'LU', label: 'Luxembourg' },
  { value: 'MC', label: 'Monaco' },
  { value: 'DE', label: 'Allemagne' },
  { value: 'ES', label: 'Espagne' },
  { value: 'IT', label: 'Italie' },
  { value: 'NL', label: 'Pays-Bas' },
  { value: 'GB', label: 'Royaume-Uni' },
  { value: 'IE', label: 'Irlande' },
];

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The API body from the form, or the errors to show (in French, saying how to fix them). */
export function readCompanyForm(data: FormData): {
  body: CompanyBody;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const name = textOf(data, 'name');
  if (name === '') errors.name = 'Saisissez le nom de la compagnie.';
  const code = textOf(data, 'code');
  if (code === '') errors.code = 'Saisissez le code de la compagnie.';
  else if (!CODE.test(code))
    errors.code =
      'Le code ne contient que des lettres sans accent, des chiffres, « - » et « _ », 32 au plus.';

  const contactEmail = textOf(data, 'contactEmail');
  if (contactEmail !== '' && !EMAIL.test(contactEmail))
    errors.contactEmail = 'Saisissez une adresse e-mail valide, par exemple contact@compagnie.fr.';
  const phoneText = textOf(data, 'contactPhone');
  const contactPhone = phoneText === '' ? null : (toE164(phoneText) ?? null);
  if (phoneText !== '' && contactPhone === null)
    errors.contactPhone = 'Saisissez un numéro de téléphone valide, par exemple 01 45 67 89 00.';

  const line1 = textOf(data, 'line1');
  const line2 = textOf(data, 'line2');
  const postalCode = textOf(data, 'postalCode');
  const city = textOf(data, 'city');
  const country = textOf(data, 'country') || 'FR';
  const hasAddress = [line1, line2, postalCode, city].some((v) => v !== '');
  if (hasAddress) {
    if (line1 === '') errors.line1 = 'Saisissez la rue et le numéro, ou effacez l’adresse.';
    if (postalCode === '') errors.postalCode = 'Saisissez le code postal.';
    if (city === '') errors.city = 'Saisissez la ville.';
  }

  const commissionRates: Record<string, number> = {};
  for (const line of PRODUCT_LINES) {
    const text = textOf(data, line);
    if (text === '') continue;
    const bps = parsePercent(text);
    if (bps === null || bps > 10_000)
      errors[line] =
        `${PRODUCT_LINE_LABELS[line]} : saisissez un taux entre 0 et 100, par exemple 12,5.`;
    else commissionRates[line] = bps;
  }

  return {
    errors,
    body: {
      name,
      code,
      brokerCode: textOf(data, 'brokerCode') || null,
      contactEmail: contactEmail || null,
      contactPhone,
      address: hasAddress
        ? { line1, ...(line2 !== '' ? { line2 } : {}), postalCode, city, country }
        : null,
      commissionRates,
    },
  };
}

function CompanyForm({ company, onReload }: { company?: Company; onReload?: () => void }) {
  const editing = company !== undefined;
  const create = useCreateCompany();
  const update = useUpdateCompany(company?.id ?? '');
  const mutation = editing ? update : create;
  const navigate = useNavigate();
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState(false);

  const submit = (data: FormData) => {
    const { body, errors: local } = readCompanyForm(data);
    setErrors(local);
    setStale(false);
    if (Object.keys(local).length > 0) return;
    const onSuccess = (saved: Company) => {
      toast.show({ tone: 'success', title: 'Compagnie enregistrée', description: saved.name });
      void navigate(`/compagnies/${saved.id}`);
    };
    const onError = (error: Error) => {
      if (error instanceof ApiError && error.status === 409) {
        if (error.code === 'stale-version') setStale(true);
        else setErrors({ code: error.problem.detail ?? error.problem.title });
        return;
      }
      setErrors(errorsByField(error));
    };
    if (company !== undefined)
      update.mutate({ ...body, version: company.version }, { onSuccess, onError });
    else create.mutate(body, { onSuccess, onError });
  };

  const summary = summaryOf(errors, FIELDS, PREFIX);
  const failure =
    mutation.isError &&
    !stale &&
    !(mutation.error instanceof ApiError && mutation.error.status === 409) &&
    Object.keys(errorsByField(mutation.error)).length === 0
      ? mutation.error
      : null;
  const title = editing ? `Modifier ${company.name}` : 'Nouvelle compagnie';
  const address = company?.address ?? null;
  const countries =
    address !== null && !COUNTRIES.some((c) => c.value === address.country)
      ? [...COUNTRIES, { value: address.country, label: address.country }]
      : COUNTRIES;

  return (
    <Screen
      title={title}
      hasErrors={summary.length > 0}
      breadcrumbs={
        <Breadcrumbs
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Compagnies', href: '/compagnies' },
            ...(editing ? [{ label: company.name, href: `/compagnies/${company.id}` }] : []),
            { label: editing ? 'Modifier' : 'Nouvelle compagnie' },
          ]}
        />
      }
    >
      <Form aria-label={title} onSubmit={submit} className="companies-form">
        <Stack gap={5}>
          <ErrorSummary errors={summary} />
          {stale && (
            <FocusOnMount>
              <StaleVersionAlert
                title="Cette compagnie a été modifiée entre-temps"
                reloadLabel="Recharger la fiche"
                onReload={onReload}
              >
                Vos modifications n’ont pas été enregistrées. Rechargez la fiche pour voir la
                dernière version, puis refaites vos modifications.
              </StaleVersionAlert>
            </FocusOnMount>
          )}
          {failure !== null && (
            <FocusOnMount>
              <ProblemAlert error={failure} />
            </FocusOnMount>
          )}
          <Fieldset legend="Identité">
            <Stack gap={4}>
              <TextField
                id={`${PREFIX}-name`}
                name="name"
                label="Nom de la compagnie"
                required
                maxLength={200}
                autoComplete="organization"
                defaultValue={company?.name}
                error={errors.name}
              />
              <TextField
                id={`${PREFIX}-code`}
                name="code"
                label="Code"
                description="Court et unique dans le cabinet : lettres sans accent, chiffres, « - » ou « _ ». Par exemple AXA ou MMA-IARD."
                required
                width="medium"
                maxLength={32}
                autoCapitalize="characters"
                spellCheck={false}
                defaultValue={company?.code}
                error={errors.code}
              />
              <TextField
                id={`${PREFIX}-brokerCode`}
                name="brokerCode"
                label="Code courtier"
                description="Le code du cabinet chez cette compagnie (numéro d’apporteur)."
                width="medium"
                maxLength={64}
                spellCheck={false}
                defaultValue={company?.brokerCode ?? ''}
                error={errors.brokerCode}
              />
            </Stack>
          </Fieldset>
          <Fieldset legend="Contact">
            <Stack gap={4}>
              <TextField
                id={`${PREFIX}-contactEmail`}
                name="contactEmail"
                type="email"
                label="Adresse e-mail de contact"
                autoComplete="off"
                width="long"
                maxLength={254}
                defaultValue={company?.contactEmail ?? ''}
                error={errors.contactEmail}
              />
              <TextField
                id={`${PREFIX}-contactPhone`}
                name="contactPhone"
                type="tel"
                label="Téléphone"
                description="Par exemple 01 45 67 89 00, ou +32 2 123 45 67 hors de France."
                autoComplete="off"
                width="medium"
                defaultValue={formatPhone(company?.contactPhone)}
                error={errors.contactPhone}
              />
            </Stack>
          </Fieldset>
          <Fieldset
            legend="Adresse"
            description="Facultative ; si vous la saisissez, la rue, le code postal et la ville sont nécessaires."
          >
            <Stack gap={4}>
              <TextField
                id={`${PREFIX}-line1`}
                name="line1"
                label="Numéro et rue"
                autoComplete="off"
                maxLength={200}
                defaultValue={address?.line1 ?? ''}
                error={errors.line1}
              />
              <TextField
                id={`${PREFIX}-line2`}
                name="line2"
                label="Complément d’adresse"
                description="Bâtiment, service, boîte postale…"
                autoComplete="off"
                maxLength={200}
                defaultValue={address?.line2 ?? ''}
                error={errors.line2}
              />
              <TextField
                id={`${PREFIX}-postalCode`}
                name="postalCode"
                label="Code postal"
                inputMode="numeric"
                autoComplete="off"
                width="short"
                maxLength={20}
                defaultValue={address?.postalCode ?? ''}
                error={errors.postalCode}
              />
              <TextField
                id={`${PREFIX}-city`}
                name="city"
                label="Ville"
                autoComplete="off"
                width="long"
                maxLength={100}
                defaultValue={address?.city ?? ''}
                error={errors.city}
              />
              <Select
                id={`${PREFIX}-country`}
                name="country"
                label="Pays"
                width="medium"
                options={countries}
                defaultValue={address?.country ?? 'FR'}
                error={errors.country}
              />
            </Stack>
          </Fieldset>
          <Fieldset
            legend="Commissions par défaut"
            description="En pourcentage de la prime hors taxes, par exemple 15 ou 12,5. Proposées à la création d’un contrat de la branche ; laissez vide s’il n’y en a pas."
          >
            <Grid columns={3} gap={4}>
              {PRODUCT_LINES.map((line) => {
                const rate = company?.commissionRates[line];
                return (
                  <TextField
                    key={line}
                    id={`${PREFIX}-${line}`}
                    name={line}
                    label={`${PRODUCT_LINE_LABELS[line]} (%)`}
                    inputMode="decimal"
                    autoComplete="off"
                    width="short"
                    defaultValue={rate === undefined ? '' : bpsToInput(rate)}
                    error={errors[line]}
                  />
                );
              })}
            </Grid>
          </Fieldset>
          <Stack direction="row" gap={3} align="center" wrap>
            <Button type="submit" loading={mutation.isPending} loadingLabel="Enregistrement">
              Enregistrer
            </Button>
            <Link href={editing ? `/compagnies/${company.id}` : '/compagnies'}>Annuler</Link>
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
        Seuls les administrateurs et les responsables du cabinet ajoutent ou modifient les
        compagnies.
      </Alert>
      <p>
        <Link href="/compagnies">Retour aux compagnies</Link>
      </p>
    </Screen>
  );
}

/** « Nouvelle compagnie » (admin, manager). */
export function NewCompanyPage() {
  const canWrite = useHasRole('admin', 'manager');
  return canWrite ? <CompanyForm /> : <NotAllowed title="Nouvelle compagnie" />;
}

/** « Modifier … »: the same form, loaded with the company and its version (409 when stale). */
export function EditCompanyPage() {
  const { id = '' } = useParams();
  // Re-mounting the form (fresh field values) only on « Recharger », not on every new version:
  // a save's own new version would unmount the form before it can navigate away.
  const [loads, setLoads] = useState(0);
  const canWrite = useHasRole('admin', 'manager');
  const company = useCompany(id);
  if (!canWrite) return <NotAllowed title="Modifier la compagnie" />;
  if (company.data === undefined) {
    return (
      <Screen title="Modifier la compagnie">
        <QueryState query={company} label="Chargement de la compagnie">
          {() => null}
        </QueryState>
      </Screen>
    );
  }
  return (
    <CompanyForm
      key={loads}
      company={company.data}
      onReload={() => void company.refetch().then(() => setLoads((n) => n + 1))}
    />
  );
}
