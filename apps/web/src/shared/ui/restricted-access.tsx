import { Alert, Link, Stack } from '@monassurance/ui';
import { Screen } from './screen.tsx';

/**
 * What a screen shows to a signed-in user whose role cannot use it (a bookmarked or typed
 * address): its title, why, and the way back, instead of a page of failed requests.
 */
export function RestrictedAccess({ title, audience }: { title: string; audience: string }) {
  return (
    <Screen title={title}>
      <Stack gap={5}>
        <Alert tone="warning" title="Accès réservé">
          Cette page est réservée {audience}. Si vous en avez besoin, adressez-vous à un
          administrateur du cabinet.
        </Alert>
        <div>
          <Link href="/" variant="standalone">
            Retour au tableau de bord
          </Link>
        </div>
      </Stack>
    </Screen>
  );
}
