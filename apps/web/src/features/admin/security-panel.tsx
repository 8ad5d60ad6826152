import { Alert, Button, Dialog, Stack } from '@monassurance/ui';
import { useState } from 'react';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { useRotateKeys } from './api/admin.ts';

/** « Sécurité »: rotating the key that signs access tokens, after a suspected leak or on a schedule. */
export function SecurityPanel() {
  const rotate = useRotateKeys();
  const [confirming, setConfirming] = useState(false);

  return (
    <Stack gap={4}>
      <h2 className="admin-panel__title">Clés de signature</h2>
      <p>
        Les jetons d’accès des sessions sont signés par une clé du serveur. Faites-la tourner si
        vous craignez qu’elle ait fuité, ou régulièrement par précaution : une nouvelle clé signe
        alors les jetons, et l’ancienne reste acceptée le temps que les jetons déjà émis expirent.
      </p>
      {rotate.isSuccess && (
        <Alert tone="success" title="Nouvelle clé active" live>
          Les jetons sont désormais signés par la clé <code>{rotate.data.kid}</code>. Les sessions
          ouvertes restent valides.
        </Alert>
      )}
      {rotate.isError && !confirming && <ProblemAlert error={rotate.error} />}
      <div>
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Faire tourner les clés de signature
        </Button>
      </div>
      <Dialog
        role="alertdialog"
        title={'Faire tourner les clés de signature\u00a0?'}
        isOpen={confirming}
        onOpenChange={setConfirming}
        actions={(close) => (
          <>
            <Button variant="secondary" onClick={close} autoFocus>
              Annuler
            </Button>
            <Button
              loading={rotate.isPending}
              loadingLabel="Rotation en cours"
              onClick={() => rotate.mutate(undefined, { onSettled: () => setConfirming(false) })}
            >
              Faire tourner les clés
            </Button>
          </>
        )}
      >
        <p>
          Une nouvelle clé signera les jetons d’accès à partir de maintenant. Personne n’est
          déconnecté : les sessions ouvertes restent valides et passent à la nouvelle clé à leur
          prochain renouvellement.
        </p>
      </Dialog>
    </Stack>
  );
}
