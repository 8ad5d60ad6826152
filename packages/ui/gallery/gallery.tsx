import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  AppShell,
  Badge,
  Breadcrumbs,
  Card,
  Grid,
  Link,
  Page,
  SideNav,
  Table,
  useFocusPageTitleOnNavigation,
  type SideNavSection,
} from '../src/index.ts';
import tokensCss from '../src/tokens.css?raw';
import motionDoc from '../../../docs/motion.md?raw';
import { Markdown, renderInline } from './markdown.tsx';
import { entries, findEntry, type GalleryEntry, type GalleryExample } from './registry.ts';

const TITLE = 'Galerie @monassurance/ui';
/** Distinct from the examples' « Fil d’Ariane », so each landmark has its own name. */
const CRUMBS_LABEL = 'Fil d’Ariane de la galerie';

/** The gallery's sections in the side navigation; a component not listed goes to « Autres ». */
const GROUPS: [string, string[]][] = [
  ['Actions', ['Button', 'IconButton', 'Link']],
  [
    'Formulaires',
    [
      'Form',
      'ErrorSummary',
      'Field',
      'TextField',
      'Textarea',
      'Select',
      'Combobox',
      'DateField',
      'Checkbox',
      'RadioGroup',
    ],
  ],
  ['Données', ['Table', 'Pagination', 'Badge', 'EmptyState', 'Card', 'Tabs']],
  ['Mise en page', ['AppShell', 'SideNav', 'SkipLink', 'Page', 'Breadcrumbs', 'Stack', 'Grid']],
  ['Retours', ['Alert', 'Toast', 'Dialog', 'ProgressBar', 'Spinner']],
];

const grouped = new Set(GROUPS.flatMap(([, names]) => names));
const sections: SideNavSection[] = [
  {
    items: [
      { href: '#/', label: 'Accueil' },
      { href: '#/jetons', label: 'Jetons' },
      { href: '#/mouvement', label: 'Mouvement' },
    ],
  },
  ...[
    ...GROUPS,
    ['Autres', entries.map((entry) => entry.name).filter((n) => !grouped.has(n))] as const,
  ]
    .filter(([, names]) => names.length > 0)
    .map(([title, names]) => ({
      title,
      items: names
        .filter((name) => findEntry(name) !== undefined)
        .map((name) => ({ href: `#/composants/${name}`, label: name })),
    })),
];

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash || '#/');
}

function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} — ${TITLE}`;
  }, [title]);
}

function ExampleBlock({ entry, example }: { entry: GalleryEntry; example: GalleryExample }) {
  const { Component } = example;
  return (
    <div className="gallery-example">
      <h3 className="gallery-example__title">
        <code>{example.name}</code>
      </h3>
      {example.description !== '' && (
        <p className="gallery-example__description" lang="en">
          {renderInline(example.description)}
        </p>
      )}
      {example.placement === 'inline' ? (
        <div className="gallery-example__canvas">
          <Component />
        </div>
      ) : (
        <p>
          <Link variant="standalone" href={`#/exemple/${entry.name}/${example.name}`}>
            Ouvrir l’exemple {example.name} sur une page à part
          </Link>
        </p>
      )}
    </div>
  );
}

function ComponentPage({ entry }: { entry: GalleryEntry }) {
  useDocumentTitle(entry.name);
  return (
    <Page
      title={entry.name}
      description={<span lang="en">{renderInline(entry.summary)}</span>}
      breadcrumbs={
        <Breadcrumbs
          label={CRUMBS_LABEL}
          items={[{ label: 'Accueil', href: '#/' }, { label: entry.name }]}
        />
      }
    >
      <section aria-labelledby="exemples" className="gallery-section">
        <h2 id="exemples">Exemples</h2>
        {entry.examples.map((example) => (
          <ExampleBlock key={example.name} entry={entry} example={example} />
        ))}
      </section>
      <section aria-labelledby="documentation" className="gallery-section gallery-doc">
        <h2 id="documentation">Documentation</h2>
        {/* The READMEs are developer documentation, in English like the code (RGAA 8.7). */}
        <div lang="en">
          <Markdown source={entry.readme} />
        </div>
      </section>
    </Page>
  );
}

function HomePage() {
  useDocumentTitle('Accueil');
  return (
    <Page
      title="Système de conception"
      description="Les composants accessibles de MONASSURANCE : leurs exemples, qui servent aussi de cas de test, et leur documentation (usage, clavier, notes RGAA)."
    >
      <p>
        {entries.length} composants. Chaque exemple est rendu ici tel que les tests le rendent et le
        vérifient avec axe ; la galerie entière est vérifiée avec axe dans Chromium.
      </p>
      <Grid columns={3} as="ul">
        {entries.map((entry) => (
          <li key={entry.name}>
            <Card title={<Link href={`#/composants/${entry.name}`}>{entry.name}</Link>}>
              <p lang="en">{renderInline(entry.summary)}</p>
              <p>
                <Badge tone="info">
                  {entry.examples.length} {entry.examples.length > 1 ? 'exemples' : 'exemple'}
                </Badge>
              </p>
            </Card>
          </li>
        ))}
      </Grid>
    </Page>
  );
}

interface TokenRow {
  name: string;
  value: string;
}

/** The custom properties of tokens.css, in order, from its `:root` block. */
const tokenRows: TokenRow[] = [
  ...(/:root\s*\{([\s\S]*?)\n\}/.exec(tokensCss)?.[1] ?? '').matchAll(/(--ma-[\w-]+):\s*([^;]+);/g),
].map(([, name = '', value = '']) => ({ name, value: value.replace(/\s+/g, ' ').trim() }));

function TokensPage() {
  useDocumentTitle('Jetons');
  const colours = tokenRows.filter((row) => row.name.startsWith('--ma-color-'));
  const others = tokenRows.filter((row) => !row.name.startsWith('--ma-color-'));
  return (
    <Page
      title="Jetons"
      description="Les seules valeurs brutes du système : couleurs, espacements, typographie, rayons, mouvement. Le reste les utilise par var(--ma-…)."
      breadcrumbs={
        <Breadcrumbs
          label={CRUMBS_LABEL}
          items={[{ label: 'Accueil', href: '#/' }, { label: 'Jetons' }]}
        />
      }
    >
      <Table
        caption="Couleurs"
        columns={[
          { key: 'name', header: 'Jeton', rowHeader: true, cell: (row) => <code>{row.name}</code> },
          { key: 'value', header: 'Valeur', cell: (row) => <code>{row.value}</code> },
          {
            key: 'sample',
            header: 'Aperçu',
            cell: (row) => (
              <svg
                className="gallery-swatch"
                viewBox="0 0 48 24"
                aria-hidden="true"
                focusable="false"
              >
                <rect x="0.5" y="0.5" width="47" height="23" rx="4" fill={row.value} />
              </svg>
            ),
          },
        ]}
        rows={colours}
        getRowId={(row) => row.name}
      />
      <Table
        caption="Autres jetons"
        columns={[
          { key: 'name', header: 'Jeton', rowHeader: true, cell: (row) => <code>{row.name}</code> },
          { key: 'value', header: 'Valeur', cell: (row) => <code>{row.value}</code> },
        ]}
        rows={others}
        getRowId={(row) => row.name}
      />
    </Page>
  );
}

function MotionPage() {
  useDocumentTitle('Mouvement');
  return (
    <Page
      title="Mouvement"
      description="Le catalogue des transitions (docs/motion.md), en anglais comme la documentation du code."
      breadcrumbs={
        <Breadcrumbs
          label={CRUMBS_LABEL}
          items={[{ label: 'Accueil', href: '#/' }, { label: 'Mouvement' }]}
        />
      }
    >
      <div className="gallery-doc" lang="en">
        <Markdown source={motionDoc} headingOffset={0} />
      </div>
    </Page>
  );
}

function NotFound() {
  useDocumentTitle('Page introuvable');
  return (
    <Page title="Page introuvable">
      <p>
        <Link href="#/">Revenir à l’accueil</Link>
      </p>
    </Page>
  );
}

/**
 * An example on a page of its own: bare when it brings its own landmarks; otherwise in a main,
 * under an h1 naming it, unless the example has its own h1 (a Page).
 */
function IsolatedExample({ entry, example }: { entry: GalleryEntry; example: GalleryExample }) {
  useDocumentTitle(`${entry.name} — ${example.name}`);
  const main = useRef<HTMLElement>(null);
  const [ownTitle, setOwnTitle] = useState(false);
  useLayoutEffect(() => {
    setOwnTitle((main.current?.querySelector('.gallery-isolated__example h1') ?? null) !== null);
  }, []);
  const { Component } = example;
  if (example.placement === 'page') return <Component />;
  const Title = ownTitle ? 'p' : 'h1';
  return (
    <main id="contenu" ref={main} className="gallery-isolated">
      <Title className="gallery-isolated__title">
        {entry.name} — <code>{example.name}</code>
      </Title>
      <p>
        <Link href={`#/composants/${entry.name}`}>Revenir à {entry.name}</Link>
      </p>
      <div className="gallery-isolated__example">
        <Component />
      </div>
    </main>
  );
}

export function Gallery() {
  const hash = useHash();
  const path = hash.slice(1);
  useFocusPageTitleOnNavigation(path);
  const [, first, second, third] = path.split('/');

  if (first === 'exemple') {
    const entry = findEntry(second);
    const example = entry?.examples.find((candidate) => candidate.name === third);
    if (entry !== undefined && example !== undefined) {
      return <IsolatedExample key={hash} entry={entry} example={example} />;
    }
  }

  const entry = first === 'composants' ? findEntry(second) : undefined;
  const page =
    path === '/' ? (
      <HomePage />
    ) : first === 'jetons' ? (
      <TokensPage />
    ) : first === 'mouvement' ? (
      <MotionPage />
    ) : entry !== undefined ? (
      <ComponentPage key={entry.name} entry={entry} />
    ) : (
      <NotFound />
    );

  return (
    <AppShell
      brand={<a href="#/">{TITLE}</a>}
      navigation={<SideNav currentHref={hash} sections={sections} />}
      footer={<p>MONASSURANCE — logiciel libre publié sous licence AGPL-3.0-or-later.</p>}
    >
      {page}
    </AppShell>
  );
}
