import { Combobox } from '@monassurance/ui';
import { useMemo, useState } from 'react';
import { useClientSearch, type Client } from './api/policies.ts';
import { useDebouncedValue } from './use-debounced-value.ts';

/** The second line of a client in the list: enough to tell two namesakes apart. */
function describeClient(client: Client): string | undefined {
  const parts = [
    client.kind === 'business' && client.siren !== null ? `SIREN ${client.siren}` : client.email,
    client.address?.city,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export interface ClientPickerProps {
  id: string;
  /** The client already chosen (a new policy opened from a client's page, or a filter). */
  initial?: Client;
  value: string;
  onChange: (clientId: string) => void;
  label?: string;
  description?: string;
  required?: boolean;
  error?: string;
}

/**
 * A client chosen by typing part of their name: the API searches (a broker sees only their own
 * clients), the list shows the matches with a second line to tell namesakes apart.
 */
export function ClientPicker({
  id,
  initial,
  value,
  onChange,
  label = 'Client',
  description = 'Tapez une partie du nom ou de la raison sociale, puis choisissez dans la liste.',
  required = false,
  error,
}: ClientPickerProps) {
  const [text, setText] = useState(initial?.displayName ?? '');
  const [chosen, setChosen] = useState<Client | undefined>(initial);
  const search = useClientSearch(useDebouncedValue(text, 250));
  const found = useMemo(() => search.data ?? [], [search.data]);

  const clients = useMemo(
    () =>
      chosen !== undefined && !found.some((c) => c.id === chosen.id) ? [chosen, ...found] : found,
    [chosen, found],
  );
  const options = useMemo(
    () =>
      clients.map((c) => {
        const second = describeClient(c);
        return {
          id: c.id,
          label: c.displayName,
          ...(second !== undefined ? { description: second } : {}),
        };
      }),
    [clients],
  );

  return (
    <Combobox
      id={id}
      label={label}
      description={description}
      required={required}
      options={options}
      selectedId={value === '' ? null : value}
      onSelectionChange={(next) => {
        const client = clients.find((c) => c.id === next);
        setChosen(client);
        // Both the text and the choice are controlled: react-aria leaves the text to us.
        if (client !== undefined) setText(client.displayName);
        onChange(next ?? '');
      }}
      inputValue={text}
      onInputChange={(typed) => {
        setText(typed);
        // Typing something else undoes the choice, so the text never shows one client while
        // the form holds another.
        if (chosen !== undefined && typed !== chosen.displayName) {
          setChosen(undefined);
          onChange('');
        }
      }}
      emptyLabel={search.isFetching ? 'Recherche en cours…' : 'Aucun client ne correspond'}
      error={error}
    />
  );
}
