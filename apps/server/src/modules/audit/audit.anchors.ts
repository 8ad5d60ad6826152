import type { ObjectStore } from '../../platform/storage/index.ts';

/**
 * Signed checkpoints are also written outside the database, to the object store (local folder or
 * S3), one object per checkpoint: whoever can rewrite the database cannot make them disappear.
 * The key names what the verification compares (position, reason, hash), so a listing is enough
 * to check the chain against them; the body is the signed checkpoint, for auditors.
 */
export const ANCHOR_PREFIX = 'audit-checkpoints/';

/** A signed checkpoint as anchored. */
export interface AnchoredCheckpoint {
  organizationId: string | null;
  lastSeq: number;
  lastHash: string;
  reason: string;
  kid: string;
  signature: string;
  /** The text the signature covers (checkpointPayload). */
  payload: string;
  createdAt: string;
}

/** What an anchor's key says: enough to compare the chain with it. */
export interface AnchorName {
  key: string;
  lastSeq: number;
  reason: string;
  lastHash: string;
}

const chainFolder = (organizationId: string | null) =>
  `${ANCHOR_PREFIX}${organizationId ?? 'platform'}/`;

// Zero-padded so that listings sort in chain order.
const SEQ_DIGITS = 16;
const ANCHOR_FILE = /^(\d{16})-([a-z]+)-([0-9a-z]+)\.json$/;

export function anchorKey(c: {
  organizationId: string | null;
  lastSeq: number;
  reason: string;
  lastHash: string;
}): string {
  return `${chainFolder(c.organizationId)}${String(c.lastSeq).padStart(SEQ_DIGITS, '0')}-${c.reason}-${c.lastHash}.json`;
}

export async function writeAnchor(store: ObjectStore, checkpoint: AnchoredCheckpoint) {
  await store.put(anchorKey(checkpoint), Buffer.from(`${JSON.stringify(checkpoint)}\n`, 'utf8'));
}

/** The anchored checkpoints of a chain, oldest first. */
export async function listAnchors(
  store: ObjectStore,
  organizationId: string | null,
): Promise<AnchorName[]> {
  const folder = chainFolder(organizationId);
  const names: AnchorName[] = [];
  for await (const object of store.list(folder)) {
    const parts = ANCHOR_FILE.exec(object.key.slice(folder.length));
    if (!parts) continue;
    names.push({
      key: object.key,
      lastSeq: Number(parts[1]),
      reason: parts[2] ?? '',
      lastHash: parts[3] ?? '',
    });
  }
  return names.sort((a, b) => a.lastSeq - b.lastSeq || (a.key < b.key ? -1 : 1));
}
