import { createdAt, id, organizationId } from './columns.ts';
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Per-cabinet data keys encrypting stored files (envelope encryption). The key itself is
 * random; only its wrapped form (AES-256-GCM under a key derived from MASTER_KEY) is stored.
 * One key is active per cabinet; retired keys stay to open the files they sealed.
 */
export const storageKeys = pgTable(
  'storage_keys',
  {
    id: id(),
    organizationId: organizationId(),
    /** 1, 2, … per cabinet. */
    keyVersion: integer('key_version').notNull(),
    /** The data key sealed under the master key (`v1.<nonce>.<ciphertext+tag>`). */
    wrappedKey: text('wrapped_key').notNull(),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('storage_keys_org_version_unique').on(t.organizationId, t.keyVersion),
    uniqueIndex('storage_keys_one_active')
      .on(t.organizationId)
      .where(sql`${t.retiredAt} is null`),
  ],
);
