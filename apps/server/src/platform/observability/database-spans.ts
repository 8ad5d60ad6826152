import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SpanKind, trace, type Span, type Tracer } from '@opentelemetry/api';
import pg from 'pg';
import { markFailed } from './span-errors.ts';

/** What a span may say about a statement: its operation and first table, never a value. */
export interface StatementSummary {
  /** First keyword, upper-cased: SELECT, INSERT, BEGIN, … (`QUERY` when there is none). */
  operation: string;
  /** The first table the statement reads or writes, unquoted and without its schema. */
  collection: string | undefined;
  /** `SELECT users`: the span name (OpenTelemetry's `db.query.summary`). */
  summary: string;
}

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const TARGET = new RegExp(
  String.raw`\b(?:from|into|update|join)\s+(?:only\s+)?(${IDENTIFIER}(?:\s*\.\s*${IDENTIFIER})?)`,
  'i',
);
const OPERATION = /^\s*([A-Za-z]+)/;
/** `$$` or `$body$` opens a dollar-quoted string (`$1` is a parameter). */
const DOLLAR_TAG = /^\$[A-Za-z_]*\$/;

/**
 * The statement with its string literals, dollar-quoted bodies and comments blanked out, so that
 * nothing a literal holds can be mistaken for an operation or a table name. Quoted identifiers stay.
 */
export function withoutLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '"') {
      // A quoted identifier is kept whole ("" inside it is an escaped quote).
      const start = i;
      i++;
      while (i < sql.length && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
      out += sql.slice(start, i);
    } else if (c === "'") {
      // '' inside a literal is an escaped quote; in an E'…' string so is \'.
      const escapes = /[Ee]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) {
        i += sql[i] === "'" || (escapes && sql[i] === '\\') ? 2 : 1;
      }
      i++;
      out += ' ';
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      out += ' ';
    } else if (c === '$' && DOLLAR_TAG.test(sql.slice(i, i + 64))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))?.[0] ?? '$$';
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const IDENTIFIERS = new RegExp(IDENTIFIER, 'g');

/** `"public"."users"` → `users`. */
function tableName(target: string): string {
  const last = target.match(IDENTIFIERS)?.at(-1) ?? target;
  return last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last;
}

/** Summarises a SQL statement for a span; parameter values are never part of it. */
export function summarizeStatement(sql: string): StatementSummary {
  const bare = withoutLiterals(sql);
  const operation = OPERATION.exec(bare)?.[1]?.toUpperCase() ?? 'QUERY';
  const target = TARGET.exec(bare)?.[1];
  const collection = target === undefined ? undefined : tableName(target);
  return {
    operation,
    collection,
    summary: collection === undefined ? operation : `${operation} ${collection}`,
  };
}

function endFailed(span: Span, error: unknown): void {
  markFailed(span, error);
  span.end();
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs one query under a CLIENT span named by its summary. Queries outside any trace (start-up,
 * background loops) get no span: a root span per poll would bury the traces that matter.
 */
function traceQuery(tracer: Tracer, statement: unknown, run: () => unknown): unknown {
  if (trace.getActiveSpan() === undefined) return run();
  const text =
    typeof statement === 'string'
      ? statement
      : typeof (statement as { text?: unknown } | null)?.text === 'string'
        ? (statement as { text: string }).text
        : '';
  const { operation, collection, summary } = summarizeStatement(text);
  return tracer.startActiveSpan(
    summary,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system': 'postgresql',
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.query.summary': summary,
        ...(collection === undefined ? {} : { 'db.collection.name': collection }),
      },
    },
    (span) => {
      let result: unknown;
      try {
        result = run();
      } catch (error) {
        endFailed(span, error);
        throw error;
      }
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          endFailed(span, error);
          throw error;
        },
      );
    },
  );
}

/** node-postgres calls with a callback (the pool's own calls to its client) are left alone. */
function isPromiseCall(args: unknown[]): boolean {
  const config = args[0] as { submit?: unknown; callback?: unknown } | null | undefined;
  return (
    !args.some((arg) => typeof arg === 'function') &&
    typeof config?.submit !== 'function' &&
    typeof config?.callback !== 'function'
  );
}

/** Replaces `owner[name]`; the returned function puts the original back. */
function patch(owner: object, name: string, wrap: (original: AnyFunction) => AnyFunction) {
  const own = Object.getOwnPropertyDescriptor(owner, name);
  const original = (owner as Record<string, AnyFunction>)[name];
  if (typeof original !== 'function') throw new TypeError(`${name} is not a method to trace`);
  Object.defineProperty(owner, name, {
    value: wrap(original),
    writable: true,
    configurable: true,
    enumerable: own?.enumerable ?? false,
  });
  return () => {
    if (own) Object.defineProperty(owner, name, own);
    else Reflect.deleteProperty(owner, name);
  };
}

/**
 * Traces every query of both drivers (node-postgres and PGlite) by wrapping their query methods,
 * for as long as tracing runs. Require hooks (`@opentelemetry/instrumentation-pg`) would only see
 * `pg` when loaded before it, i.e. with a `--import` preload, and never see PGlite. Returns the undo.
 */
export function instrumentDatabaseDrivers(tracer: Tracer): () => void {
  const traced = (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      return traceQuery(tracer, args[0], () => original.apply(this, args));
    };
  const tracedPromiseCalls = (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      if (!isPromiseCall(args)) return original.apply(this, args);
      return traceQuery(tracer, args[0], () => original.apply(this, args));
    };
  const traceTransaction = (tx: Transaction): Transaction => {
    tx.query = traced(tx.query as AnyFunction) as Transaction['query'];
    tx.exec = traced(tx.exec as AnyFunction) as Transaction['exec'];
    return tx;
  };
  const undo = [
    patch(PGlite.prototype, 'query', traced),
    patch(PGlite.prototype, 'exec', traced),
    patch(
      PGlite.prototype,
      'transaction',
      (original) =>
        function (this: unknown, callback: unknown) {
          const run = callback as (tx: Transaction) => Promise<unknown>;
          return original.call(this, (tx: Transaction) => run(traceTransaction(tx)));
        } as AnyFunction,
    ),
    patch(pg.Pool.prototype, 'query', tracedPromiseCalls),
    patch(pg.Client.prototype, 'query', tracedPromiseCalls),
  ];
  return () => {
    for (const restore of undo.reverse()) restore();
  };
}
