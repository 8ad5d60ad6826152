import { Button, DocumentIcon, VisuallyHidden } from '@monassurance/ui';
import {
  batchFileName,
  useDownloadBatchFile,
  type BatchFile,
  type DocumentBatch,
} from '../api/jobs.ts';
import { saveBlob } from '../lib/save-blob.ts';
import { ProblemAlert } from './query-state.tsx';
import './batch-downloads.css';

/** What the buttons need of a batch: its view, or what its finished job's `result` says. */
export type BatchFiles = Pick<DocumentBatch, 'id' | 'createdAt' | 'combinedPdf' | 'archive'>;

const FILES: { file: BatchFile; label: string; ready: (batch: BatchFiles) => boolean }[] = [
  { file: 'content', label: 'Télécharger le PDF combiné', ready: (b) => b.combinedPdf },
  { file: 'archive', label: 'Télécharger l’archive ZIP', ready: (b) => b.archive },
];

/**
 * The files of a finished document batch: the combined PDF (to print every avis at once) and the
 * ZIP of the documents. Buttons, not links: the API needs the bearer token, so the file is
 * fetched as a Blob and handed to the browser.
 */
export function BatchDownloads({
  batch,
  context,
}: {
  batch: BatchFiles;
  /** Said after each button's name where several batches share a page (« du lot du … »). */
  context?: string;
}) {
  const download = useDownloadBatchFile();
  const files = FILES.filter(({ ready }) => ready(batch));
  if (files.length === 0) return null;
  return (
    <div className="app-batch-downloads">
      <div className="app-batch-downloads__buttons">
        {files.map(({ file, label }) => (
          <Button
            key={file}
            variant="secondary"
            size="sm"
            icon={<DocumentIcon />}
            loading={download.isPending && download.variables.file === file}
            loadingLabel="téléchargement en cours"
            onClick={() =>
              download.mutate(
                { batchId: batch.id, file },
                { onSuccess: (blob) => saveBlob(blob, batchFileName(batch, file)) },
              )
            }
          >
            {label}
            {context !== undefined && <VisuallyHidden> {context}</VisuallyHidden>}
          </Button>
        ))}
      </div>
      {download.isError && <ProblemAlert error={download.error} />}
    </div>
  );
}
