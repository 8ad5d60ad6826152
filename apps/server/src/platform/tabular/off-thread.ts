import { Worker } from 'node:worker_threads';
import {
  readTabular,
  TabularError,
  type TabularData,
  type TabularLimits,
  type TabularRow,
} from './tabular.ts';
import type { TabularMessage, TabularTask } from './tabular-worker.ts';
import { workerEntry } from '../worker-entry.ts';

/**
 * Files below this size are read in the calling thread: a worker costs tens of milliseconds to
 * start (hundreds from the TypeScript sources), more than reading a few thousand rows takes.
 */
export const OFF_THREAD_MIN_BYTES = 256 * 1024;

/**
 * `readTabular` in a worker thread for large files, so that parsing 50,000 rows never holds the
 * event loop (other cabinets' requests go on meanwhile); small files are read in place. Rows come
 * back in small messages, each decoded between other work, not as one long structured clone.
 */
export function readTabularOffThread(
  content: Buffer,
  format: 'csv' | 'xlsx',
  limits: Partial<TabularLimits> = {},
  options: { minBytes?: number } = {},
): Promise<TabularData> {
  if (content.length < (options.minBytes ?? OFF_THREAD_MIN_BYTES)) {
    return readTabular(content, format, limits);
  }
  return new Promise((resolve, reject) => {
    const { entry, eval: isCode } = workerEntry(import.meta.url, './tabular-worker');
    const task: TabularTask = { content, format, limits, rowsPerMessage: 1_000 };
    const worker = new Worker(entry, { workerData: task, eval: isCode });
    const rows: TabularRow[] = [];
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: TabularMessage) => {
      if (message.type === 'rows') {
        for (const row of message.rows) rows.push(row);
      } else if (message.type === 'done') {
        settle(() =>
          resolve({
            headers: message.headers,
            rows,
            format,
            ...(message.delimiter ? { delimiter: message.delimiter } : {}),
          }),
        );
      } else {
        settle(() =>
          reject(
            message.code
              ? new TabularError(message.code, message.message)
              : new Error(`tabular worker failed: ${message.message}`),
          ),
        );
      }
    });
    worker.once('error', (error) =>
      settle(() => reject(new Error(`tabular worker failed: ${error.message}`, { cause: error }))),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`tabular worker exited with code ${code} before its answer`))),
    );
  });
}
