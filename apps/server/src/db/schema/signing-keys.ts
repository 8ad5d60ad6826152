import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Keys signing access tokens. One is active; retired ones stay published until their tokens expire. */
export const signingKeys = pgTable(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    algorithm: text('algorithm').notNull(),
    publicJwk: jsonb('public_jwk').$type<Record<string, string>>().notNull(),
    /** PKCS#8 private key sealed with a key derived from MASTER_KEY (AES-256-GCM). */
    privateKeySealed: text('private_key_sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('signing_keys_one_active')
      .on(sql`(true)`)
      .where(sql`${t.retiredAt} is null`),
  ],
);
