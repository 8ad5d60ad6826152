/**
 * @monassurance/ui — the accessible design system: tokens and React components. Nothing in it
 * knows about insurance. Load the tokens once in the app: `import '@monassurance/ui/tokens.css'`;
 * each component imports its own stylesheet.
 */
export { tokens, type TokenReference, type Tokens } from './tokens.ts';

export {
  Alert,
  TONE_ICONS,
  TONE_LABELS,
  type AlertProps,
  type AlertTone,
} from './components/Alert/Alert.tsx';
export { AppShell, type AppShellProps } from './components/AppShell/AppShell.tsx';
export { Badge, type BadgeProps, type BadgeTone } from './components/Badge/Badge.tsx';
export {
  Breadcrumbs,
  type BreadcrumbItem,
  type BreadcrumbsProps,
} from './components/Breadcrumbs/Breadcrumbs.tsx';
export {
  Button,
  type ButtonProps,
  type ButtonSize,
  type ButtonVariant,
} from './components/Button/Button.tsx';
export { Card, type CardProps } from './components/Card/Card.tsx';
export {
  Checkbox,
  CheckboxGroup,
  type CheckboxGroupProps,
  type CheckboxOption,
  type CheckboxProps,
} from './components/Checkbox/Checkbox.tsx';
export {
  Combobox,
  type ComboboxOption,
  type ComboboxProps,
} from './components/Combobox/Combobox.tsx';
export { DateField, type DateFieldProps } from './components/DateField/DateField.tsx';
export { Dialog, type DialogProps } from './components/Dialog/Dialog.tsx';
export { EmptyState, type EmptyStateProps } from './components/EmptyState/EmptyState.tsx';
export {
  ErrorSummary,
  type ErrorSummaryItem,
  type ErrorSummaryProps,
} from './components/ErrorSummary/ErrorSummary.tsx';
export {
  Field,
  FieldDescription,
  FieldErrorMessage,
  Fieldset,
  hasMessage,
  joinIds,
  RequiredMark,
  useFieldIds,
  type FieldControlProps,
  type FieldProps,
  type FieldsetProps,
  type FieldTextProps,
} from './components/Field/Field.tsx';
export { Form, FormSubmissionContext, type FormProps } from './components/Form/Form.tsx';
export { Grid, type GridProps } from './components/Grid/Grid.tsx';
export * from './components/Icon/Icon.tsx';
export { IconButton, type IconButtonProps } from './components/IconButton/IconButton.tsx';
export { Link, type LinkProps } from './components/Link/Link.tsx';
export {
  NavigationProvider,
  useLinkClickHandler,
  type Navigate,
  type NavigationProviderProps,
} from './components/Link/navigation.tsx';
export {
  focusPageTitle,
  Page,
  useFocusPageTitleOnNavigation,
  type PageProps,
} from './components/Page/Page.tsx';
export { Pagination, type PaginationProps } from './components/Pagination/Pagination.tsx';
export { ProgressBar, type ProgressBarProps } from './components/ProgressBar/ProgressBar.tsx';
export {
  RadioGroup,
  type RadioGroupProps,
  type RadioOption,
} from './components/RadioGroup/RadioGroup.tsx';
export { Select, type SelectOption, type SelectProps } from './components/Select/Select.tsx';
export {
  isCurrentHref,
  SideNav,
  type SideNavItem,
  type SideNavProps,
  type SideNavSection,
} from './components/SideNav/SideNav.tsx';
export { MAIN_CONTENT_ID, SkipLink, type SkipLinkProps } from './components/SkipLink/SkipLink.tsx';
export { Spinner, type SpinnerProps } from './components/Spinner/Spinner.tsx';
export { Stack, type SpaceStep, type StackProps } from './components/Stack/Stack.tsx';
export {
  Table,
  type SortDirection,
  type TableColumn,
  type TableProps,
  type TableSort,
} from './components/Table/Table.tsx';
export { Tabs, type TabItem, type TabsProps } from './components/Tabs/Tabs.tsx';
export { Textarea, type TextareaProps } from './components/Textarea/Textarea.tsx';
export {
  TextField,
  type FieldWidth,
  type TextFieldProps,
} from './components/TextField/TextField.tsx';
export {
  ToastProvider,
  useToast,
  type ToastApi,
  type ToastOptions,
  type ToastProviderProps,
} from './components/Toast/Toast.tsx';
export {
  VisuallyHidden,
  type VisuallyHiddenProps,
} from './components/VisuallyHidden/VisuallyHidden.tsx';
export type { HeadingLevel } from './internal/heading.tsx';
