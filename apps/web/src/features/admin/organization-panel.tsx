import {
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  Grid,
  Select,
  Stack,
  Textarea,
  TextField,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { ApiError, errorsByField } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { StaleVersionAlert } from '../../shared/ui/stale-version-alert.tsx';
import { useOrganization, useUpdateOrganization, type Organization } from './api/admin.ts';
import {
  COUNTRIES,
  LEGAL_MENTIONS_MAX,
  ORGANIZATION_FIELDS,
  organizationBody,
  type Errors,
  type OrganizationInput,
} from './admin-forms.ts';

function OrganizationForm({
  organization,
  onReload,
}: {
  organization: Organization;
  onReload: () => Promise<unknown>;
}) {
  const update = useUpdateOrganization();
  const toast = useToast();
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const address = organization.address;
  const country = address?.country ?? 'FR';
  const countries = COUNTRIES.some((option) => option.value === country)
    ? COUNTRIES
    : [...COUNTRIES, { value: country, label: country }];

  const submit = (data: FormData) => {
    const input = Object.fromEntries(
      ORGANIZATION_FIELDS.map((name) => [name, textOf(data, name)]),
    ) as OrganizationInput;
    const { errors: local, body } = organizationBody(input);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    update.mutate(
      { ...body, version: organization.version },
      {
        onSuccess: () =>
          toast.show({
            tone: 'success',
            title: 'Cabinet enregistré',
            description: 'Les prochains documents porteront ces mentions.',
          }),
        onError: (error) => {
          const byField = errorsByField(error);
          if (Object.keys(byField).length > 0) setErrors(byField);
          else setFailure(error);
        },
      },
    );
  };

  const stale = failure instanceof ApiError && (failure.status === 409 || failure.status === 412);
  return (
    <Form aria-label="Profil du cabinet" onSubmit={submit}>
      <Stack gap={5}>
        <ErrorSummary errors={summaryOf(errors, ORGANIZATION_FIELDS, 'org')} />
        {stale ? (
          <StaleVersionAlert
            title="Le cabinet a été modifié entre-temps"
            onReload={() => {
              setFailure(null);
              void onReload();
            }}
          >
            Un autre administrateur a enregistré le profil après son ouverture ici. Rechargez-le
            (vos saisies seront remplacées), puis recommencez.
          </StaleVersionAlert>
        ) : (
          failure !== null && <ProblemAlert error={failure} />
        )}
        <TextField
          id="org-name"
          name="name"
          label="Nom du cabinet"
          autoComplete="organization"
          defaultValue={organization.name}
          required
          error={errors.name}
        />
        <Grid columns={2} gap={4}>
          <TextField
            id="org-oriasNumber"
            name="oriasNumber"
            label="Numéro ORIAS"
            description="8 chiffres, inscrits au registre des intermédiaires en assurance."
            inputMode="numeric"
            autoComplete="off"
            defaultValue={organization.oriasNumber ?? ''}
            error={errors.oriasNumber}
          />
          <TextField
            id="org-siren"
            name="siren"
            label="SIREN"
            description="9 chiffres."
            inputMode="numeric"
            autoComplete="off"
            defaultValue={organization.siren ?? ''}
            error={errors.siren}
          />
        </Grid>
        <Fieldset
          legend="Adresse"
          description="Facultative ; si vous la saisissez, indiquez au moins la voie, le code postal et la ville."
        >
          <Stack gap={4}>
            <TextField
              id="org-line1"
              name="line1"
              label="Numéro et voie"
              autoComplete="address-line1"
              defaultValue={address?.line1 ?? ''}
              error={errors.line1}
            />
            <TextField
              id="org-line2"
              name="line2"
              label="Complément d’adresse"
              autoComplete="address-line2"
              defaultValue={address?.line2 ?? ''}
              error={errors.line2}
            />
            <Grid columns={3} gap={4}>
              <TextField
                id="org-postalCode"
                name="postalCode"
                label="Code postal"
                autoComplete="postal-code"
                defaultValue={address?.postalCode ?? ''}
                error={errors.postalCode}
              />
              <TextField
                id="org-city"
                name="city"
                label="Ville"
                autoComplete="address-level2"
                defaultValue={address?.city ?? ''}
                error={errors.city}
              />
              <Select
                id="org-country"
                name="country"
                label="Pays"
                autoComplete="country"
                defaultValue={country}
                error={errors.country}
                options={countries}
              />
            </Grid>
          </Stack>
        </Fieldset>
        <Textarea
          id="org-legalMentions"
          name="legalMentions"
          label="Mentions légales"
          description={`Imprimées au pied des documents (au plus ${LEGAL_MENTIONS_MAX} caractères) : forme juridique, capital, RCS, garantie financière et assurance de responsabilité civile professionnelle, médiateur…`}
          rows={6}
          defaultValue={organization.legalMentions ?? ''}
          error={errors.legalMentions}
        />
        <Stack direction="row" gap={4} align="center" wrap>
          <Button type="submit" loading={update.isPending} loadingLabel="Enregistrement">
            Enregistrer
          </Button>
          <span className="admin-muted">
            Dernière modification le {formatDateTime(organization.updatedAt)}.
          </span>
        </Stack>
      </Stack>
    </Form>
  );
}

/** « Cabinet »: the name and legal mentions printed on the cabinet's documents. */
export function OrganizationPanel() {
  const organization = useOrganization();
  return (
    <Stack gap={4}>
      <h2 className="admin-panel__title">Profil du cabinet</h2>
      <p className="admin-muted">
        Ces informations figurent sur les documents du cabinet (attestations, avis d’échéance,
        bordereaux).
      </p>
      <QueryState query={organization} label="Chargement du profil du cabinet">
        {(profile) => (
          // A new version (saved here or reloaded) starts the form over from the saved values.
          <OrganizationForm
            key={profile.version}
            organization={profile}
            onReload={() => organization.refetch()}
          />
        )}
      </QueryState>
    </Stack>
  );
}
