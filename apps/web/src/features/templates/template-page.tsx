import {
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Dialog,
  Spinner,
  Stack,
  TrashIcon,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../shared/lib/format.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { DetailsList } from '../../shared/ui/details-list.tsx';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import {
  useDeleteTemplate,
  useReloadTemplate,
  useTemplate,
  useTemplateVersion,
  useUpdateTemplate,
  type Template,
} from './api/templates.ts';
import { HtmlTemplateEditor } from './html-template-editor.tsx';
import { KIND_LABELS, STARTER_LABELS } from './template-labels.ts';
import { ConflictAwareAlert, VersionHistory } from './version-history.tsx';
import { XlsxTemplatePanel } from './xlsx-template-panel.tsx';
import './templates.css';

/** « Désactiver » / « Réactiver » and « Supprimer » (with a confirmation). */
function TemplateActions({ template }: { template: Template }) {
  const update = useUpdateTemplate(template);
  const remove = useDeleteTemplate(template.id);
  const reload = useReloadTemplate(template.id);
  const toast = useToast();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);

  const toggle = () =>
    update.mutate(
      { active: !template.active },
      {
        onSuccess: (updated) =>
          toast.show({
            tone: 'success',
            title: updated.active ? 'Modèle réactivé' : 'Modèle désactivé',
            description: updated.active
              ? undefined
              : 'Il ne produit plus de nouveaux documents ; les documents existants restent.',
          }),
      },
    );

  const confirmDelete = () =>
    remove.mutate(undefined, {
      onSuccess: (result) => {
        setConfirming(false);
        if (result.deleted) {
          toast.show({ tone: 'success', title: `Modèle « ${template.name} » supprimé` });
          void navigate('/modeles');
        } else {
          toast.show({
            tone: 'info',
            title: 'Modèle désactivé plutôt que supprimé',
            description: 'Des documents ont été produits avec ce modèle : il est conservé.',
          });
        }
      },
    });

  return (
    <Stack gap={3}>
      <div className="tpl-actions">
        <Button
          variant="secondary"
          loading={update.isPending && update.variables.active !== undefined}
          onClick={toggle}
        >
          {template.active ? 'Désactiver' : 'Réactiver'}
        </Button>
        <Button variant="danger" icon={<TrashIcon />} onClick={() => setConfirming(true)}>
          Supprimer
        </Button>
      </div>
      {update.isError && update.variables.active !== undefined && (
        <ConflictAwareAlert
          error={update.error}
          onReload={() => {
            update.reset();
            void reload();
          }}
        />
      )}
      <Dialog
        role="alertdialog"
        title="Supprimer ce modèle ?"
        isOpen={confirming}
        onOpenChange={setConfirming}
        actions={(close) => (
          <>
            <Button variant="secondary" onClick={close} autoFocus>
              Conserver
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              loadingLabel="Suppression"
              onClick={confirmDelete}
            >
              Supprimer
            </Button>
          </>
        )}
      >
        <Stack gap={3}>
          <p>
            « {template.name} » et toutes ses versions seront supprimés. Si des documents ont déjà
            été produits avec ce modèle, il sera seulement désactivé.
          </p>
          {remove.isError && <ProblemAlert error={remove.error} />}
        </Stack>
      </Dialog>
    </Stack>
  );
}

/** The source of the published version, for those who may read but not edit. */
function ReadOnlySource({ template }: { template: Template }) {
  const version = useTemplateVersion(template.id, template.publishedVersion);
  return (
    <Stack gap={7}>
      <section aria-labelledby="tpl-source-title">
        <h2 id="tpl-source-title">Source de la version publiée</h2>
        <QueryState query={version} label="Chargement de la source">
          {(v) => (
            <pre className="tpl-code" tabIndex={0} aria-label={`Source de la version ${v.version}`}>
              {v.content}
            </pre>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="tpl-versions-title">
        <h2 id="tpl-versions-title">Versions</h2>
        <VersionHistory template={template} canManage={false} />
      </section>
    </Stack>
  );
}

/** The editor opens on the latest version (perhaps not yet published). */
function HtmlEditorLoader({
  template,
  onErrorsChange,
}: {
  template: Template;
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const [base] = useState(template.latestVersion);
  const version = useTemplateVersion(template.id, base);
  if (version.isPending) return <Spinner label="Chargement de la source" showLabel />;
  if (version.isError) return <ProblemAlert error={version.error} />;
  return (
    <HtmlTemplateEditor
      template={template}
      initialSource={version.data.content ?? ''}
      initialWarnings={version.data.warnings}
      baseVersion={base}
      onErrorsChange={onErrorsChange}
    />
  );
}

function TemplateDetails({ template }: { template: Template }) {
  const canManage = useHasRole('admin', 'manager');
  const starter = template.code === null ? undefined : STARTER_LABELS[template.code];
  const [hasErrors, setHasErrors] = useState(false);
  return (
    <Screen
      title={template.name}
      hasErrors={hasErrors}
      description={template.description ?? undefined}
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Modèles', href: '/modeles' }, { label: template.name }]} />
      }
      actions={canManage ? <TemplateActions template={template} /> : undefined}
    >
      <Stack gap={7}>
        <Card>
          <DetailsList
            items={[
              ['Type', KIND_LABELS[template.kind]],
              ['Modèle fourni', starter ?? 'Non'],
              ['Version publiée', String(template.publishedVersion)],
              ['Dernière version', String(template.latestVersion)],
              [
                'État',
                template.active ? (
                  <Badge tone="success">Actif</Badge>
                ) : (
                  <Badge tone="neutral">Désactivé</Badge>
                ),
              ],
              ['Modifié le', formatDateTime(template.updatedAt)],
            ]}
          />
        </Card>
        {template.kind === 'xlsx' ? (
          <XlsxTemplatePanel
            template={template}
            canManage={canManage}
            onErrorsChange={setHasErrors}
          />
        ) : canManage ? (
          <HtmlEditorLoader key={template.id} template={template} onErrorsChange={setHasErrors} />
        ) : (
          <ReadOnlySource template={template} />
        )}
      </Stack>
    </Screen>
  );
}

/** `/modeles/:id`: one template — editor and live preview (html), or workbook versions (xlsx). */
export function TemplatePage() {
  const { id = '' } = useParams();
  const template = useTemplate(id);
  if (template.isPending || template.isError) {
    return (
      <Screen title="Modèle">
        <QueryState query={template} label="Chargement du modèle">
          {() => null}
        </QueryState>
      </Screen>
    );
  }
  return <TemplateDetails template={template.data} />;
}
