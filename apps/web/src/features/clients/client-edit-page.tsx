import { Alert, Breadcrumbs, Link, useToast } from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api/errors.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { StaleVersionAlert } from '../../shared/ui/stale-version-alert.tsx';
import { clientTitle, useClient, useUpdateClient } from './api/clients.ts';
import { ClientForm, serverFieldErrors } from './client-form.tsx';
import './clients.css';

function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code !== 'anonymized';
}

/** « Modifier » a client: the form filled in, saved with the version it was loaded with. */
export function ClientEditPage() {
  const { id = '' } = useParams();
  const client = useClient(id);
  const update = useUpdateClient(id);
  const canEdit = useHasRole('admin', 'manager', 'broker');
  const navigate = useNavigate();
  const toast = useToast();
  const [localErrors, setLocalErrors] = useState(false);
  const fieldErrors = Object.keys(serverFieldErrors(update.error)).length > 0;

  const name = clientTitle(client);
  const reload = () => {
    update.reset();
    void client.refetch();
  };

  let failure = null;
  if (isStaleVersion(update.error)) {
    failure = (
      <StaleVersionAlert
        title="Ce client a été modifié entre-temps"
        reloadLabel="Recharger la fiche"
        onReload={reload}
        reloading={client.isFetching}
        live={false}
      >
        Quelqu’un a enregistré une autre version de cette fiche depuis que vous l’avez ouverte.
        Rechargez-la pour voir la dernière version, puis refaites vos modifications : celles en
        cours seront perdues.
      </StaleVersionAlert>
    );
  } else if (update.isError && !fieldErrors) {
    failure = <ProblemAlert error={update.error} live={false} />;
  }

  return (
    <Screen
      title={
        client.data !== undefined
          ? `Modifier ${name}`
          : name === 'Client'
            ? 'Modifier le client'
            : name
      }
      hasErrors={localErrors || update.isError}
      breadcrumbs={
        <Breadcrumbs
          items={[
            { label: 'Clients', href: '/clients' },
            { label: name, href: `/clients/${id}` },
            { label: 'Modifier' },
          ]}
        />
      }
    >
      <QueryState query={client} label="Chargement de la fiche">
        {(loaded) =>
          !canEdit ? (
            <Alert tone="info" title="Lecture seule">
              Votre rôle permet de consulter les clients, pas de les modifier.
            </Alert>
          ) : loaded.anonymizedAt !== null ? (
            <Alert
              tone="info"
              title="Client anonymisé"
              action={<Link href={`/clients/${id}`}>Retour à la fiche</Link>}
            >
              Ses données personnelles ont été effacées : sa fiche ne peut plus être modifiée.
            </Alert>
          ) : (
            <ClientForm
              // A reloaded client (new version) starts the form again from its values.
              key={loaded.version}
              client={loaded}
              cancelHref={`/clients/${id}`}
              saving={update}
              onErrorsChange={setLocalErrors}
              failure={failure}
              onSave={(body) =>
                update.mutate(
                  { ...body, version: loaded.version },
                  {
                    onSuccess: () => {
                      toast.show({ tone: 'success', title: 'Modifications enregistrées' });
                      void navigate(`/clients/${id}`);
                    },
                  },
                )
              }
            />
          )
        }
      </QueryState>
    </Screen>
  );
}
