import { Alert, Breadcrumbs, useToast } from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useHasRole } from '../../shared/session/session.tsx';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useCreateClient } from './api/clients.ts';
import { ClientForm, serverFieldErrors } from './client-form.tsx';
import './clients.css';

/** « Nouveau client »: the form, then the new client's page with a toast. */
export function ClientCreatePage() {
  const canCreate = useHasRole('admin', 'manager', 'broker');
  const create = useCreateClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [localErrors, setLocalErrors] = useState(false);
  const fieldErrors = Object.keys(serverFieldErrors(create.error)).length > 0;

  return (
    <Screen
      title="Nouveau client"
      hasErrors={localErrors || create.isError}
      breadcrumbs={
        <Breadcrumbs
          items={[{ label: 'Clients', href: '/clients' }, { label: 'Nouveau client' }]}
        />
      }
    >
      {canCreate ? (
        <ClientForm
          cancelHref="/clients"
          saving={create}
          onErrorsChange={setLocalErrors}
          failure={
            create.isError && !fieldErrors ? (
              <ProblemAlert error={create.error} live={false} />
            ) : null
          }
          onSave={(body) =>
            create.mutate(body, {
              onSuccess: (client) => {
                toast.show({
                  tone: 'success',
                  title: 'Client créé',
                  description: `La fiche de ${client.displayName} est enregistrée.`,
                });
                void navigate(`/clients/${client.id}`);
              },
            })
          }
        />
      ) : (
        <Alert tone="info" title="Lecture seule">
          Votre rôle permet de consulter les clients, pas d’en créer.
        </Alert>
      )}
    </Screen>
  );
}
