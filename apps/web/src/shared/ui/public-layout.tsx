import { MAIN_CONTENT_ID, SkipLink } from '@monassurance/ui';
import type { ReactNode } from 'react';

/** The frame of the screens before sign-in (login, first run): skip link, header, one column. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="app-public">
      <SkipLink targetId={MAIN_CONTENT_ID} />
      <header className="app-public__header">MONASSURANCE</header>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="app-public__main">
        {children}
      </main>
    </div>
  );
}
