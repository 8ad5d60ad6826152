import {
  Alert,
  Breadcrumbs,
  Button,
  Card,
  ErrorSummary,
  Field,
  Form,
  Link,
  Stack,
  Table,
  type TableColumn,
} from '@monassurance/ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes, formatNumber } from '../../shared/lib/format.ts';
import { useHasRole } from '../../shared/session/session.tsx';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useImportClients, type ImportReport } from './api/clients.ts';
import { FIELD_LABELS } from './client-labels.ts';
import './clients.css';

/** The columns the server recognises (apps/server imports: CLIENT_COLUMNS), in French. */
const COLUMNS: readonly { header: string; also: string; meaning: string }[] = [
  {
    header: 'Type',
    also: 'type client, kind',
    meaning:
      '« personne » ou « entreprise » (aussi : particulier, société, pro). Vide : entreprise si la raison sociale est remplie, personne sinon.',
  },
  { header: 'Civilité', also: 'titre', meaning: 'M., Mme…' },
  { header: 'Prénom', also: 'first name', meaning: 'Obligatoire pour une personne.' },
  { header: 'Nom', also: 'nom de famille, last name', meaning: 'Obligatoire pour une personne.' },
  {
    header: 'Date de naissance',
    also: 'naissance',
    meaning: 'JJ/MM/AAAA ou AAAA-MM-JJ.',
  },
  {
    header: 'Raison sociale',
    also: 'société, entreprise, dénomination',
    meaning: 'Obligatoire pour une entreprise.',
  },
  { header: 'SIREN', also: '', meaning: '9 chiffres, clé de contrôle vérifiée.' },
  { header: 'SIRET', also: '', meaning: '14 chiffres, commençant par le SIREN.' },
  { header: 'Forme juridique', also: '', meaning: 'SARL, SAS, EI…' },
  { header: 'E-mail', also: 'mail, courriel, adresse e-mail', meaning: 'Adresse e-mail.' },
  {
    header: 'Téléphone',
    also: 'tél, mobile, portable',
    meaning: 'Numéro français (06 12 34 56 78) ou international (+32…).',
  },
  { header: 'Adresse', also: 'adresse 1, rue', meaning: 'Numéro et voie.' },
  { header: 'Complément', also: 'adresse 2, complément d’adresse', meaning: 'Facultatif.' },
  { header: 'Code postal', also: 'CP', meaning: 'Avec l’adresse.' },
  { header: 'Ville', also: 'commune', meaning: 'Avec l’adresse.' },
  { header: 'Pays', also: '', meaning: 'Code à deux lettres ; FR si vide.' },
  {
    header: 'Courtier',
    also: 'chargé de clientèle, e-mail courtier',
    meaning:
      'Adresse e-mail d’un utilisateur actif du cabinet, à qui le client est confié (facultatif).',
  },
  { header: 'Notes', also: 'remarques, commentaire', meaning: 'Texte libre.' },
];

const EXAMPLE_CSV = [
  'Type;Civilité;Prénom;Nom;Date de naissance;Raison sociale;SIREN;E-mail;Téléphone;Adresse;Code postal;Ville',
  'personne;Mme;Hélène;Dupré;14/03/1980;;;helene.dupre@exemple.fr;06 12 34 56 78;12 rue des Lilas;69003;Lyon',
  'entreprise;;;;;Boulangerie Martin;732829320;contact@boulangerie-martin.fr;04 78 00 00 00;3 place Bellecour;69002;Lyon',
].join('\r\n');

const ACCEPTED = [
  '.csv',
  '.xlsx',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');

type Rejected = ImportReport['rejected'][number];

const REJECTED_COLUMNS: TableColumn<Rejected>[] = [
  { key: 'row', header: 'Ligne', rowHeader: true, align: 'end', cell: (r) => r.row },
  {
    key: 'field',
    header: 'Colonne',
    cell: (r) => (r.field === null ? 'Toute la ligne' : (FIELD_LABELS[r.field] ?? r.field)),
  },
  { key: 'message', header: 'Problème', cell: (r) => r.message },
];

function ColumnsCard() {
  // A sample file made here: it shows the expected layout without a round trip to the server.
  const exampleUrl = useMemo(
    () => URL.createObjectURL(new Blob(['\uFEFF', EXAMPLE_CSV], { type: 'text/csv' })),
    [],
  );
  useEffect(() => () => URL.revokeObjectURL(exampleUrl), [exampleUrl]);
  return (
    <Card title="Colonnes attendues" headingLevel={2}>
      <Stack gap={4}>
        <p>
          La première ligne du fichier nomme les colonnes, dans n’importe quel ordre ; majuscules,
          accents et espaces n’importent pas. Les colonnes inconnues sont ignorées. Fichier CSV
          (séparateur point-virgule, virgule ou tabulation, encodé en UTF-8) ou classeur Excel XLSX
          (première feuille), 20 Mo et 50 000 lignes au plus.
        </p>
        <p>
          Un client déjà présent est mis à jour plutôt que créé en double : une personne est
          reconnue à son adresse e-mail, une entreprise à son SIREN. Seules les colonnes présentes
          dans le fichier modifient sa fiche : une colonne absente garde la valeur existante, une
          case vide l’efface.
        </p>
        <Table
          caption="Colonnes reconnues"
          captionHidden
          columns={[
            {
              key: 'header',
              header: 'Colonne',
              rowHeader: true,
              cell: (c) => <span className="clients-code">{c.header}</span>,
            },
            { key: 'also', header: 'Autres noms acceptés', cell: (c) => c.also || '—' },
            { key: 'meaning', header: 'Contenu', cell: (c) => c.meaning },
          ]}
          rows={COLUMNS}
          getRowId={(c) => c.header}
        />
        <p>
          <Link href={exampleUrl} download="exemple-import-clients.csv">
            Télécharger un fichier d’exemple (CSV)
          </Link>
        </p>
      </Stack>
    </Card>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const figures: [string, number][] = [
    ['lignes lues', report.rows],
    [report.committed ? 'clients créés' : 'clients à créer', report.created],
    [report.committed ? 'clients mis à jour' : 'clients à mettre à jour', report.updated],
    ['erreurs', report.rejected.length],
  ];
  return (
    <Card
      title={report.committed ? 'Résultat de l’import' : 'Résultat de la vérification'}
      headingLevel={2}
    >
      <Stack gap={4}>
        <ul className="clients-figures">
          {figures.map(([label, value]) => (
            <li key={label}>
              <span className="clients-figures__value">{formatNumber(value)}</span> {label}
            </li>
          ))}
        </ul>
        {report.rejected.length > 0 && (
          <Table
            caption="Lignes refusées"
            columns={REJECTED_COLUMNS}
            rows={report.rejected}
            getRowId={(r) => `${r.row}-${r.field ?? ''}-${r.message}`}
          />
        )}
      </Stack>
    </Card>
  );
}

/** What the live region says about a report. */
function outcomeOf(report: ImportReport): {
  tone: 'success' | 'error' | 'info';
  title: string;
  text: string;
} {
  if (report.committed) {
    return {
      tone: 'success',
      title: 'Import terminé',
      text: `${report.created} client(s) créé(s), ${report.updated} mis à jour.`,
    };
  }
  if (report.rejected.length > 0) {
    return {
      tone: 'error',
      title: report.dryRun ? 'Le fichier contient des erreurs' : 'Import refusé',
      text: `${report.rejected.length} erreur(s) : corrigez le fichier puis vérifiez-le de nouveau. Rien n’a été importé.`,
    };
  }
  return {
    tone: 'info',
    title: 'Le fichier est prêt',
    text: `${report.created} client(s) seront créés et ${report.updated} mis à jour.${
      report.updated > 0
        ? ' Une fiche mise à jour ne change que dans les colonnes du fichier ; une case vide efface la valeur.'
        : ''
    } Rien n’est encore enregistré : cliquez sur « Importer ».`,
  };
}

/** « Importer des clients »: check a CSV/XLSX file (dry run), then import it, all or nothing. */
export function ClientImportPage() {
  const canImport = useHasRole('admin', 'manager');
  const importing = useImportClients();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [report, setReport] = useState<ImportReport | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const run = (dryRun: boolean) => {
    if (file === null) {
      setFileError('Choisissez un fichier CSV ou XLSX.');
      return;
    }
    setFileError(undefined);
    importing.mutate(
      { file, dryRun },
      {
        onSuccess: (result) => {
          setReport(result);
          if (result.committed) {
            // The « Importer » button is gone: the focus goes to the outcome, which says what happened.
            requestAnimationFrame(() => outcomeRef.current?.focus());
          }
        },
      },
    );
  };

  const committing = importing.isPending && importing.variables?.dryRun === false;
  const ready = report !== null && report.dryRun && report.rejected.length === 0;
  const outcome = report === null ? null : outcomeOf(report);

  return (
    <Screen
      title="Importer des clients"
      hasErrors={fileError !== undefined}
      description="Depuis un tableur : vérifiez d’abord le fichier, puis importez-le."
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Clients', href: '/clients' }, { label: 'Importer' }]} />
      }
    >
      {!canImport ? (
        <Alert tone="info" title="Réservé aux responsables">
          Seuls les administrateurs et les responsables du cabinet peuvent importer des clients.
        </Alert>
      ) : (
        <Stack gap={6}>
          <Form aria-label="Import de clients" onSubmit={() => run(true)} className="clients-form">
            <Stack gap={4}>
              <ErrorSummary
                errors={
                  fileError === undefined ? [] : [{ fieldId: 'import-file', message: fileError }]
                }
              />
              <Field
                id="import-file"
                label="Fichier CSV ou XLSX"
                description="20 Mo au plus. L’import est tout ou rien : une seule ligne en erreur et rien n’est enregistré."
                error={fileError}
                required
              >
                {(tie) => (
                  <input
                    {...tie}
                    type="file"
                    name="file"
                    accept={ACCEPTED}
                    className="clients-file-input"
                    onChange={(event) => {
                      setFile(event.target.files?.[0] ?? null);
                      setReport(null);
                      setFileError(undefined);
                      importing.reset();
                    }}
                  />
                )}
              </Field>
              {file !== null && (
                <p className="clients-muted">
                  {file.name} — {formatBytes(file.size)}
                </p>
              )}
              <div className="clients-form__actions">
                <Button
                  type="submit"
                  variant={ready ? 'secondary' : 'primary'}
                  loading={importing.isPending && importing.variables?.dryRun === true}
                  loadingLabel="Vérification"
                >
                  Vérifier
                </Button>
                {(ready || committing) && (
                  <Button
                    onClick={() => run(false)}
                    loading={committing}
                    loadingLabel="Import en cours"
                  >
                    Importer
                  </Button>
                )}
              </div>
            </Stack>
          </Form>
          {importing.isError && <ProblemAlert error={importing.error} />}
          {outcome !== null && (
            <div ref={outcomeRef} tabIndex={-1} className="clients-outcome">
              <Alert
                tone={outcome.tone}
                title={outcome.title}
                live
                action={
                  report?.committed ? <Link href="/clients">Voir les clients</Link> : undefined
                }
              >
                {outcome.text}
              </Alert>
            </div>
          )}
          {report !== null && <ReportView report={report} />}
          <ColumnsCard />
        </Stack>
      )}
    </Screen>
  );
}
