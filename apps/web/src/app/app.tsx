import './app.css';
import { WelcomePage } from '../features/welcome/index.ts';

/** Target of the skip link: the main landmark. */
const MAIN_CONTENT_ID = 'contenu';

/** The page shell: skip link, header, main landmark and footer around the current page. */
export function App() {
  return (
    <div className="app">
      <a className="app-skip-link" href={`#${MAIN_CONTENT_ID}`}>
        Aller au contenu principal
      </a>
      <header className="app-header">
        <div className="app-container">
          <a className="app-brand" href="/">
            MONASSURANCE
          </a>
        </div>
      </header>
      {/* tabIndex -1: the skip link moves keyboard focus here, not only the scroll position. */}
      <main id={MAIN_CONTENT_ID} className="app-main" tabIndex={-1}>
        <div className="app-container">
          <WelcomePage />
        </div>
      </main>
      <footer className="app-footer">
        <div className="app-container">
          <p>MONASSURANCE — logiciel libre publié sous licence AGPL-3.0-or-later.</p>
        </div>
      </footer>
    </div>
  );
}
