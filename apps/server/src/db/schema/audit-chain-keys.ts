import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The secret keys of the audit hash chains (HMAC-SHA-256), each sealed under a key derived from
 * MASTER_KEY: rewriting a chain needs the master key, not only write access to the database.
 * A random key rather than one derived straight from MASTER_KEY, so that rotating the master key
 * re-seals one row instead of breaking every chain (ADR 0013).
 */
export const auditChainKeys = pgTable('audit_chain_keys', {
  /** The key's version; events after a `rekey` checkpoint are chained with the newest. */
  version: integer('version').primaryKey(),
  /** AES-256-GCM sealed key (see platform/crypto `encrypt`), aad `audit-chain-key:<version>`. */
  sealedKey: text('sealed_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
