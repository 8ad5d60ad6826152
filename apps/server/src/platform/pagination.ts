import { Type, type TSchema } from 'typebox';
import { FieldValidationError } from './errors.ts';

/** `?limit=&cursor=` of every list endpoint (DESIGN.md §4). */
export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (1–200).' }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 512, description: 'The `nextCursor` of the previous page.' }),
  ),
};

export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `cursor` for the next page; null on the last page.',
      }),
    },
    { description },
  );
}

/** An opaque cursor: the sort key of the last item seen. */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string>>(
  cursor: string,
  fields: (keyof T)[],
): T {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (fields.every((f) => typeof parsed[f as string] === 'string')) return parsed as T;
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw new FieldValidationError('/cursor', 'Curseur de pagination invalide.', 'query');
}

/**
 * A page from rows read with one more than `limit`: the first `limit` as views, and the cursor of
 * the last one (the sort key `keyOf` gives) when the extra row says more follow.
 */
export function pageOf<R, V>(
  rows: R[],
  limit: number,
  view: (row: R) => V,
  keyOf: (row: R) => Record<string, string>,
): { items: V[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
