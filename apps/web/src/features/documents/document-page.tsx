import {
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  Form,
  Link,
  Select,
  Spinner,
  Stack,
  TextField,
} from '@monassurance/ui';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { formatBytes, formatDateTime } from '../../shared/lib/format.ts';
import { saveBlob } from '../../shared/lib/save-blob.ts';
import { useObjectUrl } from '../../shared/lib/use-object-url.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { ShadowHtmlPreview } from '../../shared/ui/shadow-html-preview.tsx';
import {
  useCreateLink,
  useDocument,
  useDocumentContent,
  useDownloadDocument,
  useTemplateChoices,
  type DocumentRecord,
  type DownloadLink,
} from './api/documents.ts';
import { absoluteUrl, FORMAT_LABELS } from './document-labels.ts';
import './documents.css';

const LIFETIMES = [
  { value: '300', label: '5 minutes' },
  { value: '3600', label: '1 heure' },
  { value: '86400', label: '24 heures' },
];

/** The document as it will print: the PDF in a frame, an HTML page in a shadow root. */
function DocumentPreview({ document }: { document: DocumentRecord }) {
  const previewable = document.format !== 'xlsx';
  const content = useDocumentContent(document, previewable);
  const pdfUrl = useObjectUrl(document.format === 'pdf' ? content.data?.blob : null);
  const html = content.data?.text ?? null;

  if (!previewable) {
    return <p>Un classeur Excel ne s’affiche pas ici : téléchargez-le pour l’ouvrir.</p>;
  }
  if (content.isError) return <ProblemAlert error={content.error} />;
  if (document.format === 'pdf' && pdfUrl !== null) {
    return <iframe title="Aperçu du document" src={pdfUrl} className="doc-preview" />;
  }
  if (document.format === 'html' && html !== null) {
    return <ShadowHtmlPreview html={html} label="Aperçu du document" className="doc-preview" />;
  }
  return <Spinner label="Chargement de l’aperçu" showLabel />;
}

/** « Télécharger »: through the API (with the session), saved under the document's file name. */
function DownloadButton({ document }: { document: DocumentRecord }) {
  const download = useDownloadDocument();
  return (
    <Stack gap={3}>
      <div>
        <Button
          loading={download.isPending}
          loadingLabel="Téléchargement"
          onClick={() =>
            download.mutate(document.id, {
              onSuccess: (blob) => saveBlob(blob, document.fileName),
            })
          }
        >
          Télécharger
        </Button>
      </div>
      {download.isError && <ProblemAlert error={download.error} />}
    </Stack>
  );
}

/** The link just created, to copy: it is shown once (the server keeps only its hash). */
function CreatedLink({ link }: { link: DownloadLink }) {
  const url = absoluteUrl(link.url, window.location.origin);
  const field = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState('');

  const selectLink = () => {
    field.current?.focus();
    field.current?.select();
  };
  const copy = async () => {
    setMessage('');
    try {
      if (navigator.clipboard === undefined) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(url);
      setMessage('Lien copié');
    } catch {
      // Without clipboard access (an insecure page, a refusal), the user copies it by hand.
      selectLink();
      setMessage(
        'Copie impossible : le lien est sélectionné, copiez-le avec Ctrl+C (Cmd+C sur Mac).',
      );
    }
  };

  return (
    <Stack gap={3}>
      <TextField
        ref={field}
        id="document-link-url"
        label="Lien de téléchargement"
        description={`Expire le ${formatDateTime(link.expiresAt)}${
          link.singleUse ? ' ; utilisable une seule fois' : ''
        }. Il n’est montré qu’une fois : copiez-le maintenant.`}
        value={url}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="doc-actions">
        <Button variant="secondary" onClick={() => void copy()}>
          Copier le lien
        </Button>
        <p role="status" className="doc-status">
          {message}
        </p>
      </div>
    </Stack>
  );
}

/** « Lien de téléchargement »: a link that needs no sign-in, for a client or a partner. */
function LinkCard({ document }: { document: DocumentRecord }) {
  const create = useCreateLink(document.id);
  const submit = (data: FormData) =>
    create.mutate({
      ttlSeconds: Number(data.get('ttl') ?? 300),
      singleUse: data.get('singleUse') === 'on',
    });
  return (
    <Card title="Partager par un lien" headingLevel={2}>
      <Stack gap={4}>
        <p>
          Un lien qui permet de télécharger ce document sans se connecter, par exemple pour
          l’envoyer au client.
        </p>
        <Form aria-label="Créer un lien de téléchargement" onSubmit={submit}>
          <Stack gap={4}>
            {create.isError && <ProblemAlert error={create.error} />}
            <Select
              id="document-link-ttl"
              name="ttl"
              label="Durée de validité"
              options={LIFETIMES}
              defaultValue="300"
              width="medium"
            />
            <Checkbox name="singleUse" label="Utilisable une seule fois" defaultChecked />
            <div>
              <Button
                type="submit"
                variant={create.data === undefined ? 'primary' : 'secondary'}
                loading={create.isPending}
                loadingLabel="Création"
              >
                Créer un lien de téléchargement
              </Button>
            </div>
          </Stack>
        </Form>
        {create.data !== undefined && <CreatedLink key={create.data.id} link={create.data} />}
      </Stack>
    </Card>
  );
}

function DocumentDetails({ document }: { document: DocumentRecord }) {
  const canShare = useHasRole('admin', 'manager', 'broker');
  const templates = useTemplateChoices(false);
  const template = templates.data?.find((t) => t.id === document.templateId);
  return (
    <Screen
      title={document.fileName}
      description={`${template?.name ?? 'Document'} produit le ${formatDateTime(document.createdAt)}.`}
      breadcrumbs={
        <Breadcrumbs
          items={[{ label: 'Documents', href: '/documents' }, { label: document.fileName }]}
        />
      }
      actions={<DownloadButton document={document} />}
    >
      <Stack gap={7}>
        <Card>
          <DetailsList
            items={[
              [
                'Modèle',
                <Link key="template" href={`/modeles/${document.templateId}`}>
                  {template?.name ?? 'Voir le modèle'}
                </Link>,
              ],
              ['Version du modèle', String(document.templateVersion)],
              ['Format', FORMAT_LABELS[document.format]],
              [
                'Concerne',
                document.policyId !== null ? (
                  <Link key="policy" href={`/contrats/${document.policyId}`}>
                    Voir le contrat
                  </Link>
                ) : document.clientId !== null ? (
                  <Link key="client" href={`/clients/${document.clientId}`}>
                    Voir le client
                  </Link>
                ) : null,
              ],
              ['Créé le', formatDateTime(document.createdAt)],
              ['Taille', formatBytes(document.size)],
              [
                'Empreinte SHA-256',
                <code key="sha" className="doc-hash">
                  {document.sha256}
                </code>,
              ],
            ]}
          />
        </Card>
        {canShare && <LinkCard document={document} />}
        <section aria-labelledby="doc-preview-title">
          <h2 id="doc-preview-title">Aperçu</h2>
          <DocumentPreview document={document} />
        </section>
      </Stack>
    </Screen>
  );
}

/** `/documents/:id`: what the document is, its preview, download and shareable link. */
export function DocumentPage() {
  const { id = '' } = useParams();
  const document = useDocument(id);
  if (document.isPending || document.isError) {
    return (
      <Screen title="Document">
        <QueryState query={document} label="Chargement du document">
          {() => null}
        </QueryState>
      </Screen>
    );
  }
  return <DocumentDetails document={document.data} />;
}
