// A worker thread of a parallel audit verification: checks one stretch of a chain, read from
// PostgreSQL over its own connection, and posts what it found (see verifyInParallel).
import { parentPort, workerData } from 'node:worker_threads';
import { openPostgres } from '../../db/client.ts';
import { ChainKey } from './audit.chain.ts';
import { chainPages, verifySegment, type SegmentTask } from './audit.verify.ts';

const task = workerData as SegmentTask;
const database = await openPostgres(task.databaseUrl, 2);
try {
  const result = await verifySegment(
    chainPages(database.db, task.organizationId, task.afterSeq, task.untilSeq),
    task.prevHash,
    new Set(task.watched),
    {
      key: task.key ? new ChainKey(Buffer.from(task.key)) : null,
      keyedAfterSeq: task.keyedAfterSeq,
    },
  );
  parentPort?.postMessage(result);
} finally {
  await database.close();
}
