import {
  Alert,
  Button,
  Card,
  Checkbox,
  ErrorSummary,
  Form,
  Stack,
  TextField,
  useToast,
} from '@monassurance/ui';
import { useState } from 'react';
import { errorsByField } from '../../shared/api/errors.ts';
import { saveBlob } from '../../shared/lib/save-blob.ts';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import {
  useCreateVersion,
  useTemplateFiles,
  type Template,
  type TemplateWarning,
} from './api/templates.ts';
import { describeProblem, sourceProblemsOf, warningText } from './template-labels.ts';
import { VersionHistory } from './version-history.tsx';
import { WorkbookField, workbookOf } from './workbook-field.tsx';

const FIELDS = ['file', 'comment'] as const;
const PREFIX = 'workbook';

/** « Nouvelle version » of a workbook template: upload, comment, publish or not. */
function NewWorkbookVersion({
  template,
  onErrorsChange,
}: {
  template: Template;
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const save = useCreateVersion(template.id);
  const toast = useToast();
  const [errors, setErrorsState] = useState<Record<string, string>>({});
  const setErrors = (next: Record<string, string>) => {
    setErrorsState(next);
    onErrorsChange(Object.keys(next).length > 0);
  };
  const [warnings, setWarnings] = useState<{ version: number; list: TemplateWarning[] } | null>(
    null,
  );

  const submit = (data: FormData, form: HTMLFormElement) => {
    const file = workbookOf(data);
    if (typeof file === 'string') {
      setErrors({ file });
      return;
    }
    setErrors({});
    const comment = textOf(data, 'comment');
    save.mutate(
      {
        source: { file },
        comment: comment === '' ? undefined : comment,
        publish: data.get('publish') === 'on',
      },
      {
        onSuccess: (created) => {
          form.reset();
          setWarnings({ version: created.version, list: created.warnings });
          const published = created.publishedVersion === created.version;
          toast.show({
            tone: 'success',
            title: `Version ${created.version} enregistrée${published ? ' et publiée' : ''}`,
          });
        },
        onError: (error) => {
          const byField = errorsByField(error);
          const problem = sourceProblemsOf(error)[0];
          if (problem !== undefined) byField.file = describeProblem(problem);
          setErrors(byField);
        },
      },
    );
  };

  const serverFailure =
    save.isError && Object.keys(errorsByField(save.error)).length === 0 ? save.error : null;
  return (
    <Card title="Nouvelle version" headingLevel={2}>
      <Form
        aria-label="Nouvelle version du classeur"
        onSubmit={(data, event) => submit(data, event.currentTarget)}
      >
        <Stack gap={4}>
          <ErrorSummary errors={summaryOf(errors, FIELDS, PREFIX)} />
          {serverFailure !== null && <ProblemAlert error={serverFailure} />}
          {warnings !== null && warnings.list.length > 0 && (
            <Alert tone="warning" title={`Avertissements de la version ${warnings.version}`}>
              <ul className="tpl-list">
                {warnings.list.map((w, i) => (
                  <li key={i}>{warningText(w)}</li>
                ))}
              </ul>
            </Alert>
          )}
          <WorkbookField id={`${PREFIX}-file`} error={errors.file} />
          <TextField
            id={`${PREFIX}-comment`}
            name="comment"
            label="Commentaire de la version (facultatif)"
            maxLength={500}
            error={errors.comment}
          />
          <Checkbox
            name="publish"
            label="Publier cette version"
            description="Les nouveaux documents l’utiliseront aussitôt."
          />
          <div>
            <Button type="submit" loading={save.isPending} loadingLabel="Enregistrement">
              Enregistrer
            </Button>
          </div>
        </Stack>
      </Form>
    </Card>
  );
}

/** Downloads the published version filled with the sample data, to check the result in Excel. */
function SamplePreview({ template }: { template: Template }) {
  const files = useTemplateFiles(template.id);
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({
    busy: false,
    error: null,
  });
  const run = async () => {
    setState({ busy: true, error: null });
    try {
      saveBlob(
        await files.samplePreview('xlsx'),
        `apercu-${template.code ?? template.id}-v${template.publishedVersion}.xlsx`,
      );
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <Stack gap={3}>
      {state.error !== null && <ProblemAlert error={state.error} />}
      <div>
        <Button
          variant="secondary"
          loading={state.busy}
          loadingLabel="Préparation"
          onClick={() => void run()}
        >
          Télécharger un aperçu (données d’exemple)
        </Button>
      </div>
    </Stack>
  );
}

/** A workbook template: its versions (download each), a new version, an aperçu to download. */
export function XlsxTemplatePanel({
  template,
  canManage,
  onErrorsChange,
}: {
  template: Template;
  canManage: boolean;
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  return (
    <Stack gap={7}>
      <p>
        Un modèle Excel se modifie dans un tableur : téléchargez une version, changez-la, puis
        déposez-la comme nouvelle version.
      </p>
      {canManage && <SamplePreview template={template} />}
      {canManage && <NewWorkbookVersion template={template} onErrorsChange={onErrorsChange} />}
      <section aria-labelledby="tpl-versions-title">
        <h2 id="tpl-versions-title">Versions</h2>
        <VersionHistory template={template} canManage={canManage} />
      </section>
    </Stack>
  );
}
