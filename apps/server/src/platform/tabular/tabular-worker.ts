// A worker thread that reads one uploaded file (see readTabularOffThread): CSV splitting and
// ExcelJS's XML parsing take seconds on large files, which the server's event loop must not wait.
import { parentPort, workerData } from 'node:worker_threads';
import {
  readTabular,
  TabularError,
  type TabularErrorCode,
  type TabularLimits,
  type TabularRow,
} from './tabular.ts';

export interface TabularTask {
  content: Uint8Array;
  format: 'csv' | 'xlsx';
  limits: Partial<TabularLimits>;
  /** Rows per message: each message is decoded on the main thread, so small ones keep it free. */
  rowsPerMessage: number;
}

export type TabularMessage =
  | { type: 'rows'; rows: TabularRow[] }
  | { type: 'done'; headers: string[]; delimiter?: ';' | ',' | '\t' | undefined }
  | { type: 'error'; code?: TabularErrorCode | undefined; message: string };

const task = workerData as TabularTask;
const post = (message: TabularMessage) => parentPort?.postMessage(message);
try {
  const content = Buffer.from(
    task.content.buffer,
    task.content.byteOffset,
    task.content.byteLength,
  );
  const data = await readTabular(content, task.format, task.limits);
  for (let start = 0; start < data.rows.length; start += task.rowsPerMessage) {
    post({ type: 'rows', rows: data.rows.slice(start, start + task.rowsPerMessage) });
  }
  post({ type: 'done', headers: data.headers, delimiter: data.delimiter });
} catch (error) {
  post(
    error instanceof TabularError
      ? { type: 'error', code: error.code, message: error.message }
      : { type: 'error', message: error instanceof Error ? error.message : String(error) },
  );
}
