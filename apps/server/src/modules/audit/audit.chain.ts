import { hash } from 'node:crypto';

/** Bytes of a chain key: HMAC-SHA-256's block size, the longest key it uses as it is. */
export const CHAIN_KEY_BYTES = 64;

/**
 * The secret key of the audit chains, and HMAC-SHA-256 (RFC 2104) with it, computed with two
 * one-shot native hashes. Every byte of the key is below 0x80 (448 bits of randomness in 64
 * bytes), so the inner padded key is ASCII and prefixes the event's text as a string: HMAC costs
 * about twice a plain SHA-256 instead of four times through `createHmac` (a verification computes
 * a million of them). The result equals `createHmac('sha256', key)`.
 */
export class ChainKey {
  private readonly innerPad: string;
  private readonly outer: Buffer;

  constructor(readonly bytes: Buffer) {
    if (bytes.length !== CHAIN_KEY_BYTES || bytes.some((b) => b > 0x7f)) {
      throw new RangeError(`An audit chain key is ${CHAIN_KEY_BYTES} bytes below 0x80.`);
    }
    this.innerPad = Buffer.from(bytes.map((b) => b ^ 0x36)).toString('latin1');
    this.outer = Buffer.alloc(CHAIN_KEY_BYTES + 32);
    for (const [i, b] of bytes.entries()) this.outer[i] = b ^ 0x5c;
  }

  /** HMAC-SHA-256 (hex) of the UTF-8 text. */
  mac(text: string): string {
    // The outer buffer is reused: JavaScript runs this to the end before any other call.
    this.outer.set(hash('sha256', this.innerPad + text, 'buffer'), CHAIN_KEY_BYTES);
    return hash('sha256', this.outer, 'hex');
  }
}

/**
 * The link of an event: HMAC-SHA-256 with the chain key of the previous hash and the event's
 * canonical text; with no key, the unkeyed SHA-256 of the events written before ADR 0013.
 */
function link(key: ChainKey | null, prevHash: string | null, content: string): string {
  const text = `${prevHash ?? 'genesis'}\n${content}`;
  return key ? key.mac(text) : hash('sha256', text, 'hex');
}

/** The fields of an event that its hash covers (everything but its position and its own hashes). */
export interface ChainedContent {
  id: string;
  organizationId: string | null;
  actorId: string | null;
  actorIp: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: unknown;
  requestId: string | null;
  traceId: string | null;
  occurredAt: Date;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What jsonb gives back for a value: dates as strings, undefined dropped. */
export function asStoredJson<T>(value: T): T {
  return value === undefined || value === null ? value : (JSON.parse(JSON.stringify(value)) as T);
}

const str = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * The hash of an event (see `link`) over the previous hash and the event's canonical content:
 * canonicalJson of the event's fields, written out key by key in sorted order (this runs a million
 * times in a verification, so it avoids building and sorting an object per event).
 */
export function chainHash(
  key: ChainKey | null,
  prevHash: string | null,
  event: ChainedContent,
  fromDatabase = false,
): string {
  // Rows read back are already in their stored JSON form; new ones are normalised like jsonb.
  const changes = (fromDatabase ? event.changes : asStoredJson(event.changes)) ?? null;
  const content =
    `{"action":${str(event.action)},"actorId":${str(event.actorId)},"actorIp":${str(event.actorIp)}` +
    `,"changes":${canonicalJson(changes)},"id":${str(event.id)},"occurredAt":${str(event.occurredAt.toISOString())}` +
    `,"organizationId":${str(event.organizationId)},"requestId":${str(event.requestId)},"targetId":${str(event.targetId)}` +
    `,"targetType":${str(event.targetType)},"traceId":${str(event.traceId)},"userAgent":${str(event.userAgent)}}`;
  return link(key, prevHash, content);
}

/**
 * An event as the verification reads it: its columns as the database sends them, `changes` as
 * jsonb text and `occurredAt` as timestamptz text.
 */
export interface StoredChainEvent {
  id: string;
  organizationId: string | null;
  actorId: string | null;
  actorIp: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: string | null;
  requestId: string | null;
  traceId: string | null;
  occurredAt: string;
  prevHash: string | null;
  hash: string | null;
}

// Keys JSON.stringify would not write in insertion order (array indices come first), and the one
// an assignment does not make an own key: objects holding them take chainHash's slower path.
const REORDERED_KEY = /^(?:0|[1-9]\d*|__proto__)$/;

/**
 * The parsed JSON value itself, or a copy with object keys inserted in sorted order, such that
 * `JSON.stringify` of it is its canonicalJson; undefined when a key would not keep that order.
 */
function inCanonicalOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (const [i, item] of value.entries()) {
      const ordered = inCanonicalOrder(item);
      if (ordered === undefined) return undefined;
      if (ordered !== item) (copy ??= [...value])[i] = ordered;
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const entries: [string, unknown][] = [];
  let unchanged = true;
  for (const key of Object.keys(object)) {
    if (REORDERED_KEY.test(key)) return undefined;
    const ordered = inCanonicalOrder(object[key]);
    if (ordered === undefined) return undefined;
    const previous = entries.at(-1);
    unchanged &&= ordered === object[key] && (!previous || previous[0] < key);
    entries.push([key, ordered]);
  }
  if (unchanged) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, ordered] of entries.sort(([a], [b]) => (a < b ? -1 : 1))) copy[key] = ordered;
  return copy;
}

// timestamptz text in a UTC session, for years Date parses literally in this format.
const UTC_TIMESTAMP = /^([1-9]\d{3}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/** `new Date(text).toISOString()` of timestamptz text, without a Date for the usual form. */
function isoTimestamp(text: string): string {
  const parts = UTC_TIMESTAMP.exec(text);
  if (!parts) return new Date(text).toISOString();
  // Date keeps milliseconds and drops the rest of the fraction.
  return `${parts[1]}T${parts[2]}.${`${parts[3] ?? ''}000`.slice(0, 3)}Z`;
}

/**
 * chainHash(key, event.prevHash, event, true) of a stored event, computed faster: one native
 * JSON.stringify of an object whose keys are already in canonical order instead of a string built
 * piece by piece (a verification hashes a million events). Values it cannot order that way go
 * through chainHash itself.
 */
export function storedEventHash(event: StoredChainEvent, key: ChainKey | null): string {
  const changes = event.changes === null ? null : (JSON.parse(event.changes) as unknown);
  const orderedChanges = inCanonicalOrder(changes);
  if (orderedChanges === undefined) {
    return chainHash(
      key,
      event.prevHash,
      { ...event, changes, occurredAt: new Date(event.occurredAt) },
      true,
    );
  }
  const content = JSON.stringify({
    action: event.action,
    actorId: event.actorId,
    actorIp: event.actorIp,
    changes: orderedChanges,
    id: event.id,
    occurredAt: isoTimestamp(event.occurredAt),
    organizationId: event.organizationId,
    requestId: event.requestId,
    targetId: event.targetId,
    targetType: event.targetType,
    traceId: event.traceId,
    userAgent: event.userAgent,
  });
  return link(key, event.prevHash, content);
}

/** The text a checkpoint's signature covers. */
export function checkpointPayload(c: {
  organizationId: string | null;
  lastSeq: number;
  lastHash: string;
  reason: string;
}): string {
  return `monassurance-audit-checkpoint|${c.organizationId ?? 'platform'}|${c.lastSeq}|${c.lastHash}|${c.reason}`;
}
