import type { ErrorObject } from 'ajv';
import localizeFrModule from 'ajv-i18n/localize/fr/index.js';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { Type, type Static } from 'typebox';
import { SealedKeyError } from './crypto/index.ts';
import { DECIMAL_TEXT_KEYWORD } from './numeric-text.ts';

// ajv-i18n is CommonJS with a default export; its typings model the ESM shape.
const localizeFr = localizeFrModule as unknown as (errors: ErrorObject[]) => void;

/** Default French titles, shown to brokers by the web app. */
const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Action non autorisée',
  404: 'Ressource introuvable',
  405: 'Méthode non autorisée',
  406: 'Format de réponse non disponible',
  409: 'Conflit',
  410: 'Lien expiré ou déjà utilisé',
  412: 'Version périmée',
  413: 'Requête trop volumineuse',
  414: 'Adresse trop longue',
  415: 'Type de contenu non pris en charge',
  422: 'Règle métier non respectée',
  429: 'Trop de requêtes',
  500: 'Erreur interne',
  503: 'Service indisponible',
  507: 'Espace de stockage insuffisant',
};

export const ProblemFieldError = Type.Object({
  path: Type.String({ description: 'JSON pointer to the offending field, e.g. `/email`.' }),
  in: Type.Optional(
    Type.Union([
      Type.Literal('body'),
      Type.Literal('query'),
      Type.Literal('params'),
      Type.Literal('headers'),
    ]),
  ),
  message: Type.String(),
  line: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Line in a template source (syntax errors).' }),
  ),
  column: Type.Optional(Type.Integer({ minimum: 1, description: 'Column on that line.' })),
  cell: Type.Optional(
    Type.String({ description: 'Workbook cell of a spreadsheet template, e.g. `Feuil1!B4`.' }),
  ),
});

/** RFC 9457 problem details, the body of every error response. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI reference identifying the problem type.' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(ProblemFieldError)),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type Problem = Static<typeof Problem>;
export type ProblemFieldError = Static<typeof ProblemFieldError>;

/**
 * An error a service throws on purpose; it becomes a problem+json response. Modules subclass it
 * (or call `new AppError(...)`) instead of building HTTP responses themselves.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers that go with the problem (WWW-Authenticate, Retry-After, …). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail = "La ressource demandée n'existe pas.") {
    super(404, 'not-found', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Authentification requise.', slug = 'unauthorized') {
    super(401, slug, detail, {}, { 'www-authenticate': 'Bearer realm="monassurance"' });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Votre rôle ne permet pas cette action.') {
    super(403, 'forbidden', detail);
  }
}

export class ConflictError extends AppError {
  constructor(slug: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(409, slug, detail, extensions);
  }
}

export class BusinessRuleError extends AppError {
  constructor(slug: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(422, slug, detail, extensions);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(retryAfterMs: number, detail: string) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      429,
      'too-many-requests',
      detail,
      { retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  }
}

/** A 400 on one field, for rules a schema cannot express (password policy, cursor, …). */
export class FieldValidationError extends AppError {
  constructor(
    path: string,
    message: string,
    location: NonNullable<ProblemFieldError['in']> = 'body',
    detail = 'Certains champs sont invalides.',
  ) {
    super(400, 'validation', detail, { errors: [{ path, in: location, message }] });
  }
}

/** A 400 listing every invalid field at once (rules checked after the schema). */
export class FieldsValidationError extends AppError {
  constructor(errors: ProblemFieldError[], detail = 'Certains champs sont invalides.') {
    super(400, 'validation', detail, { errors });
  }
}

/** The French title of a problem status. */
export function problemTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Erreur interne' : 'Requête invalide');
}

export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

export function buildProblem(
  status: number,
  slug: string,
  detail: string,
  request: FastifyRequest,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: problemType(slug),
    title: problemTitle(status),
    status,
    detail,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

const CONTEXTS: Record<string, ProblemFieldError['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Turns Ajv errors into field errors with JSON pointers to the field, in French. */
export function fieldErrors(
  validation: FastifySchemaValidationError[],
  context: string | undefined,
): ProblemFieldError[] {
  const errors = validation.map((e) => ({ ...e })) as unknown as ErrorObject[];
  // ajv-i18n knows only Ajv's own keywords; ours carry their French message already.
  localizeFr(errors.filter((error) => error.keyword !== DECIMAL_TEXT_KEYWORD));
  return errors.map((error) => {
    let pointer = error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      pointer += `/${params.missingProperty}`;
    } else if (
      error.keyword === 'additionalProperties' &&
      typeof params.additionalProperty === 'string'
    ) {
      pointer += `/${params.additionalProperty}`;
    }
    const location = context ? CONTEXTS[context] : undefined;
    return {
      path: pointer || '/',
      ...(location ? { in: location } : {}),
      message: error.message ?? 'valeur invalide',
    };
  });
}

/** Fastify's own client errors, with a French explanation. */
const FRAMEWORK_ERRORS: Record<string, { slug: string; detail: string; status?: number }> = {
  // A body stream the client cut short (truncated multipart upload, …).
  ERR_STREAM_PREMATURE_CLOSE: {
    slug: 'incomplete-body',
    detail: 'Le corps de la requête est incomplet.',
    status: 400,
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    slug: 'malformed-json',
    detail: "Le corps JSON n'est pas valide.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    slug: 'malformed-json',
    detail: 'Le corps est vide alors que le type de contenu est application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    slug: 'payload-too-large',
    detail: 'Le corps de la requête dépasse la taille autorisée.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    slug: 'unsupported-media-type',
    detail: "Ce type de contenu n'est pas accepté par cette route.",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    slug: 'bad-content-length',
    detail: "L'en-tête Content-Length ne correspond pas au corps.",
  },
  FST_ERR_BAD_URL: { slug: 'bad-url', detail: "L'adresse demandée est mal formée." },
  FST_ERR_MAX_PARAM_LENGTH: {
    slug: 'uri-too-long',
    detail: "Un paramètre de l'adresse est trop long.",
  },
};

/** Registers the one place where every error becomes problem+json. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof SealedKeyError) {
      // The master key is not the data's (ADR 0014): an operations fault, which the operator
      // finds in the log by its cause, and the caller as a 503 rather than a 500.
      request.log.error({ err: error }, 'a sealed key does not open with this MASTER_KEY');
      return sendProblem(
        reply,
        buildProblem(
          503,
          'master-key-mismatch',
          "Le service est momentanément indisponible : le serveur ne parvient pas à ouvrir ses clés chiffrées. L'exploitant doit vérifier sa clé maîtresse.",
          request,
        ),
      );
    }
    if (error instanceof AppError) {
      // A 5xx problem caused by a failure underneath (a full disk, S3 down): the answer never
      // shows the cause, so the log must.
      if (error.status >= 500 && error.cause !== undefined) {
        request.log.error({ err: error }, 'dependency failure');
      }
      reply.headers(error.headers);
      return sendProblem(
        reply,
        buildProblem(error.status, error.slug, error.message, request, error.extensions),
      );
    }
    if (error.validation) {
      return sendProblem(
        reply,
        buildProblem(400, 'validation', 'Certains champs sont invalides.', request, {
          errors: fieldErrors(error.validation, error.validationContext),
        }),
      );
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    const status = error.statusCode ?? known?.status ?? 500;
    if (known && status >= 400 && status < 500) {
      return sendProblem(reply, buildProblem(status, known.slug, known.detail, request));
    }
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'client error');
      return sendProblem(
        reply,
        buildProblem(status, 'client-error', TITLES[status] ?? 'Requête invalide', request),
      );
    }
    // Internals stay in the log; the client gets the request id to quote to support.
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      buildProblem(
        500,
        'internal',
        `Une erreur inattendue est survenue. Référence : ${request.id}.`,
        request,
      ),
    );
  });
}

/** The problem responses every route documents, plus the ones it names. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  const all = new Set([...statuses, 500]);
  return Object.fromEntries(
    [...all]
      .sort((a, b) => a - b)
      .map((status) => [
        status,
        {
          description: TITLES[status] ?? 'Erreur',
          content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
        },
      ]),
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The JSON pointer of the first string holding a NUL character (PostgreSQL cannot store it). */
export function findNulCharacter(value: unknown, pointer = ''): string | undefined {
  if (typeof value === 'string') {
    // NUL and lone surrogates (not well-formed UTF-16) cannot be stored by PostgreSQL.
    return value.includes('\u0000') || LONE_SURROGATE.test(value) ? pointer || '/' : undefined;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const found = findNulCharacter(
      child,
      `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    );
    if (found) return found;
  }
  return undefined;
}

/** Refuses text with NUL characters anywhere in the input, before any handler sees it. */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [location, part] of [
      ['query', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const path = findNulCharacter(part);
      if (path)
        throw new FieldValidationError(
          path,
          'Texte invalide : caractère nul ou Unicode mal formé.',
          location,
        );
    }
  });
}

/** Errors raised by the router itself (URL too long, malformed): problem+json like the rest. */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  void sendProblem(
    reply,
    buildProblem(
      status,
      known?.slug ?? 'bad-request',
      known?.detail ?? "L'adresse demandée est invalide.",
      request,
    ),
  );
}
