import type { JobStatus } from '../api/jobs.ts';
import type { StatusTone } from './portfolio-labels.ts';

/** The French name of each job type; an unknown type is shown as it is. */
const JOB_TYPE_LABELS: Record<string, string> = {
  'document-batch': 'Lot de documents',
};

export function jobTypeLabel(type: string): string {
  return JOB_TYPE_LABELS[type] ?? type;
}

export const JOB_STATUSES: readonly JobStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

export const JOB_STATUS: Record<JobStatus, { label: string; tone: StatusTone }> = {
  queued: { label: 'En attente', tone: 'neutral' },
  running: { label: 'En cours', tone: 'info' },
  succeeded: { label: 'Terminé', tone: 'success' },
  failed: { label: 'En échec', tone: 'danger' },
  cancelled: { label: 'Annulé', tone: 'warning' },
};

/** « 37 / 120 documents »; « 37 documents » while the total is unknown (0). */
export function progressText(done: number, total: number, unit = 'documents'): string {
  return total > 0 ? `${done} / ${total} ${unit}` : `${done} ${unit}`;
}
