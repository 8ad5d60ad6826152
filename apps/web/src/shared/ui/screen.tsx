import { Page, type PageProps } from '@monassurance/ui';
import { useDocumentTitle } from '../lib/use-document-title.ts';

export interface ScreenProps extends Omit<PageProps, 'title'> {
  /** The h1 and the document title. */
  title: string;
  /** Prefix the document title with « Erreur : » while a form shows errors (GOV.UK's habit). */
  hasErrors?: boolean;
}

/** A screen of the app: a Page whose h1 is also the browser tab's title. */
export function Screen({ title, hasErrors = false, ...rest }: ScreenProps) {
  useDocumentTitle(hasErrors ? `Erreur : ${title}` : title);
  return <Page title={title} {...rest} />;
}
