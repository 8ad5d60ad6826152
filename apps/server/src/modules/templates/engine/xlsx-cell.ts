import {
  Context,
  Output,
  toValue,
  toValueSync,
  type Emitter,
  type Liquid,
  type Template,
} from 'liquidjs';
import { variableUses, type VariableUse } from './analysis.ts';
import { ITEM, type RenderData } from './data-model.ts';
import { TemplateSyntaxError } from './errors.ts';
import { isoDateToUtc, SIMPLE_FILTERS } from './filters.ts';
import { parseLiquid, stringify } from './liquid.ts';

/**
 * One templated cell of an XLSX template, compiled once and evaluated for every row it fills.
 *
 * `premiums[]` stands for the current element of the row's list: it is rewritten to the loop
 * variable `__item` before LiquidJS sees the cell. Common shapes (`{{ x[].field }}`,
 * `{{ a.b | date_fr }}`, text around them) are evaluated by a fast path that reads the data and
 * calls the filter directly; anything else (tags, filters with arguments, `size`, …) goes through
 * LiquidJS. Both give the same value; the tests hold them to it.
 */

/** The name the current element of a repeated row goes by inside LiquidJS. */
export const ROW_ITEM = '__item';

/** A cell's value: a number, a date (UTC midnight), a text, or nothing. */
export type CellValue = number | Date | string | null;

/** Shared by every cell of one fill: LiquidJS's time and allocation limits for the whole workbook. */
export interface FillContext {
  liquid: Liquid;
  data: RenderData;
  limits: Pick<Context, 'memoryLimit' | 'renderLimit'>;
}

export interface CellTemplate {
  /** Global variable reads, with `__item` resolved to the row's list. */
  readonly uses: VariableUse[];
  /** The cell's value for `item` (the current element of a repeated row, undefined otherwise). */
  evaluate(fill: FillContext, item: unknown): CellValue;
}

/** Inside `{{ }}` and `{% %}` only: a `[]` written in the cell's text stays text. */
const LIQUID_MARKUP = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const LIST_REFERENCE = /(?<![\w.\]])([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\[\]/g;

/** True when the text holds Liquid markup. */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * `{{ premiums[].due_date }}` → `{{ __item.due_date }}`, with the lists referenced (`premiums`).
 * A `[]` left over after the rewrite is a nested list (`policies[].premiums[]`): refused.
 */
export function rewriteListReferences(
  text: string,
  cell: string,
): { source: string; lists: string[] } {
  const lists: string[] = [];
  const source = text.replace(LIQUID_MARKUP, (markup) => {
    const rewritten = markup.replace(LIST_REFERENCE, (_reference, list: string) => {
      if (!lists.includes(list)) lists.push(list);
      return ROW_ITEM;
    });
    if (rewritten.includes('[]')) {
      throw new TemplateSyntaxError(
        'invalid_row',
        `Cellule ${cell} : une liste dans une liste (« ${markup} ») n'est pas prise en charge ; une ligne répète les éléments d'une seule liste.`,
        { cell },
      );
    }
    return rewritten;
  });
  return { source, lists };
}

interface Placeholder {
  /** Read from the row's element (`premiums[].amount`) or from the data (`policy.number`). */
  fromItem: boolean;
  path: string[];
  filter: ((value: unknown) => string) | undefined;
}

type Piece = string | Placeholder;

/** `{{ path }}`, `{{ list[].path }}` or `{{ list[] }}`, with at most one filter and no argument. */
const PLACEHOLDER =
  /^\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)(\[\]((?:\.[a-z_][a-z0-9_]*)*))?\s*(?:\|\s*([a-z_]+)\s*)?\}\}$/;
/** Names LiquidJS reads as literals or special properties, never as plain data fields. */
const NOT_DATA = new Set([
  'empty',
  'blank',
  'nil',
  'null',
  'true',
  'false',
  'size',
  'first',
  'last',
  ROW_ITEM,
]);

/**
 * The cell as literal text and simple placeholders, or undefined when it needs LiquidJS: a tag,
 * whitespace control, a filter with arguments or unknown to the fast path, an index, …
 */
function fastPieces(text: string): Piece[] | undefined {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{\{[\s\S]*?\}\}|\{%/g)) {
    const markup = match[0];
    const parsed = PLACEHOLDER.exec(markup);
    if (!parsed) return undefined;
    const [, root = '', item, fields = '', filterName] = parsed;
    const fromItem = item !== undefined;
    const path = (fromItem ? fields : root).split('.').filter(Boolean);
    const filter = filterName === undefined ? undefined : SIMPLE_FILTERS[filterName];
    if ((filterName !== undefined && !filter) || path.some((s) => NOT_DATA.has(s))) {
      return undefined;
    }
    if (match.index > last) pieces.push(text.slice(last, match.index));
    last = match.index + markup.length;
    pieces.push({ fromItem, path, filter });
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/** Marks a value the fast path cannot print exactly as LiquidJS would (an object, a list, …). */
const NEEDS_LIQUID = Symbol('needs-liquid');

/** Reads `path` under `from` as LiquidJS does with `ownPropertyOnly`, for plain JSON data. */
function readPath(from: unknown, path: readonly string[]): unknown {
  let value = from;
  for (const segment of path) {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'object') return NEEDS_LIQUID;
    value = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? value : NEEDS_LIQUID;
}

/**
 * The typed value of a cell that holds exactly one output: numbers stay numbers, an ISO date with
 * no filter becomes a date, everything else is text; nothing prints as an empty cell.
 */
export function typedValue(value: unknown, filtered: boolean): CellValue {
  const resolved: unknown = toValue(value);
  if (typeof resolved === 'number' && Number.isFinite(resolved)) return resolved;
  if (!filtered && typeof resolved === 'string') {
    const date = isoDateToUtc(resolved);
    if (date) return date;
  }
  const text = stringify(resolved);
  return text === '' ? null : text;
}

function textValue(text: string): CellValue {
  return text === '' ? null : text;
}

class CollectingEmitter implements Emitter {
  buffer = '';
  write(html: unknown): void {
    this.buffer += stringify(html);
  }
}

/**
 * Compiles the text of a cell. `list` is the list its row repeats (`premiums`), or undefined for
 * a row rendered once. Syntax errors name the cell.
 */
export function compileCell(
  liquid: Liquid,
  text: string,
  list: readonly string[] | undefined,
  cell: string,
  options: { fastPath?: boolean } = {},
): CellTemplate {
  const { source } = rewriteListReferences(text, cell);
  let templates: Template[];
  try {
    templates = parseLiquid(liquid, source);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      throw new TemplateSyntaxError(
        error.code,
        `Cellule ${cell} : ${error.message}`,
        { cell },
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const aliases = new Map(list ? [[ROW_ITEM, [...list, ITEM]]] : []);
  const uses = variableUses(templates, aliases);
  const [only] = templates;
  const single = templates.length === 1 && only instanceof Output ? only : undefined;

  const slow = (fill: FillContext, item: unknown): CellValue => {
    const context = new Context(
      fill.data,
      fill.liquid.options,
      { sync: true },
      {
        liquid: fill.liquid,
        ...fill.limits,
      },
    );
    if (list) context.push({ [ROW_ITEM]: item });
    if (single) {
      const value = toValueSync(single.value.value(context, false));
      return typedValue(value, single.value.filters.length > 0);
    }
    const emitter = new CollectingEmitter();
    toValueSync(fill.liquid.renderer.renderTemplates(templates, context, emitter));
    return textValue(emitter.buffer);
  };

  const pieces = options.fastPath === false ? undefined : fastPieces(text);
  if (!pieces) return { uses, evaluate: slow };

  const read = (fill: FillContext, item: unknown, piece: Placeholder) =>
    readPath(piece.fromItem ? item : fill.data, piece.path);
  const [first] = pieces;
  if (pieces.length === 1 && typeof first === 'object') {
    return {
      uses,
      evaluate(fill, item) {
        const value = read(fill, item, first);
        if (value === NEEDS_LIQUID) return slow(fill, item);
        return first.filter ? textValue(first.filter(value)) : typedValue(value, false);
      },
    };
  }
  return {
    uses,
    evaluate(fill, item) {
      let text = '';
      for (const piece of pieces) {
        if (typeof piece === 'string') {
          text += piece;
          continue;
        }
        const value = read(fill, item, piece);
        if (value === NEEDS_LIQUID) return slow(fill, item);
        text += piece.filter ? piece.filter(value) : stringify(value);
      }
      return textValue(text);
    },
  };
}
