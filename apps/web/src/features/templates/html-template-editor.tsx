import {
  Alert,
  Button,
  Checkbox,
  ErrorSummary,
  Form,
  Stack,
  Textarea,
  TextField,
  useToast,
  VisuallyHidden,
} from '@monassurance/ui';
import { useRef, useState } from 'react';
import type { FieldProblem } from '../../shared/api/errors.ts';
import { errorsByField } from '../../shared/api/errors.ts';
import { summaryOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { useCreateVersion, type Template, type TemplateWarning } from './api/templates.ts';
import { DataModelDialog } from './data-model-dialog.tsx';
import {
  describeProblem,
  offsetOf,
  placeOf,
  sourceProblemsOf,
  warningText,
} from './template-labels.ts';
import { TemplatePreview, useLivePreview } from './template-preview.tsx';
import { useDebouncedValue } from './use-debounced-value.ts';
import { VersionHistory } from './version-history.tsx';

/** How long typing must pause before the preview renders the draft again. */
const PREVIEW_DELAY_MS = 500;
const FIELDS = ['content', 'comment'] as const;
const PREFIX = 'template';

function WarningsAlert({ title, warnings }: { title: string; warnings: TemplateWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert tone="warning" title={title}>
      <ul className="tpl-list">
        {warnings.map((warning, index) => (
          <li key={index}>{warningText(warning)}</li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * The editor of an html template: its source on the left, a live preview of the unsaved draft on
 * the right (HTML or PDF, re-rendered when typing pauses), syntax errors at the editor,
 * « Enregistrer » for a new version (published at once on request), then the history.
 */
export function HtmlTemplateEditor({
  template,
  initialSource,
  initialWarnings,
  baseVersion,
  onErrorsChange,
}: {
  template: Template;
  initialSource: string;
  initialWarnings: TemplateWarning[];
  /** The version the editor opened with. */
  baseVersion: number;
  /** The screen's title says « Erreur : » while the form shows errors. */
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const [draft, setDraft] = useState(initialSource);
  const [saved, setSaved] = useState({ source: initialSource, version: baseVersion });
  const [warnings, setWarnings] = useState({ version: baseVersion, list: initialWarnings });
  const [errors, setErrorsState] = useState<Record<string, string>>({});
  const setErrors = (next: Record<string, string>) => {
    setErrorsState(next);
    onErrorsChange(Object.keys(next).length > 0);
  };
  const [saveProblems, setSaveProblems] = useState<FieldProblem[]>([]);
  const [comment, setComment] = useState('');
  const [publish, setPublish] = useState(false);
  const source = useRef<HTMLTextAreaElement>(null);
  const save = useCreateVersion(template.id);
  const toast = useToast();
  const preview = useLivePreview(template.id, useDebouncedValue(draft, PREVIEW_DELAY_MS));

  // A save refused for its syntax speaks until the draft changes; then the live preview does.
  const problems = saveProblems.length > 0 ? saveProblems : preview.problems;
  const contentError =
    errors.content ?? (problems[0] !== undefined ? describeProblem(problems[0]) : undefined);
  const dirty = draft !== saved.source;

  const goTo = (problem: FieldProblem) => {
    const element = source.current;
    if (element === null || problem.line === undefined) return;
    const offset = offsetOf(draft, problem.line, problem.column);
    element.focus();
    element.setSelectionRange(offset, offset);
  };

  const edit = (value: string) => {
    setDraft(value);
    if (saveProblems.length > 0) setSaveProblems([]);
    if (errors.content !== undefined) {
      setErrors(Object.fromEntries(Object.entries(errors).filter(([name]) => name !== 'content')));
    }
  };

  const submit = () => {
    if (!dirty) {
      setErrors({
        content: `La source n’a pas changé depuis la version ${saved.version} : modifiez-la avant d’enregistrer.`,
      });
      return;
    }
    setErrors({});
    setSaveProblems([]);
    const content = draft;
    save.mutate(
      { source: { content }, comment: comment.trim() || undefined, publish },
      {
        onSuccess: (created) => {
          setSaved({ source: content, version: created.version });
          setWarnings({ version: created.version, list: created.warnings });
          setComment('');
          setPublish(false);
          const published = created.publishedVersion === created.version;
          toast.show({
            tone: 'success',
            title: `Version ${created.version} enregistrée${published ? ' et publiée' : ''}`,
            description:
              created.warnings.length > 0
                ? `${created.warnings.length} avertissement(s) : voyez-les au-dessus de la source.`
                : undefined,
          });
        },
        onError: (error) => {
          const found = sourceProblemsOf(error);
          setSaveProblems(found);
          const byField = errorsByField(error);
          if (found[0] !== undefined) byField.content = describeProblem(found[0]);
          setErrors(byField);
        },
      },
    );
  };

  const serverFailure =
    save.isError && Object.keys(errorsByField(save.error)).length === 0 ? save.error : null;

  return (
    <Stack gap={7}>
      <div className="tpl-editor">
        <section aria-labelledby="tpl-source-title" className="tpl-editor__pane">
          <h2 id="tpl-source-title">Source</h2>
          <Form
            aria-label="Nouvelle version du modèle"
            onSubmit={submit}
            className="tpl-editor__form"
          >
            <Stack gap={4}>
              <ErrorSummary errors={summaryOf(errors, FIELDS, PREFIX)} />
              {serverFailure !== null && <ProblemAlert error={serverFailure} />}
              <WarningsAlert
                title={`Avertissements de la version ${warnings.version}`}
                warnings={warnings.list}
              />
              <VisuallyHidden role="status">
                {saveProblems.length === 0 && problems[0] !== undefined
                  ? `Erreur dans la source. ${describeProblem(problems[0])}`
                  : ''}
              </VisuallyHidden>
              {problems[0]?.line !== undefined && (
                <div>
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => problems[0] && goTo(problems[0])}
                  >
                    Aller à l’erreur ({placeOf(problems[0]).toLowerCase()})
                  </Button>
                </div>
              )}
              <Textarea
                ref={source}
                id={`${PREFIX}-content`}
                name="content"
                label="Source du modèle"
                description={
                  dirty
                    ? `Modifiée depuis la version ${saved.version} (non enregistrée).`
                    : `Version ${saved.version}.`
                }
                rows={28}
                value={draft}
                onChange={(event) => edit(event.target.value)}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                className="tpl-source"
                error={contentError}
              />
              <TextField
                id={`${PREFIX}-comment`}
                name="comment"
                label="Commentaire de la version (facultatif)"
                description="Ce qui change, pour l’historique."
                value={comment}
                onChange={(event) => setComment(event.target.value)}
                maxLength={500}
                error={errors.comment}
              />
              <Checkbox
                label="Publier cette version"
                description="Les nouveaux documents l’utiliseront aussitôt."
                checked={publish}
                onChange={(event) => setPublish(event.target.checked)}
              />
              <div className="tpl-actions">
                <Button type="submit" loading={save.isPending} loadingLabel="Enregistrement">
                  Enregistrer
                </Button>
                <DataModelDialog />
              </div>
            </Stack>
          </Form>
        </section>
        <section aria-labelledby="tpl-preview-title" className="tpl-editor__pane">
          <h2 id="tpl-preview-title">Aperçu</h2>
          <TemplatePreview preview={preview} />
        </section>
      </div>
      <section aria-labelledby="tpl-versions-title">
        <h2 id="tpl-versions-title">Versions</h2>
        <VersionHistory template={template} canManage onRestore={edit} />
      </section>
    </Stack>
  );
}
