import {
  Alert,
  Badge,
  Button,
  Dialog,
  Pagination,
  Stack,
  Table,
  useToast,
  VisuallyHidden,
  type TableColumn,
} from '@monassurance/ui';
import { useState } from 'react';
import { ApiError } from '../../shared/api/errors.ts';
import { formatBytes, formatDateTime } from '../../shared/lib/format.ts';
import { saveBlob } from '../../shared/lib/save-blob.ts';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import {
  useReloadTemplate,
  useTemplateFiles,
  useTemplateVersion,
  useTemplateVersions,
  useUpdateTemplate,
  type Template,
  type TemplateVersionSummary,
} from './api/templates.ts';
import { warningText } from './template-labels.ts';

/** The problem of a publication that failed; a 409 means someone changed the template meanwhile. */
export function ConflictAwareAlert({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
    return (
      <Alert
        tone="error"
        live
        title="Ce modèle a été modifié entre-temps"
        action={
          <Button variant="secondary" size="sm" onClick={onReload}>
            Recharger
          </Button>
        }
      >
        Rechargez-le pour voir la version actuelle, puis recommencez.
      </Alert>
    );
  }
  return <ProblemAlert error={error} />;
}

function VersionDialog({
  template,
  number,
  onClose,
  onRestore,
}: {
  template: Template;
  number: number | null;
  onClose: () => void;
  onRestore?: (content: string) => void;
}) {
  const version = useTemplateVersion(template.id, number);
  return (
    <Dialog
      title={`Version ${number ?? ''}`}
      isOpen={number !== null}
      onOpenChange={(open) => !open && onClose()}
      size="lg"
      actions={(close) => (
        <>
          {onRestore !== undefined && typeof version.data?.content === 'string' && (
            <Button
              variant="secondary"
              onClick={() => {
                onRestore(version.data?.content ?? '');
                close();
              }}
            >
              Reprendre dans l’éditeur
            </Button>
          )}
          <Button variant="secondary" onClick={close}>
            Fermer
          </Button>
        </>
      )}
    >
      <QueryState query={version} label="Chargement de la version">
        {(v) => (
          <Stack gap={4}>
            <DetailsList
              items={[
                ['Enregistrée le', formatDateTime(v.createdAt)],
                ['Commentaire', v.comment],
                ['État', v.published ? 'Publiée' : 'Non publiée'],
                ['Taille', formatBytes(v.size)],
              ]}
            />
            {v.warnings.length > 0 && (
              <Alert tone="warning" title="Avertissements">
                <ul className="tpl-list">
                  {v.warnings.map((w, i) => (
                    <li key={i}>{warningText(w)}</li>
                  ))}
                </ul>
              </Alert>
            )}
            {v.content !== null && (
              <pre
                className="tpl-code"
                tabIndex={0}
                aria-label={`Source de la version ${v.version}`}
              >
                {v.content}
              </pre>
            )}
          </Stack>
        )}
      </QueryState>
    </Dialog>
  );
}

/**
 * « Versions »: every saved version, newest first; see one, take it back into the editor, publish
 * a former one, download a workbook.
 */
export function VersionHistory({
  template,
  canManage,
  onRestore,
}: {
  template: Template;
  canManage: boolean;
  /** Puts a former version's source into the editor (html templates, managers). */
  onRestore?: (content: string) => void;
}) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const versions = useTemplateVersions(template.id, cursor);
  const update = useUpdateTemplate(template);
  const files = useTemplateFiles(template.id);
  const reload = useReloadTemplate(template.id);
  const toast = useToast();
  const [viewing, setViewing] = useState<number | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const publish = (n: number) =>
    update.mutate(
      { publishedVersion: n },
      {
        onSuccess: () =>
          toast.show({
            tone: 'success',
            title: `Version ${n} publiée`,
            description: 'Les nouveaux documents l’utiliseront.',
          }),
      },
    );

  const download = async (n: number) => {
    setDownloadError(null);
    try {
      const name = `modele-${template.code ?? template.id}-v${n}.xlsx`;
      saveBlob(await files.versionFile(n), name);
    } catch (error) {
      setDownloadError(error);
    }
  };

  const columns: TableColumn<TemplateVersionSummary>[] = [
    { key: 'version', header: 'Version', rowHeader: true, cell: (v) => `Version ${v.version}` },
    { key: 'created', header: 'Enregistrée le', cell: (v) => formatDateTime(v.createdAt) },
    { key: 'comment', header: 'Commentaire', cell: (v) => v.comment ?? '—' },
    {
      key: 'warnings',
      header: 'Avertissements',
      align: 'end',
      cell: (v) => String(v.warnings.length),
    },
    {
      key: 'state',
      header: 'État',
      cell: (v) => (v.published ? <Badge tone="success">Publiée</Badge> : '—'),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (v) => (
        <div className="tpl-row-actions">
          {template.kind === 'html' ? (
            <Button variant="secondary" size="sm" onClick={() => setViewing(v.version)}>
              Voir<VisuallyHidden> la version {v.version}</VisuallyHidden>
            </Button>
          ) : (
            <Button variant="secondary" size="sm" onClick={() => void download(v.version)}>
              Télécharger<VisuallyHidden> la version {v.version}</VisuallyHidden>
            </Button>
          )}
          {canManage && !v.published && (
            <Button
              variant="secondary"
              size="sm"
              loading={update.isPending && update.variables.publishedVersion === v.version}
              loadingLabel="Publication"
              onClick={() => publish(v.version)}
            >
              Publier<VisuallyHidden> la version {v.version}</VisuallyHidden>
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <Stack gap={4}>
      {update.isError && (
        <ConflictAwareAlert
          error={update.error}
          onReload={() => {
            update.reset();
            void reload();
          }}
        />
      )}
      {downloadError !== null && <ProblemAlert error={downloadError} />}
      <QueryState query={versions} label="Chargement des versions">
        {(page) => (
          <Stack gap={4}>
            <Table
              caption="Versions du modèle"
              captionHidden
              columns={columns}
              rows={page.items}
              getRowId={(v) => String(v.version)}
              loading={versions.isFetching && versions.isPlaceholderData}
            />
            {(cursors.length > 0 || page.nextCursor !== null) && (
              <Pagination
                label="Pages des versions"
                hasPrevious={cursors.length > 0}
                hasNext={page.nextCursor !== null}
                onPrevious={() => setCursors((list) => list.slice(0, -1))}
                onNext={() => {
                  const next = page.nextCursor;
                  if (next !== null) setCursors((list) => [...list, next]);
                }}
                status={`Page ${cursors.length + 1}`}
              />
            )}
          </Stack>
        )}
      </QueryState>
      <VersionDialog
        template={template}
        number={viewing}
        onClose={() => setViewing(null)}
        onRestore={canManage ? onRestore : undefined}
      />
    </Stack>
  );
}
