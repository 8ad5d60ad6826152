import { Field } from '@monassurance/ui';

const XLSX_TYPES = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file chooser for an Excel workbook, labelled and described like the other fields. */
export function WorkbookField({
  id,
  name = 'file',
  label = 'Classeur Excel (.xlsx)',
  error,
  required = true,
}: {
  id: string;
  name?: string;
  label?: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <Field
      id={id}
      label={label}
      description="Un classeur dont les cellules de texte contiennent des variables {{ … }} ; 10 Mo au plus."
      error={error}
      required={required}
    >
      {(control) => (
        <input {...control} type="file" name={name} accept={XLSX_TYPES} className="tpl-file" />
      )}
    </Field>
  );
}

/** The workbook chosen in a form, or a French message saying what is wrong with it. */
export function workbookOf(data: FormData, name = 'file'): File | string {
  const file = data.get(name);
  if (!(file instanceof File) || file.size === 0) return 'Choisissez un classeur Excel (.xlsx).';
  if (!file.name.toLowerCase().endsWith('.xlsx'))
    return 'Le fichier doit être un classeur Excel au format .xlsx.';
  return file;
}
