import {
  AssertionError,
  Context,
  Liquid,
  LiquidError,
  Tag,
  toPromise,
  toValue,
  toValueSync,
  type Emitter,
  type Template,
  type TagToken,
  type TopLevelToken,
} from 'liquidjs';
import { summarize, variableUses, type VariableUse } from './analysis.ts';
import type { RenderData } from './data-model.ts';
import {
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateLocation,
  type TemplateWarning,
} from './errors.ts';
import { dateFr, dateLong, money, percent, sum } from './filters.ts';

/**
 * The LiquidJS engine templates run in, sandboxed: templates are written by cabinet staff, so a
 * template is untrusted input that must not read files, reach the process or hold a worker.
 *
 * - No file system: `include`, `render` and `layout` are refused when the template is parsed
 *   (a template is one self-contained text), and the engine's file system is an empty in-memory
 *   map, so that no other path reaches the disk either.
 * - `ownPropertyOnly`: a template sees the data's own fields, never a prototype
 *   (`{{ client.constructor }}` is empty). Liquid has no way to call a function or name a global.
 * - `strictFilters`: an unknown filter is a syntax error at save time, not a silent blank later.
 *   Unknown variables, by contrast, are only warnings (see `parse`) and render empty.
 * - LiquidJS's resource limits (time, allocations, source length) and an output size limit.
 * - Dates never depend on the process's time zone: `timezoneOffset: 0` for Liquid's `date`
 *   filter, and the French filters read calendar dates as written.
 */

export interface TemplateLimits {
  /** Wall-clock time of one render, in milliseconds (LiquidJS `renderLimit`). Default 2000. */
  renderTimeMs?: number;
  /** Size of one rendered document, in UTF-8 bytes. Default 5 MiB. */
  maxOutputBytes?: number;
  /** Length of a template's source, in characters (LiquidJS `parseLimit`). Default 1 Mi. */
  parseLimit?: number;
  /**
   * LiquidJS `memoryLimit`: the elements of ranges and lists and the characters of strings that
   * tags and filters create during one render. Default 50 M — `(1..100000000)` fails at once.
   */
  memoryLimit?: number;
}

export const DEFAULT_TEMPLATE_LIMITS: Readonly<Required<TemplateLimits>> = Object.freeze({
  renderTimeMs: 2000,
  maxOutputBytes: 5 * 1024 * 1024,
  parseLimit: 1024 * 1024,
  memoryLimit: 50_000_000,
});

export interface RenderOptions {
  /** HTML-escape every output (`| raw` opts out): true for HTML documents, false for XLSX cells. */
  escape: boolean;
}

/** A template checked by `parse`, with what it reads; `render` reuses its compiled form. */
export class ParsedTemplate {
  constructor(
    readonly source: string,
    /** Data paths the template reads, normalised to the data model (`premiums[].due_date`). */
    readonly variables: string[],
    readonly warnings: TemplateWarning[],
  ) {}
}

export interface TemplateEngine {
  /**
   * Checks a template and lists the data it reads. Throws `TemplateSyntaxError` (French message,
   * line and column) for what Liquid cannot parse, `TemplateLimitError` for an oversized source.
   *
   * Unknown or non-snake_case variables are returned as `warnings` and do not throw: they render
   * empty, the data model grows over time, and a template saved before a field exists should not
   * be rejected — the editor shows the warnings next to the line instead.
   */
  parse(source: string): ParsedTemplate;
  /** Renders a template (source or parsed) on `data`; the same input gives the same text. */
  render(
    template: string | ParsedTemplate,
    data: RenderData,
    options: RenderOptions,
  ): Promise<string>;
  renderSync(template: string | ParsedTemplate, data: RenderData, options: RenderOptions): string;
}

const TAGS_READING_FILES = ['include', 'render', 'layout'] as const;
const SOURCE_CACHE_SIZE = 16;

/** Thrown from the tag's constructor, so LiquidJS reports it as a parse error at the tag. */
class ForbiddenTagError extends Error {
  constructor(readonly tag: string) {
    super(`tag ${tag} is not allowed`);
  }
}

class ForbiddenTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new ForbiddenTagError(token.name);
  }
  render(): never {
    throw new ForbiddenTagError(this.name);
  }
}

class OutputLimitError extends Error {}

/**
 * Collects the output and stops the render once it passes `maxBytes`, instead of measuring a
 * document that may already fill the memory.
 */
class LimitedEmitter implements Emitter {
  buffer = '';
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  write(html: unknown): void {
    const text = stringify(html);
    this.bytes += Buffer.byteLength(text);
    if (this.bytes > this.maxBytes) throw new OutputLimitError();
    this.buffer += text;
  }
}

/** LiquidJS's own conversion of an output value to text, which never throws. */
export function stringify(value: unknown): string {
  const resolved: unknown = toValue(value);
  if (typeof resolved === 'string') return resolved;
  if (resolved === null || resolved === undefined) return '';
  if (Array.isArray(resolved)) return resolved.map(stringify).join('');
  try {
    return String(resolved);
  } catch {
    // An object without a prototype has no text.
    return '';
  }
}

/** A Liquid instance with the sandbox options, the French filters and the refused tags. */
export function createLiquid(escape: boolean, limits: Required<TemplateLimits>): Liquid {
  const liquid = new Liquid({
    // An empty in-memory file system: nothing to include, and no path to the disk.
    templates: {},
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    jsTruthy: false,
    outputEscape: escape ? 'escape' : undefined,
    timezoneOffset: 0,
    locale: 'fr-FR',
    parseLimit: limits.parseLimit,
    renderLimit: limits.renderTimeMs,
    memoryLimit: limits.memoryLimit,
  });
  for (const tag of TAGS_READING_FILES) liquid.registerTag(tag, ForbiddenTag);
  liquid.registerFilter('money', money);
  liquid.registerFilter('date_fr', dateFr);
  liquid.registerFilter('date_long', dateLong);
  liquid.registerFilter('percent', percent);
  liquid.registerFilter('sum', sum);
  return liquid;
}

export function createTemplateEngine(limits: TemplateLimits = {}): TemplateEngine {
  const resolved: Required<TemplateLimits> = { ...DEFAULT_TEMPLATE_LIMITS, ...limits };
  const engines = { html: createLiquid(true, resolved), text: createLiquid(false, resolved) };
  const compiled = new WeakMap<ParsedTemplate, Partial<Record<keyof typeof engines, Template[]>>>();
  const bySource = new Map<string, Template[]>();

  const compile = (template: string | ParsedTemplate, escape: boolean): Template[] => {
    const mode = escape ? 'html' : 'text';
    const source = typeof template === 'string' ? template : template.source;
    if (typeof template !== 'string') {
      const cached = compiled.get(template)?.[mode];
      if (cached) return cached;
    }
    const key = `${mode}\u0000${source}`;
    let templates = bySource.get(key);
    if (templates) {
      // Most recently used last: a Map iterates in insertion order.
      bySource.delete(key);
    } else {
      templates = parseLiquid(engines[mode], source);
    }
    bySource.set(key, templates);
    if (bySource.size > SOURCE_CACHE_SIZE) bySource.delete(bySource.keys().next().value ?? '');
    if (typeof template !== 'string') {
      compiled.set(template, { ...compiled.get(template), [mode]: templates });
    }
    return templates;
  };

  const start = (
    template: string | ParsedTemplate,
    data: RenderData,
    escape: boolean,
    sync: boolean,
  ) => {
    const liquid = escape ? engines.html : engines.text;
    const templates = compile(template, escape);
    // A shallow copy: `{% increment %}` writes to the top-level scope, not to the caller's data.
    const context = new Context({ ...data }, liquid.options, { sync }, { liquid });
    const emitter = new LimitedEmitter(resolved.maxOutputBytes);
    return { run: liquid.renderer.renderTemplates(templates, context, emitter), emitter };
  };

  return {
    parse(source) {
      const templates = parseLiquid(engines.html, source);
      const { variables, warnings } = summarize(variableUses(templates), positionOf);
      const parsed = new ParsedTemplate(source, variables, warnings);
      compiled.set(parsed, { html: templates });
      return parsed;
    },

    async render(template, data, options) {
      const { run, emitter } = start(template, data, options.escape, false);
      try {
        await toPromise(run);
      } catch (error) {
        throw renderFailure(error);
      }
      return emitter.buffer;
    },

    renderSync(template, data, options) {
      const { run, emitter } = start(template, data, options.escape, true);
      try {
        toValueSync(run);
      } catch (error) {
        throw renderFailure(error);
      }
      return emitter.buffer;
    },
  };
}

function positionOf(use: VariableUse): TemplateLocation {
  return { line: use.line, column: use.column };
}

/** Parses with `liquid`, turning its errors into French `TemplateSyntaxError`s. */
export function parseLiquid(liquid: Liquid, source: string): Template[] {
  try {
    return liquid.parse(source);
  } catch (error) {
    throw syntaxFailure(error);
  }
}

interface LiquidFailure {
  message: string;
  token?: { input: string; begin: number; end: number; getPosition(): number[] } | undefined;
  originalError?: unknown;
}

/** LiquidJS's message without the `, line:1, col:3` it appends. */
function bareMessage(error: LiquidFailure): string {
  const original = error.originalError;
  const message = original instanceof Error ? original.message : error.message;
  return message.replace(/, line:\d+, col:\d+$/, '');
}

function locate(error: LiquidFailure, offset?: number): TemplateLocation {
  const token = error.token;
  if (!token) return {};
  if (offset === undefined) {
    const [line, column] = token.getPosition();
    return { line, column };
  }
  const before = token.input.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

const SYNTAX_MESSAGES: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^tag "(.*)" not found$/, (m) => `Balise inconnue ou inattendue : {% ${m[1]} %}.`],
  [
    /^(?:tag|raw) (\{%-?\s*([\w#]+)[\s\S]*%\}) not closed$/,
    (m) => `La balise ${m[1]} n'est pas fermée : ajoutez {% end${m[2]} %}.`,
  ],
  [
    /^output "([\s\S]*)" not closed$/,
    (m) => `La balise ${(m[1] ?? '').trim()} n'est pas fermée : ajoutez }}.`,
  ],
  [/^illegal tag: ([\s\S]*)$/, (m) => `Balise mal formée : ${m[1]}.`],
  [/^invalid value expression: "(.*)"$/, (m) => `Expression invalide${m[1] ? ` : ${m[1]}` : ''}.`],
  [/^expected filter name$/, () => 'Nom de filtre attendu après « | ».'],
  [/^duplicated else$/, () => 'Un seul {% else %} par bloc.'],
  [/^unexpected elsif after else$/, () => '{% elsif %} doit précéder {% else %}.'],
  [/^\[ not closed$/, () => 'Crochet « [ » non fermé.'],
  [/^unbalanced parentheses$/, () => 'Parenthèses non équilibrées.'],
  [/^invalid range syntax$/, () => 'Intervalle mal formé : écrivez (1..5).'],
];

export function syntaxFailure(error: unknown): TemplateSyntaxError | TemplateLimitError {
  if (error instanceof AssertionError && /parse length limit/.test(error.message)) {
    return new TemplateLimitError(
      'source_too_large',
      'Le modèle est trop long : découpez-le ou allégez-le.',
      {},
      { cause: error },
    );
  }
  if (!LiquidError.is(error)) {
    return new TemplateSyntaxError('invalid_syntax', 'Modèle illisible.', {}, { cause: error });
  }
  const failure = error as unknown as LiquidFailure;
  const original = failure.originalError;
  if (original instanceof ForbiddenTagError) {
    return new TemplateSyntaxError(
      'forbidden_tag',
      `La balise {% ${original.tag} %} n'est pas disponible : un modèle ne peut pas charger d'autres fichiers. Copiez le contenu voulu dans le modèle.`,
      locate(failure),
      { cause: error },
    );
  }
  const message = bareMessage(failure);
  const filter = /^undefined filter: (.+)$/.exec(message);
  if (filter) {
    const name = filter[1] ?? '';
    return new TemplateSyntaxError(
      'unknown_filter',
      `Filtre inconnu : « ${name} ». Les filtres français sont money, date_fr, date_long, percent et sum.`,
      locate(failure, filterOffset(failure, name)),
      { cause: error },
    );
  }
  for (const [pattern, french] of SYNTAX_MESSAGES) {
    const match = pattern.exec(message);
    if (match) {
      return new TemplateSyntaxError('invalid_syntax', french(match), locate(failure), {
        cause: error,
      });
    }
  }
  return new TemplateSyntaxError(
    'invalid_syntax',
    `Erreur de syntaxe : ${message}.`,
    locate(failure),
    {
      cause: error,
    },
  );
}

/** Where the unknown filter's name is in the source, to point at it rather than at `{{`. */
function filterOffset(error: LiquidFailure, name: string): number | undefined {
  const token = error.token;
  if (!token) return undefined;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\|\\s*(${escaped})(?![\\w-])`).exec(
    token.input.slice(token.begin, token.end),
  );
  return match ? token.begin + match.index + match[0].length - name.length : undefined;
}

/** What a failed render becomes: a limit, or a French render error at the failing tag. */
export function renderFailure(
  error: unknown,
): TemplateRenderError | TemplateLimitError | TemplateSyntaxError {
  if (error instanceof TemplateSyntaxError || error instanceof TemplateLimitError) return error;
  const failure = LiquidError.is(error) ? (error as unknown as LiquidFailure) : undefined;
  const cause = failure?.originalError ?? error;
  const where = failure ? locate(failure) : {};
  if (cause instanceof OutputLimitError) {
    return new TemplateLimitError(
      'output_too_large',
      'Le document produit est trop volumineux : limitez les boucles ou la quantité de données.',
      where,
      { cause: error },
    );
  }
  if (cause instanceof AssertionError && /render limit/.test(cause.message)) {
    return new TemplateLimitError(
      'render_timeout',
      'Le modèle met trop de temps à produire le document : vérifiez ses boucles.',
      where,
      { cause: error },
    );
  }
  if (
    (cause instanceof AssertionError && /memory alloc limit/.test(cause.message)) ||
    (cause instanceof RangeError && /string length/.test(cause.message))
  ) {
    return new TemplateLimitError(
      'memory',
      'Le modèle demande trop de mémoire : vérifiez ses boucles et intervalles.',
      where,
      { cause: error },
    );
  }
  const detail = failure
    ? bareMessage(failure)
    : cause instanceof Error
      ? cause.message
      : String(cause);
  return new TemplateRenderError(`Le modèle n'a pas pu être produit : ${detail}.`, where, {
    cause: error,
  });
}
