import {
  AssignTag,
  ForTag,
  TablerowTag,
  toValueSync,
  TypeGuards,
  Value,
  type PropertyAccessToken,
  type Template,
  type Token,
  type ValueToken,
} from 'liquidjs';
import { DATA_MODEL, ITEM, resolveVariable } from './data-model.ts';
import type { TemplateWarning } from './errors.ts';

/**
 * Static analysis of parsed templates: which data each one reads.
 *
 * LiquidJS's own `globalVariableSegments` reports `{% for p in premiums %}{{ p.due_date }}` as
 * `premiums` alone: it does not follow loop variables. This walker goes over the same template
 * tree (through the public `arguments`/`children`/`blockScope`/`localScope` hooks its analysis
 * uses) and resolves loop variables, and `{% assign x = some.path %}` aliases, to the data they
 * stand for: `p.due_date` → `premiums[].due_date`.
 */

type Segment = string | number;

/** A read of the data by a template, its loop variables resolved (`ITEM` for any element). */
export interface VariableUse {
  segments: Segment[];
  line: number;
  column: number;
}

/** A name in scope: an alias of a data path, or a local value of unknown shape. */
interface Binding {
  alias?: Segment[] | undefined;
}

class Scopes {
  private readonly frames: Map<string, Binding>[];

  constructor(initial: ReadonlyMap<string, Segment[]>) {
    const root = new Map<string, Binding>();
    for (const [name, alias] of initial) root.set(name, { alias });
    this.frames = [root];
  }

  lookup(name: string): Binding | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const binding = this.frames[i]?.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** `assign`, `capture`, `increment` write the template's bottom scope, as LiquidJS does. */
  setRoot(name: string, binding: Binding): void {
    this.frames[0]?.set(name, binding);
  }

  push(frame: Map<string, Binding>): void {
    this.frames.push(frame);
  }

  pop(): void {
    this.frames.pop();
  }
}

/**
 * Line and column (1-based) of an offset, as LiquidJS's `Token.getPosition` counts them. That one
 * scans the source from its start on every call, which made the analysis of a long template
 * quadratic (16 s for 10,000 outputs in 500 KB); this indexes the line starts once per source.
 */
function positions(): (input: string, offset: number) => { line: number; column: number } {
  const indexes = new Map<string, number[]>();
  return (input, offset) => {
    let starts = indexes.get(input);
    if (!starts) {
      starts = [0];
      for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) starts.push(i + 1);
      indexes.set(input, starts);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}

/**
 * The global variables `templates` read, in order of appearance, with loop variables resolved.
 * `aliases` binds names before the walk (the XLSX row item: `__item` → `premiums[]`).
 */
export function variableUses(
  templates: readonly Template[],
  aliases: ReadonlyMap<string, Segment[]> = new Map(),
): VariableUse[] {
  const scopes = new Scopes(aliases);
  const uses: VariableUse[] = [];
  const position = positions();

  /** The data path a template path reads, or undefined when it reads a local value. */
  const resolve = (segments: Segment[]): Segment[] | undefined => {
    const [root, ...rest] = segments;
    if (typeof root !== 'string') return undefined;
    const binding = scopes.lookup(root);
    if (!binding) return segments;
    return binding.alias && [...binding.alias, ...rest];
  };

  const record = (token: PropertyAccessToken): Segment[] | undefined => {
    const segments = propertyPath(token, record);
    if (!segments) return undefined;
    const resolved = resolve(segments);
    if (resolved) {
      const { line, column } = position(token.input, token.begin);
      uses.push({ segments: resolved, line, column });
    }
    return resolved;
  };

  const visit = (template: Template): void => {
    const args = template.arguments ? [...template.arguments()] : [];
    for (const arg of args) forEachPropertyAccess(arg, record);
    if (template.localScope) {
      const alias = template instanceof AssignTag ? assignedPath(args) : undefined;
      for (const identifier of template.localScope()) {
        scopes.setRoot(identifier.content, { alias: alias && resolve(alias) });
      }
    }
    if (!template.children) return;
    const frame = new Map<string, Binding>();
    for (const name of template.blockScope?.() ?? []) frame.set(name, {});
    if (
      (template instanceof ForTag || template instanceof TablerowTag) &&
      TypeGuards.isPropertyAccessToken(template.collection)
    ) {
      const collection = propertyPath(template.collection, () => undefined);
      const resolved = collection && resolve(collection);
      if (resolved) frame.set(template.variable, { alias: [...resolved, ITEM] });
    }
    scopes.push(frame);
    for (const child of toValueSync(template.children(false, true))) visit(child);
    scopes.pop();
  };

  for (const template of templates) visit(template);
  return uses;
}

/** `{% assign p = premium %}` makes `p` an alias; anything with a filter or operator does not. */
function assignedPath(args: readonly unknown[]): Segment[] | undefined {
  const [value] = args;
  if (args.length !== 1 || !(value instanceof Value) || value.filters.length > 0) return undefined;
  const [token] = value.initial.postfix;
  if (value.initial.postfix.length !== 1 || !TypeGuards.isPropertyAccessToken(token)) {
    return undefined;
  }
  return propertyPath(token, () => undefined);
}

/**
 * The segments of `a.b[0]["c"]`. A dynamic index (`a[b.c]`) is recorded as a use of its own and
 * stands for any element. Undefined for properties of a literal (`"abc".size`, `(1..3).first`).
 */
function propertyPath(
  token: PropertyAccessToken,
  onNested: (nested: PropertyAccessToken) => unknown,
): Segment[] | undefined {
  if (token.variable) {
    forEachPropertyAccess(token.variable, onNested);
    for (const prop of token.props) forEachPropertyAccess(prop, onNested);
    return undefined;
  }
  const segments: Segment[] = [];
  for (const prop of token.props) {
    if (TypeGuards.isWordToken(prop) || TypeGuards.isQuotedToken(prop)) {
      segments.push(prop.content);
    } else if (TypeGuards.isNumberToken(prop)) {
      segments.push(prop.content);
    } else if (TypeGuards.isPropertyAccessToken(prop)) {
      onNested(prop);
      segments.push(ITEM);
    } else {
      forEachPropertyAccess(prop, onNested);
      segments.push(ITEM);
    }
  }
  return segments;
}

/** Calls `visit` on every variable read by an argument of a tag or output. */
function forEachPropertyAccess(arg: unknown, visit: (token: PropertyAccessToken) => unknown): void {
  if (arg instanceof Value) {
    forEachInExpression(arg.initial.postfix, arg.filters, visit);
  } else if (TypeGuards.isValueToken(arg)) {
    forEachInValueToken(arg, visit);
  }
}

function forEachInExpression(
  postfix: readonly Token[],
  filters: readonly { args: readonly unknown[] }[],
  visit: (token: PropertyAccessToken) => unknown,
): void {
  for (const token of postfix) {
    if (TypeGuards.isValueToken(token)) forEachInValueToken(token, visit);
  }
  for (const filter of filters) {
    // An argument is a value, or a `key: value` pair.
    for (const arg of filter.args) {
      const value: unknown = Array.isArray(arg) ? arg[1] : arg;
      if (TypeGuards.isValueToken(value)) forEachInValueToken(value, visit);
    }
  }
}

function forEachInValueToken(
  token: ValueToken,
  visit: (token: PropertyAccessToken) => unknown,
): void {
  if (TypeGuards.isRangeToken(token)) {
    forEachInValueToken(token.lhs, visit);
    forEachInValueToken(token.rhs, visit);
  } else if (TypeGuards.isFilteredValueToken(token)) {
    forEachInExpression(token.initial.postfix, token.filters, visit);
  } else if (TypeGuards.isPropertyAccessToken(token)) {
    visit(token);
  }
}

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;
const KNOWN_PATHS = DATA_MODEL.map((entry) => entry.path);

/** The variables and warnings of a template, from its uses; `cell` locates XLSX warnings. */
export function summarize<Use extends VariableUse>(
  uses: readonly Use[],
  where: (use: Use) => Pick<TemplateWarning, 'line' | 'column' | 'cell'>,
): { variables: string[]; warnings: TemplateWarning[] } {
  const variables: string[] = [];
  const warnings: TemplateWarning[] = [];
  const seen = new Set<string>();
  for (const use of uses) {
    const { path, known } = resolveVariable(use.segments);
    if (seen.has(path)) continue;
    seen.add(path);
    variables.push(path);
    const warning = warningFor(path, use.segments, known);
    if (warning) warnings.push({ ...warning, variable: path, ...where(use) });
  }
  return { variables, warnings };
}

function warningFor(
  path: string,
  segments: readonly Segment[],
  known: boolean,
): Pick<TemplateWarning, 'code' | 'message'> | undefined {
  const names = segments.filter((s): s is string => typeof s === 'string' && s !== ITEM);
  if (names.includes('')) {
    return {
      code: 'unknown_variable',
      message: `« ${path} » : la notation [] ne vaut que dans une ligne d'un modèle Excel ; dans un modèle HTML, parcourez la liste avec {% for élément in liste %}.`,
    };
  }
  if (!names.every((name) => SNAKE_CASE.test(name))) {
    const snake = resolveVariable(
      segments.map((s) => (typeof s === 'string' ? toSnakeCase(s) : s)),
    );
    return {
      code: 'not_snake_case',
      message:
        `« ${path} » n'est pas écrit en snake_case (minuscules, chiffres et tirets bas) : ` +
        (snake.known
          ? `vouliez-vous dire « ${snake.path} » ?`
          : 'les variables du modèle de données s’écrivent ainsi, elle sera vide dans les documents.'),
    };
  }
  if (known) return undefined;
  const closest = closestKnownPath(path);
  return {
    code: 'unknown_variable',
    message:
      `La variable « ${path} » n'existe pas dans le modèle de données : elle sera vide dans les documents.` +
      (closest ? ` Vouliez-vous dire « ${closest} » ?` : ''),
  };
}

function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** A known path at most two edits away (a typo), for the warning's suggestion. */
function closestKnownPath(path: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of KNOWN_PATHS) {
    if (Math.abs(candidate.length - path.length) >= bestDistance) continue;
    const distance = editDistance(path, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit, limit);
}
