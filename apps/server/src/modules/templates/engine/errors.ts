/**
 * Where a template problem is: a line and column (1-based) of an HTML template's source, or the
 * cell of an XLSX template (`Sheet1!B4`, `'Mon onglet'!C7`).
 */
export interface TemplateLocation {
  line?: number | undefined;
  column?: number | undefined;
  cell?: string | undefined;
}

export type TemplateSyntaxErrorCode =
  /** Malformed tag or output, unclosed block, unknown tag. */
  | 'invalid_syntax'
  /** A filter the engine does not know (`strictFilters`): a typo would otherwise print nothing. */
  | 'unknown_filter'
  /** `include`, `render`, `layout`: templates are self-contained and never read files. */
  | 'forbidden_tag'
  /** An XLSX row that repeats two different lists, or a nested `a[].b[]`. */
  | 'invalid_row'
  /** Bytes that are not an XLSX workbook (another format, encrypted, corrupt). */
  | 'unreadable_workbook';

/** The template cannot be saved as it is; `message` is French, for the author of the template. */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly cell: string | undefined;
  constructor(
    readonly code: TemplateSyntaxErrorCode,
    message: string,
    location: TemplateLocation = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.line = location.line;
    this.column = location.column;
    this.cell = location.cell;
  }
}

/** A valid template failed on this data (a tag or filter threw); `message` is French. */
export class TemplateRenderError extends Error {
  override name = 'TemplateRenderError';
  readonly code = 'render_failed';
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly cell: string | undefined;
  constructor(message: string, location: TemplateLocation = {}, options?: ErrorOptions) {
    super(message, options);
    this.line = location.line;
    this.column = location.column;
    this.cell = location.cell;
  }
}

export type TemplateLimitErrorCode =
  | 'render_timeout'
  | 'memory'
  | 'output_too_large'
  | 'source_too_large'
  | 'file_too_large'
  | 'too_many_rows';

/**
 * A template (or its data) went past a resource limit: rendering is stopped rather than allowed to
 * hold a worker's CPU or memory. `message` is French.
 */
export class TemplateLimitError extends Error {
  override name = 'TemplateLimitError';
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly cell: string | undefined;
  constructor(
    readonly code: TemplateLimitErrorCode,
    message: string,
    location: TemplateLocation = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.line = location.line;
    this.column = location.column;
    this.cell = location.cell;
  }
}

/**
 * A remark on a template that does not stop it from being saved: the API returns them so that the
 * editor can underline the variable.
 */
export interface TemplateWarning {
  /** `unknown_variable`: not in the data model (renders empty); `not_snake_case`: e.g. `client.firstName`. */
  code: 'unknown_variable' | 'not_snake_case';
  /** French, for the template's author. */
  message: string;
  /** The variable as normalised in `variables`, e.g. `premiums[].due_date`. */
  variable: string;
  line?: number;
  column?: number;
  cell?: string;
}
