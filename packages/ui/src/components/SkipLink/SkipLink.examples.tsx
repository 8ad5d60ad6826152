import { SkipLink } from './SkipLink.tsx';

/**
 * Press Tab: the link appears; Enter moves the focus to the target below. (In an app, AppShell
 * renders it, targeting `<main id="contenu">`.)
 */
export function Default() {
  return (
    <div className="ma-skip-link-example">
      <SkipLink targetId="exemple-cible" label="Aller au contenu principal" />
      <nav aria-label="Menu de l’exemple">
        <a href="#un">Un</a> · <a href="#deux">Deux</a> · <a href="#trois">Trois</a>
      </nav>
      <div id="exemple-cible" tabIndex={-1}>
        <p>Le contenu principal commence ici.</p>
      </div>
    </div>
  );
}
