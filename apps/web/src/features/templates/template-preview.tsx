import { Alert, Combobox, RadioGroup, Spinner, Stack, Tabs } from '@monassurance/ui';
import { useState } from 'react';
import { PRODUCT_LINE_LABELS } from '../../shared/lib/portfolio-labels.ts';
import { useObjectUrl } from '../../shared/lib/use-object-url.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { ShadowHtmlPreview } from '../../shared/ui/shadow-html-preview.tsx';
import { useDraftPreview, usePolicySearch, type PreviewFormat } from './api/templates.ts';
import { sourceProblemsOf } from './template-labels.ts';

type PreviewQuery = ReturnType<typeof useDraftPreview>;

const DATA_OPTIONS = [
  { value: 'exemple', label: 'Données d’exemple' },
  { value: 'contrat', label: 'Un contrat du portefeuille' },
];

/** Which policy fills the preview: typed by number, chosen in the suggestions. */
function PolicyPicker({
  policyId,
  onChange,
}: {
  policyId: string | null;
  onChange: (id: string | null) => void;
}) {
  const [text, setText] = useState('');
  const policies = usePolicySearch(text);
  const options = (policies.data ?? []).map((p) => ({
    id: p.id,
    label: p.number,
    description: PRODUCT_LINE_LABELS[p.productLine],
  }));
  return (
    <Combobox
      id="preview-policy"
      label="Contrat"
      description="Tapez le début du numéro de contrat, puis choisissez-le dans la liste."
      options={options}
      selectedId={policyId}
      onSelectionChange={onChange}
      inputValue={text}
      onInputChange={setText}
      emptyLabel={text.trim() === '' ? 'Tapez un numéro de contrat' : 'Aucun contrat trouvé'}
    />
  );
}

/** The last value that was there: the last good render stays on screen while the draft is broken. */
function useLastDefined<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}

/** What is going on above the preview: rendering, or why it is not up to date. */
function PreviewState({ query, what }: { query: PreviewQuery; what: string }) {
  if (query.isFetching) {
    return <Spinner size="sm" label={`Mise à jour de l’aperçu ${what}`} showLabel />;
  }
  if (query.isError && sourceProblemsOf(query.error).length > 0) {
    return (
      <Alert tone="warning" title="Aperçu non mis à jour">
        La source contient une erreur (indiquée sous l’éditeur) : l’aperçu montre le dernier rendu
        réussi.
      </Alert>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} />;
  return null;
}

function HtmlPane({ query }: { query: PreviewQuery }) {
  const html = useLastDefined(query.data?.format === 'html' ? query.data.html : null);
  return (
    <Stack gap={3}>
      <PreviewState query={query} what="HTML" />
      {html !== null && (
        <ShadowHtmlPreview html={html} label="Aperçu HTML du modèle" className="tpl-preview" />
      )}
    </Stack>
  );
}

function PdfPane({ query }: { query: PreviewQuery }) {
  const url = useObjectUrl(useLastDefined(query.data?.format === 'pdf' ? query.data.pdf : null));
  return (
    <Stack gap={3}>
      <PreviewState query={query} what="PDF" />
      {url !== null && (
        <iframe title="Aperçu PDF du modèle" src={url} className="tpl-preview tpl-preview--pdf" />
      )}
    </Stack>
  );
}

export interface LivePreview {
  tab: PreviewFormat;
  setTab: (tab: PreviewFormat) => void;
  dataSource: 'exemple' | 'contrat';
  setDataSource: (source: 'exemple' | 'contrat') => void;
  policyId: string | null;
  setPolicyId: (id: string | null) => void;
  html: PreviewQuery;
  pdf: PreviewQuery;
  /** The syntax errors the server found in the draft (shown at the editor). */
  problems: ReturnType<typeof sourceProblemsOf>;
}

/**
 * The live preview of a draft (already debounced by the caller): only the visible tab renders;
 * sample data, or a real policy of the portfolio.
 */
export function useLivePreview(templateId: string, draft: string): LivePreview {
  const [tab, setTab] = useState<PreviewFormat>('html');
  const [dataSource, setDataSource] = useState<'exemple' | 'contrat'>('exemple');
  const [policyId, setPolicyId] = useState<string | null>(null);
  const subject = dataSource === 'contrat' ? policyId : null;
  const html = useDraftPreview(
    templateId,
    { content: draft, format: 'html', policyId: subject },
    tab === 'html',
  );
  const pdf = useDraftPreview(
    templateId,
    { content: draft, format: 'pdf', policyId: subject },
    tab === 'pdf',
  );
  const active = tab === 'html' ? html : pdf;
  const problems = active.isError && !active.isFetching ? sourceProblemsOf(active.error) : [];
  return { tab, setTab, dataSource, setDataSource, policyId, setPolicyId, html, pdf, problems };
}

/**
 * The preview panel: HTML (in a shadow root, no CSP loosening) or PDF (the server's print, shown
 * from a blob URL), with the choice of data.
 */
export function TemplatePreview({ preview }: { preview: LivePreview }) {
  const { tab, setTab, dataSource, setDataSource, policyId, setPolicyId, html, pdf } = preview;
  return (
    <Stack gap={4}>
      <RadioGroup
        legend="Données de l’aperçu"
        options={DATA_OPTIONS}
        value={dataSource}
        onChange={(value) => setDataSource(value === 'contrat' ? 'contrat' : 'exemple')}
        orientation="horizontal"
      />
      {dataSource === 'contrat' && <PolicyPicker policyId={policyId} onChange={setPolicyId} />}
      {dataSource === 'contrat' && policyId === null && (
        <p className="tpl-muted">
          Choisissez un contrat ; en attendant, l’aperçu utilise les données d’exemple.
        </p>
      )}
      <Tabs
        label="Aperçu du modèle"
        selectedId={tab}
        onSelectionChange={(id) => setTab(id === 'pdf' ? 'pdf' : 'html')}
        tabs={[
          { id: 'html', label: 'Aperçu HTML', content: <HtmlPane query={html} /> },
          { id: 'pdf', label: 'Aperçu PDF', content: <PdfPane query={pdf} /> },
        ]}
      />
    </Stack>
  );
}
