import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { CreateClientBody } from '../clients/index.ts';
import { CreatePolicyBody } from '../policies/index.ts';

/**
 * C0 control characters other than tab and line feed (a cell's CR/CRLF is already LF), and lone
 * surrogates: PostgreSQL cannot store NUL nor ill-formed UTF-16, and the others are invisible
 * garbage in a name or a number that no broker means to keep. Tab and line breaks are what
 * multi-line cells (notes, address complements) legitimately hold, and the API accepts them too.
 */
const CONTROL_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The message for a cell holding a control character; undefined when the text is clean. */
export function controlCharacterProblem(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  if (!found) return undefined;
  const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `Caractère de contrôle interdit (U+${code}) : retirez-le de la cellule.`;
}

export interface FieldProblem {
  /** The row's field (the import column's field name, e.g. `lastName`, `city`). */
  field: string;
  message: string;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** The French message of a schema error, in the words the API's validation uses. */
function messageOf(error: SchemaError, value: unknown): string {
  const limit = error.params.limit;
  switch (error.keyword) {
    case 'maxLength':
      return `Texte trop long : ${String(limit)} caractères au plus (${typeof value === 'string' ? value.length.toLocaleString('fr-FR') : '?'} reçus).`;
    case 'minLength':
      return 'Ce champ ne peut pas être vide.';
    case 'maximum':
      return `Valeur trop grande : ${String(limit)} au plus.`;
    case 'minimum':
      return `Valeur trop petite : ${String(limit)} au moins.`;
    case 'format':
      return error.params.format === 'email' ? 'Adresse e-mail invalide.' : 'Valeur mal formée.';
    case 'pattern':
      return 'Format non reconnu.';
    default:
      return 'Valeur invalide.';
  }
}

/** Keywords that only say « none of the alternatives matched »: the alternative's own error says why. */
const SUMMARY_KEYWORDS = new Set(['anyOf', 'oneOf', 'type', 'enum', 'const']);

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const key of pointer.split('/').slice(1)) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return value;
}

/**
 * Checks a value against an API request schema and gives one problem per field, named by the
 * last segment of its path (`/address/city` → `city`, which is the import's column field).
 */
function checker(schema: TSchema) {
  const validator = Compile(schema);
  return (value: unknown): FieldProblem[] => {
    if (validator.Check(value)) return [];
    const byPath = new Map<string, SchemaError>();
    for (const error of validator.Errors(value) as SchemaError[]) {
      const known = byPath.get(error.instancePath);
      if (!known || (SUMMARY_KEYWORDS.has(known.keyword) && !SUMMARY_KEYWORDS.has(error.keyword)))
        byPath.set(error.instancePath, error);
    }
    // A union's « no alternative matched » at `/address` is said better by `/address/city`.
    for (const [path, error] of byPath) {
      const deeper = [...byPath.keys()].some((other) => other.startsWith(`${path}/`));
      if (deeper && SUMMARY_KEYWORDS.has(error.keyword)) byPath.delete(path);
    }
    return [...byPath].map(([path, error]) => ({
      field: path.split('/').pop() || '',
      message: messageOf(error, valueAt(value, path)),
    }));
  };
}

/**
 * The rules of `POST /api/v1/clients` and `POST /api/v1/policies` (their TypeBox body schemas:
 * lengths, patterns, formats, bounds) applied to what an import row would write, so that the file
 * and the API cannot disagree on what may be stored.
 */
export const clientSchemaProblems = checker(CreateClientBody);
export const policySchemaProblems = checker(CreatePolicyBody);
