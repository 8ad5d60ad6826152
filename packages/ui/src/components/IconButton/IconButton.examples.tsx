import { CloseIcon, EditIcon, MenuIcon, TrashIcon } from '../Icon/Icon.tsx';
import { Stack } from '../Stack/Stack.tsx';
import { IconButton } from './IconButton.tsx';

/** Ghost by default; any Button variant; a small size for table rows. */
export function Variants() {
  return (
    <Stack direction="row" gap={3} align="center" wrap>
      <IconButton label="Fermer" icon={<CloseIcon />} />
      <IconButton label="Ouvrir le menu" icon={<MenuIcon />} variant="secondary" />
      <IconButton label="Supprimer la ligne" icon={<TrashIcon />} variant="danger" />
      <IconButton label="Modifier la ligne" icon={<EditIcon />} size="sm" />
    </Stack>
  );
}

/** Busy and disabled, like a Button. */
export function States() {
  return (
    <Stack direction="row" gap={3} align="center">
      <IconButton label="Supprimer" icon={<TrashIcon />} loading variant="secondary" />
      <IconButton label="Modifier" icon={<EditIcon />} disabled variant="secondary" />
    </Stack>
  );
}
