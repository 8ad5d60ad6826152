import type { Key, ReactNode } from 'react';
import {
  Button,
  ComboBox,
  FieldError,
  I18nProvider,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  useFilter,
} from 'react-aria-components';
import { cx } from '../../internal/class-names.ts';
import { useReactAriaCsp } from '../../internal/react-aria.ts';
import { hasMessage, RequiredMark } from '../Field/Field.tsx';
import { ChevronDownIcon, ErrorIcon } from '../Icon/Icon.tsx';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import '../Field/Field.css';
import './Combobox.css';

export interface ComboboxOption {
  id: string;
  label: string;
  /** A second line in the list (a city, an identifier), read with the option. */
  description?: string;
}

export interface ComboboxProps {
  label: ReactNode;
  description?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  options: readonly ComboboxOption[];
  /** The chosen option's id (controlled), `null` for none; or `defaultSelectedId`. */
  selectedId?: string | null;
  defaultSelectedId?: string | null;
  onSelectionChange?: (id: string | null) => void;
  /** The typed text (controlled), e.g. to search on the server; otherwise options are filtered here. */
  inputValue?: string;
  onInputChange?: (value: string) => void;
  /** The form field name; the chosen option's id is submitted. */
  name?: string;
  placeholder?: string;
  disabled?: boolean;
  /** Shown in the list when nothing matches. */
  emptyLabel?: string;
  /** The input's id, for ErrorSummary links. */
  id?: string;
  className?: string;
}

/**
 * A text input with a list of suggestions to choose from (react-aria-components ComboBox): type
 * to filter, arrows to move, Enter to choose. For a short list, the native Select is simpler.
 */
export function Combobox({
  label,
  description,
  error,
  required = false,
  options,
  selectedId,
  defaultSelectedId,
  onSelectionChange,
  inputValue,
  onInputChange,
  name,
  placeholder,
  disabled = false,
  emptyLabel = 'Aucun résultat',
  id,
  className,
}: ComboboxProps) {
  useReactAriaCsp();
  const { contains } = useFilter({ sensitivity: 'base' });
  const invalid = hasMessage(error);
  return (
    <I18nProvider locale="fr-FR">
      <ComboBox
        className={cx('ma-field', 'ma-combobox', invalid && 'ma-field--invalid', className)}
        defaultItems={options}
        defaultFilter={contains}
        selectedKey={selectedId}
        defaultSelectedKey={defaultSelectedId}
        onSelectionChange={(key: Key | null) =>
          onSelectionChange?.(key === null ? null : String(key))
        }
        inputValue={inputValue}
        onInputChange={onInputChange}
        name={name}
        formValue="key"
        isDisabled={disabled}
        isRequired={required}
        isInvalid={invalid}
        validationBehavior="aria"
        allowsEmptyCollection
      >
        <Label className="ma-field__label">
          {label}
          <RequiredMark required={required} />
        </Label>
        {hasMessage(description) && (
          <Text slot="description" className="ma-field__description">
            {description}
          </Text>
        )}
        <FieldError className="ma-field__error">
          <ErrorIcon className="ma-field__error-icon" />
          <span>
            <VisuallyHidden>{'Erreur\u00a0:'}</VisuallyHidden> {error}
          </span>
        </FieldError>
        <div className="ma-combobox__control">
          <Input id={id} className="ma-input ma-combobox__input" placeholder={placeholder} />
          <Button className="ma-combobox__button">
            <ChevronDownIcon />
          </Button>
        </div>
        <Popover className="ma-combobox__popover" offset={4}>
          <ListBox<ComboboxOption>
            className="ma-combobox__list"
            renderEmptyState={() => <p className="ma-combobox__empty">{emptyLabel}</p>}
          >
            {(option) => (
              <ListBoxItem id={option.id} textValue={option.label} className="ma-combobox__option">
                <Text slot="label">{option.label}</Text>
                {option.description !== undefined && (
                  <Text slot="description" className="ma-combobox__option-description">
                    {option.description}
                  </Text>
                )}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </I18nProvider>
  );
}
