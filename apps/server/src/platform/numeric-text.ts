/**
 * Query strings, path parameters and headers arrive as text; Ajv's `coerceTypes` turns numeric
 * text into numbers with JavaScript's `+text`. That conversion accepts more than decimal numbers:
 * `1e309`, `-1e309` and `Infinity` become ±Infinity — which then pass `type: integer` and skip
 * `minimum`/`maximum` (Ajv checks limits on finite numbers only), so `?limit=1e309` reached the SQL
 * and answered 500 —, and `0x10`, `0b1`, `0o7` or ` 12 ` become 16, 1, 7 and 12. This wrapper
 * around a compiled validator refuses, with a 400 naming the field, every value that coercion
 * turned from text into a number unless the text was a finite decimal number.
 */

/** The Ajv keyword of the errors this check adds (`fieldErrors` keeps their French message). */
export const DECIMAL_TEXT_KEYWORD = 'decimalText';

export const DECIMAL_TEXT_MESSAGE = 'doit être un nombre décimal fini';

/** What a JSON number may look like (RFC 8259 §6), leading zeros allowed. */
const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A compiled Ajv validator, as Fastify calls it. */
export interface CompiledValidator {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown[] | null;
  /** Present on Ajv functions; Fastify then passes the parent so that a root value can be coerced. */
  schemaEnv?: unknown;
}

interface NumericTextError {
  instancePath: string;
  schemaPath: string;
  keyword: typeof DECIMAL_TEXT_KEYWORD;
  params: { text: string };
  message: string;
}

function isDecimal(text: string, value: number): boolean {
  return DECIMAL.test(text) && Number.isFinite(value);
}

function pointer(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The text values of a flat object (query, params, headers), arrays copied: Ajv coerces in place. */
function textValues(data: unknown): Map<string, string | unknown[]> | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const texts = new Map<string, string | unknown[]>();
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') texts.set(key, value);
    else if (Array.isArray(value)) texts.set(key, [...value]);
  }
  return texts;
}

function numericTextErrors(
  before: Map<string, string | unknown[]>,
  after: Record<string, unknown>,
): NumericTextError[] {
  const errors: NumericTextError[] = [];
  const check = (path: string, text: unknown, value: unknown) => {
    if (typeof text === 'string' && typeof value === 'number' && !isDecimal(text, value)) {
      errors.push({
        instancePath: path,
        schemaPath: '#/decimalText',
        keyword: DECIMAL_TEXT_KEYWORD,
        params: { text },
        message: DECIMAL_TEXT_MESSAGE,
      });
    }
  };
  for (const [key, text] of before) {
    const value = after[key];
    if (typeof text === 'string') {
      // `coerceTypes: 'array'` may also have wrapped the text into a one-item array.
      check(pointer(key), text, Array.isArray(value) && value.length === 1 ? value[0] : value);
    } else if (Array.isArray(value)) {
      text.forEach((item, i) => check(`${pointer(key)}/${i}`, item, value[i]));
    } else if (text.length === 1) {
      // …or unwrapped a one-item array into its item.
      check(pointer(key), text[0], value);
    }
  }
  return errors;
}

/** The validator, also refusing numeric text that is not a finite decimal number. */
export function refuseNonDecimalNumbers(validate: CompiledValidator): CompiledValidator {
  const checked: CompiledValidator = (data, context) => {
    const before = textValues(data);
    const valid = validate(data, context);
    // An `$async` schema settles later; none of ours is one, and Fastify handles its errors.
    if (valid instanceof Promise) return valid;
    const errors = before ? numericTextErrors(before, data as Record<string, unknown>) : [];
    checked.errors = errors.length > 0 ? [...(validate.errors ?? []), ...errors] : validate.errors;
    return errors.length > 0 ? false : valid;
  };
  if (validate.schemaEnv !== undefined) checked.schemaEnv = validate.schemaEnv;
  return checked;
}
