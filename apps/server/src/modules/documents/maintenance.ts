import type { Database } from '../../db/client.ts';
import type { ObjectStore } from '../../platform/storage/index.ts';
import { allStorageKeys, listDocumentLocations } from './documents.repository.ts';

export const DOCUMENTS_PREFIX = 'documents/';

export interface OrphanReport {
  /** Objects seen under the documents prefix. */
  objects: number;
  /** Objects without a document row: removed (or, in a dry run, to remove). */
  orphans: string[];
  /** Document rows whose object is missing (reported, never deleted: their audit trail stays). */
  missing: { id: string; organizationId: string }[];
}

/**
 * Objects without a row come from a generation whose database write failed after the upload
 * (uploads go first so that a row never points at nothing). Objects younger than `minAgeMs` are
 * kept: their row may be committing right now.
 */
export async function purgeOrphans(
  db: Database,
  objects: ObjectStore,
  options: { dryRun: boolean; minAgeMs: number; now?: Date },
): Promise<OrphanReport> {
  const now = (options.now ?? new Date()).getTime();
  const referenced = await allStorageKeys(db);
  const seen = new Set<string>();
  const orphans: string[] = [];
  for await (const object of objects.list(DOCUMENTS_PREFIX)) {
    seen.add(object.key);
    if (referenced.has(object.key)) continue;
    if (object.modifiedAt && now - object.modifiedAt.getTime() < options.minAgeMs) continue;
    orphans.push(object.key);
  }
  if (!options.dryRun) {
    for (const key of orphans) await objects.delete(key);
  }
  const missing: OrphanReport['missing'] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listDocumentLocations(db, after, 1000);
    for (const row of page) {
      if (!seen.has(row.storageKey))
        missing.push({ id: row.id, organizationId: row.organizationId });
    }
    const last = page.at(-1);
    if (!last || page.length < 1000) break;
    after = last.id;
  }
  return { objects: seen.size, orphans, missing };
}
