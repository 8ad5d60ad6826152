// A worker thread of the template pool (see render-pool.ts): renders HTML templates and fills
// XLSX templates one at a time, off the main event loop, so that a template that loops for
// seconds only holds this thread — which the pool terminates when it overruns its budget.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderData } from './data-model.ts';
import { TemplateLimitError, TemplateRenderError, TemplateSyntaxError } from './errors.ts';
import { createTemplateEngine, type TemplateLimits } from './liquid.ts';
import { fillWorkbook, parseWorkbookTemplate } from './xlsx.ts';
import type { WorkerReply, WorkerTask } from './render-pool.ts';

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs as a worker thread only.');

/**
 * Lowers this thread's CPU priority (Linux: a thread id given to setpriority names that thread
 * alone), so that on a machine with few cores an endless template competes with the event loop
 * that answers every other cabinet as little as possible. Best effort elsewhere.
 */
function lowerPriority(): void {
  try {
    const threadId = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (Number.isInteger(threadId)) setPriority(threadId, WORKER_NICE);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}
const WORKER_NICE = 10;
lowerPriority();

const engine = createTemplateEngine((workerData as { limits?: TemplateLimits }).limits ?? {});

/** The template errors cross the thread boundary as plain fields; anything else as a message. */
function describe(error: unknown): Extract<WorkerReply, { ok: false }>['error'] {
  if (
    error instanceof TemplateLimitError ||
    error instanceof TemplateRenderError ||
    error instanceof TemplateSyntaxError
  ) {
    return {
      name: error.name,
      code: error.code,
      message: error.message,
      line: error.line,
      column: error.column,
      cell: error.cell,
    };
  }
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/** The bytes in an ArrayBuffer of their own, which can be moved to the main thread uncopied. */
function ownBuffer(bytes: Buffer): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return new Uint8Array(bytes);
}

async function run(task: WorkerTask): Promise<WorkerReply> {
  try {
    if (task.kind === 'parse-html') {
      const { variables, warnings } = engine.parse(task.source);
      return { id: task.id, ok: true, analysis: { variables, warnings } };
    }
    if (task.kind === 'parse-xlsx') {
      const { variables, warnings } = await parseWorkbookTemplate(
        Buffer.from(task.file.buffer, task.file.byteOffset, task.file.byteLength),
      );
      return { id: task.id, ok: true, analysis: { variables, warnings } };
    }
    if (task.kind === 'html') {
      const html = await engine.render(task.source, task.data as RenderData, {
        escape: task.escape,
      });
      return { id: task.id, ok: true, html };
    }
    const bytes = await fillWorkbook(
      Buffer.from(task.file.buffer, task.file.byteOffset, task.file.byteLength),
      task.data as RenderData,
    );
    return { id: task.id, ok: true, bytes: ownBuffer(bytes) };
  } catch (error) {
    return { id: task.id, ok: false, error: describe(error) };
  }
}

port.on('message', (task: WorkerTask) => {
  void run(task).then((reply) => {
    if (reply.ok && 'bytes' in reply) {
      port.postMessage(reply, [reply.bytes.buffer as ArrayBuffer]);
    } else {
      port.postMessage(reply);
    }
  });
});
port.postMessage({ ready: true });
