import {
  Button,
  Checkbox,
  DateField,
  ErrorSummary,
  Form,
  Link,
  RadioGroup,
  Select,
  Spinner,
  Stack,
  Textarea,
  TextField,
} from '@monassurance/ui';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { errorsByField } from '../../shared/api/errors.ts';
import { formatDate, todayInParis } from '../../shared/lib/format.ts';
import { useHasRole, useMe } from '../../shared/session/session.tsx';
import { summaryOf } from '../../shared/ui/form-errors.ts';
import { useCabinetUsers } from './api/clients.ts';
import {
  CLIENT_FIELDS,
  clientBodyOf,
  validateClientForm,
  type ClientBody,
} from './client-form-values.ts';
import { COUNTRIES, formatPhone, type Client, type ClientKind } from './client-labels.ts';

/** Server field paths that do not name a field of the form: `/address` → its first line. */
const FIELD_ALIASES: Record<string, string> = {
  address: 'line1',
  gdprConsentAt: 'gdprConsent',
};

/** The field errors of a failed save, keyed by the form's field names. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const [name, message] of Object.entries(errorsByField(error))) {
    byField[FIELD_ALIASES[name] ?? name] ??= message;
  }
  return byField;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="clients-form__section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <Stack gap={4}>{children}</Stack>
    </section>
  );
}

function AssigneeField({ client, error }: { client: Client | undefined; error?: string }) {
  const users = useCabinetUsers(true);
  // The select is uncontrolled: it must not appear before its options, or the current assignee
  // would not be selected and saving would unassign the client.
  if (users.isPending) return <Spinner label="Chargement des utilisateurs" showLabel />;
  if (users.isError) {
    return (
      <p className="clients-muted">
        La liste des utilisateurs n’a pas pu être chargée : le chargé de clientèle reste inchangé.
      </p>
    );
  }
  const options = users.data
    .filter((u) => (u.active && u.role !== 'viewer') || u.id === client?.assignedBrokerId)
    .map((u) => ({ value: u.id, label: u.active ? u.fullName : `${u.fullName} (désactivé)` }));
  return (
    <Select
      id="client-assignedBrokerId"
      name="assignedBrokerId"
      label="Chargé de clientèle"
      description="Le courtier qui suit ce client ; il est le seul courtier à le voir."
      options={[{ value: '', label: 'Aucun' }, ...options]}
      defaultValue={client?.assignedBrokerId ?? ''}
      error={error}
      width="long"
    />
  );
}

export interface ClientFormProps {
  /** The client being edited; none to create one. */
  client?: Client;
  /** Where « Annuler » leads. */
  cancelHref: string;
  /** The save in progress and its outcome (a TanStack mutation). */
  saving: { isPending: boolean; error: unknown; reset: () => void };
  onSave: (body: ClientBody) => void;
  /** A problem that is not about one field (409, 403…), shown above the form. */
  failure?: ReactNode;
  onErrorsChange?: (hasErrors: boolean) => void;
}

/** The client form, for a new client and for an edit: person or business, contact, address, GDPR. */
export function ClientForm({
  client,
  cancelHref,
  saving,
  onSave,
  failure,
  onErrorsChange,
}: ClientFormProps) {
  const [kind, setKind] = useState<ClientKind>(client?.kind ?? 'person');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const isAdmin = useHasRole('admin');
  const { user } = useMe();
  const errors = { ...serverFieldErrors(saving.error), ...localErrors };
  // A failure that is not about a field shows at the top, far from « Enregistrer »: take the
  // focus there so it is seen, not only heard.
  const failureRef = useRef<HTMLDivElement>(null);
  const hasFailure = failure !== undefined && failure !== null && failure !== false;
  useEffect(() => {
    if (hasFailure) failureRef.current?.focus();
  }, [hasFailure]);

  const submit = (data: FormData) => {
    saving.reset();
    const local = validateClientForm(data, todayInParis());
    setLocalErrors(local);
    onErrorsChange?.(Object.keys(local).length > 0);
    if (Object.keys(local).length > 0) return;
    onSave(clientBodyOf(data, client));
  };

  const address = client?.address;
  return (
    <Form
      aria-label={client ? `Modifier la fiche de ${client.displayName}` : 'Nouveau client'}
      onSubmit={(data) => submit(data)}
      className="clients-form"
    >
      <Stack gap={6}>
        <ErrorSummary errors={summaryOf(errors, CLIENT_FIELDS, 'client')} />
        {hasFailure && (
          <div ref={failureRef} tabIndex={-1} className="clients-outcome">
            {failure}
          </div>
        )}
        <p className="clients-muted">Les champs marqués « (obligatoire) » doivent être remplis.</p>

        <Section id="client-section-identity" title="Identité">
          <RadioGroup
            id="client-kind"
            name="kind"
            legend="Type de client"
            orientation="horizontal"
            options={[
              { value: 'person', label: 'Personne' },
              { value: 'business', label: 'Entreprise' },
            ]}
            value={kind}
            onChange={(value) => setKind(value === 'business' ? 'business' : 'person')}
            error={errors.kind}
            required
          />
          {/* Both kinds stay mounted (hidden), so switching back and forth loses nothing typed. */}
          <div hidden={kind !== 'person'}>
            <Stack gap={4}>
              <Select
                id="client-civility"
                name="civility"
                label="Civilité"
                options={[
                  { value: '', label: 'Non précisée' },
                  { value: 'M.', label: 'M.' },
                  { value: 'Mme', label: 'Mme' },
                ]}
                defaultValue={client?.civility ?? ''}
                error={errors.civility}
                width="medium"
              />
              <div className="clients-form__row">
                <TextField
                  id="client-firstName"
                  name="firstName"
                  label="Prénom"
                  autoComplete="off"
                  defaultValue={client?.firstName ?? ''}
                  maxLength={100}
                  required
                  error={errors.firstName}
                />
                <TextField
                  id="client-lastName"
                  name="lastName"
                  label="Nom"
                  autoComplete="off"
                  defaultValue={client?.lastName ?? ''}
                  maxLength={100}
                  required
                  error={errors.lastName}
                />
              </div>
              <DateField
                id="client-birthDate"
                name="birthDate"
                label="Date de naissance"
                description="Au format jj/mm/aaaa."
                defaultValue={client?.birthDate ?? ''}
                max={todayInParis()}
                error={errors.birthDate}
              />
            </Stack>
          </div>
          <div hidden={kind !== 'business'}>
            <Stack gap={4}>
              <TextField
                id="client-companyName"
                name="companyName"
                label="Raison sociale"
                autoComplete="off"
                defaultValue={client?.companyName ?? ''}
                maxLength={200}
                required
                error={errors.companyName}
              />
              <TextField
                id="client-legalForm"
                name="legalForm"
                label="Forme juridique"
                description="Par exemple SARL, SAS, EI."
                defaultValue={client?.legalForm ?? ''}
                maxLength={50}
                width="medium"
                error={errors.legalForm}
              />
              <div className="clients-form__row">
                <TextField
                  id="client-siren"
                  name="siren"
                  label="SIREN"
                  description="9 chiffres."
                  inputMode="numeric"
                  defaultValue={client?.siren ?? ''}
                  maxLength={11}
                  error={errors.siren}
                />
                <TextField
                  id="client-siret"
                  name="siret"
                  label="SIRET"
                  description="14 chiffres, ceux du SIREN puis ceux de l’établissement."
                  inputMode="numeric"
                  defaultValue={client?.siret ?? ''}
                  maxLength={17}
                  error={errors.siret}
                />
              </div>
            </Stack>
          </div>
        </Section>

        <Section id="client-section-contact" title="Coordonnées">
          <TextField
            id="client-email"
            name="email"
            type="email"
            label="Adresse e-mail"
            autoComplete="off"
            defaultValue={client?.email ?? ''}
            maxLength={254}
            error={errors.email}
            width="long"
          />
          <TextField
            id="client-phone"
            name="phone"
            type="tel"
            label="Téléphone"
            description="Par exemple 06 12 34 56 78, ou +32 2 123 45 67 hors de France."
            autoComplete="off"
            defaultValue={formatPhone(client?.phone)}
            maxLength={25}
            error={errors.phone}
            width="medium"
          />
        </Section>

        <Section id="client-section-address" title="Adresse">
          <TextField
            id="client-line1"
            name="line1"
            label="Numéro et voie"
            autoComplete="off"
            defaultValue={address?.line1 ?? ''}
            maxLength={200}
            error={errors.line1}
          />
          <TextField
            id="client-line2"
            name="line2"
            label="Complément d’adresse"
            description="Bâtiment, étage, lieu-dit… (facultatif)."
            autoComplete="off"
            defaultValue={address?.line2 ?? ''}
            maxLength={200}
            error={errors.line2}
          />
          <div className="clients-form__row">
            <TextField
              id="client-postalCode"
              name="postalCode"
              label="Code postal"
              inputMode="numeric"
              autoComplete="off"
              defaultValue={address?.postalCode ?? ''}
              maxLength={20}
              error={errors.postalCode}
            />
            <TextField
              id="client-city"
              name="city"
              label="Ville"
              autoComplete="off"
              defaultValue={address?.city ?? ''}
              maxLength={100}
              error={errors.city}
            />
          </div>
          <Select
            id="client-country"
            name="country"
            label="Pays"
            options={
              address && !COUNTRIES.some((c) => c.value === address.country)
                ? [...COUNTRIES, { value: address.country, label: address.country }]
                : COUNTRIES
            }
            defaultValue={address?.country ?? 'FR'}
            error={errors.country}
            width="medium"
          />
        </Section>

        <Section id="client-section-follow-up" title="Suivi">
          {isAdmin ? (
            <AssigneeField client={client} error={errors.assignedBrokerId} />
          ) : (
            user.role === 'broker' &&
            client === undefined && <p className="clients-muted">Ce client vous sera confié.</p>
          )}
          <Textarea
            id="client-notes"
            name="notes"
            label="Notes"
            description="Visibles par les personnes du cabinet qui voient ce client ; 5 000 caractères au plus."
            defaultValue={client?.notes ?? ''}
            maxLength={5000}
            rows={4}
            error={errors.notes}
          />
        </Section>

        <Section id="client-section-gdpr" title="Données personnelles (RGPD)">
          <Checkbox
            id="client-gdprConsent"
            name="gdprConsent"
            label="Le client a consenti au traitement de ses données"
            description={
              client?.gdprConsentAt
                ? `Consentement recueilli le ${formatDate(client.gdprConsentAt)}. Décochez si le client l’a retiré.`
                : 'La date du jour sera enregistrée comme date du consentement.'
            }
            defaultChecked={client?.gdprConsentAt != null}
            error={errors.gdprConsent}
          />
          <DateField
            id="client-retentionUntil"
            name="retentionUntil"
            label="Conserver les données jusqu’au"
            description="Au format jj/mm/aaaa. Au-delà, la fiche pourra être anonymisée."
            defaultValue={client?.retentionUntil ?? ''}
            error={errors.retentionUntil}
          />
        </Section>

        <div className="clients-form__actions">
          <Button type="submit" loading={saving.isPending} loadingLabel="Enregistrement">
            Enregistrer
          </Button>
          <Link href={cancelHref}>Annuler</Link>
        </div>
      </Stack>
    </Form>
  );
}
