import { Button } from '../Button/Button.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { ToastProvider, useToast } from './Toast.tsx';

function Buttons() {
  const toast = useToast();
  return (
    <Stack direction="row" gap={3} wrap>
      <Button
        variant="secondary"
        onClick={() => toast.show({ tone: 'success', title: 'Modifications enregistrées' })}
      >
        Succès
      </Button>
      <Button
        variant="secondary"
        onClick={() =>
          toast.show({
            tone: 'info',
            title: 'Export en cours',
            description: 'Le fichier sera prêt dans une minute.',
          })
        }
      >
        Information
      </Button>
      <Button
        variant="secondary"
        onClick={() =>
          toast.show({
            tone: 'error',
            title: 'Envoi impossible',
            description: 'Le serveur ne répond pas. Réessayez dans un instant.',
          })
        }
      >
        Erreur
      </Button>
    </Stack>
  );
}

/**
 * Notifications: success and information go away after 6 s (paused while hovered or focused) and
 * are announced politely; an error stays until closed and is announced at once.
 */
export function Default() {
  return (
    <ToastProvider label="Notifications de l’exemple">
      <Buttons />
    </ToastProvider>
  );
}
