import { useState } from 'react';
import { Button } from '../Button/Button.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { TextField } from '../TextField/TextField.tsx';
import { Dialog } from './Dialog.tsx';

/** A form in a dialog: the focus goes to the first field, and back to the button on close. */
export function WithForm() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  return (
    <Stack gap={3} align="start">
      <Button onClick={() => setOpen(true)}>Renommer</Button>
      {name !== '' && <p>Nouveau nom : {name}</p>}
      <Dialog
        title="Renommer le fichier"
        isOpen={open}
        onOpenChange={setOpen}
        actions={(close) => (
          <>
            <Button variant="secondary" onClick={close}>
              Annuler
            </Button>
            <Button type="submit" form="renommer-formulaire">
              Enregistrer
            </Button>
          </>
        )}
      >
        <form
          id="renommer-formulaire"
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get('nom');
            setName(typeof value === 'string' ? value : '');
            setOpen(false);
          }}
        >
          <TextField name="nom" label="Nom du fichier" defaultValue="rapport.pdf" autoFocus />
        </form>
      </Dialog>
    </Stack>
  );
}

/** A confirmation: an alertdialog, not closed by a click outside, the safe choice focused first. */
export function Confirmation() {
  const [open, setOpen] = useState(false);
  const [deleted, setDeleted] = useState(false);
  return (
    <Stack gap={3} align="start">
      <Button variant="danger" onClick={() => setOpen(true)} disabled={deleted}>
        Supprimer le fichier
      </Button>
      <p role="status">{deleted ? 'Fichier supprimé.' : ''}</p>
      <Dialog
        role="alertdialog"
        title="Supprimer ce fichier ?"
        isOpen={open}
        onOpenChange={setOpen}
        actions={(close) => (
          <>
            <Button variant="secondary" onClick={close} autoFocus>
              Conserver
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setDeleted(true);
                close();
              }}
            >
              Supprimer
            </Button>
          </>
        )}
      >
        <p>Le fichier « rapport.pdf » sera supprimé définitivement.</p>
      </Dialog>
    </Stack>
  );
}

/** Already open (for the tests and the gallery's axe scan), with content long enough to scroll. */
export function OpenWithLongContent() {
  const [open, setOpen] = useState(true);
  return (
    <Stack gap={3} align="start">
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Lire les conditions
      </Button>
      <Dialog title="Conditions d’utilisation" isOpen={open} onOpenChange={setOpen} size="lg">
        {Array.from({ length: 12 }, (_, index) => (
          <p key={index}>
            Article {index + 1}. Le service est fourni en l’état ; chaque article précise un point
            des conditions d’utilisation, à lire avant de continuer.
          </p>
        ))}
      </Dialog>
    </Stack>
  );
}

/** OpenWithLongContent opens over the whole page: the gallery gives it a page of its own. */
export const isolated = ['OpenWithLongContent'];
