import type { JobStatus } from '../../shared/api/jobs.ts';

/**
 * What the polite live region says about a batch of avis. It changes at milestones only — the
 * start, each quarter, the end — so a screen reader is not interrupted at every document while
 * the bar itself moves continuously.
 */
export function batchAnnouncement(status: JobStatus, done: number, total: number): string {
  const documents = (n: number) => `${n} document${n > 1 ? 's' : ''}`;
  switch (status) {
    case 'queued':
    case 'running': {
      // 0 to 3: a quarter is announced once reached; 100 % waits for the end.
      const quarter = total > 0 ? Math.min(3, Math.floor((done * 4) / total)) : 0;
      return quarter === 0
        ? `Génération des avis lancée : ${documents(total)} à produire.`
        : `${quarter * 25} % des avis générés.`;
    }
    case 'succeeded':
      return `Génération terminée : ${documents(done)} sur ${total}.`;
    case 'failed':
      return 'La génération des avis a échoué.';
    case 'cancelled':
      return `Génération annulée après ${documents(done)}.`;
  }
}
