import { PGlite } from '@electric-sql/pglite';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { summarizeStatement, withoutLiterals } from './database-spans.ts';
import { startTracing, withSpan, type Tracing } from './tracing.ts';

describe('summarizeStatement', () => {
  it.each([
    ['select "id", "email" from "users" where "users"."id" = $1', 'SELECT users', 'users'],
    [
      'insert into "audit_events" ("id") values ($1) returning "seq"',
      'INSERT audit_events',
      'audit_events',
    ],
    ['update "refresh_tokens" set "rotated_at" = $1', 'UPDATE refresh_tokens', 'refresh_tokens'],
    ['delete from "public"."sessions" where true', 'DELETE sessions', 'sessions'],
    ['select * from only "Odd ""name"""', 'SELECT Odd "name"', 'Odd "name"'],
    ['  -- leading comment\n/* block */ SELECT 1', 'SELECT', undefined],
    ['savepoint sp1', 'SAVEPOINT', undefined],
    ['', 'QUERY', undefined],
    ['$$ body $$', 'QUERY', undefined],
  ])('%j → %s', (sql, summary, collection) => {
    const result = summarizeStatement(sql);
    expect(result.summary).toBe(summary);
    expect(result.collection).toBe(collection);
    expect(result.operation).toBe(summary.split(' ')[0]);
  });

  it.each([
    "select 'a note from secret_table' as x",
    "select 'it''s from secret_table' as x",
    "select E'\\' from secret_table' as x",
    'select $$ from secret_table $$ as x',
    'select $body$ from secret_table $body$ as x',
    'select 1 -- from secret_table',
    'select 1 /* from secret_table */',
    "select 'unterminated from secret_table",
  ])('never takes a table name out of a literal or a comment: %j', (sql) => {
    expect(summarizeStatement(sql)).toEqual({
      operation: 'SELECT',
      collection: undefined,
      summary: 'SELECT',
    });
    expect(withoutLiterals(sql)).not.toContain('secret_table');
  });

  it('keeps quoted identifiers, even with quotes or comment markers inside', () => {
    expect(withoutLiterals(`select "it's -- here" from t`)).toBe(`select "it's -- here" from t`);
    expect(withoutLiterals('select "unterminated')).toBe('select "unterminated');
    expect(withoutLiterals('select 1 /* open')).toBe('select 1  ');
    expect(withoutLiterals('select $1, $tag$ open')).toBe('select $1,  ');
  });
});

describe('database spans', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let db: PGlite;
  const originals = {
    query: PGlite.prototype.query,
    exec: PGlite.prototype.exec,
    transaction: PGlite.prototype.transaction,
    poolQuery: pg.Pool.prototype.query,
    clientQuery: pg.Client.prototype.query,
  };

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('create table notes (id int primary key, body text)');
    tracing = await startTracing({ otlpEndpoint: undefined, serviceName: 't' }, { exporter });
  });
  afterAll(async () => {
    await tracing.shutdown();
    await db.close();
  });
  beforeEach(() => exporter.reset());

  const finished = () => exporter.getFinishedSpans();

  it('traces PGlite queries, execs and transaction statements under the current span', async () => {
    await withSpan('job', {}, async () => {
      await db.query('insert into notes values ($1, $2)', [1, 'confidential body']);
      await db.exec('select 1');
      await db.transaction(async (tx) => {
        await tx.query('update notes set body = $1 where id = $2', ['x', 1]);
        await tx.exec('delete from notes where id = 2');
      });
    });
    const job = finished().find((s) => s.name === 'job');
    const queries = finished().filter((s) => s.kind === SpanKind.CLIENT);
    expect(queries.map((s) => s.name)).toEqual([
      'INSERT notes',
      'SELECT',
      'UPDATE notes',
      'DELETE notes',
    ]);
    for (const span of queries) {
      expect(span.parentSpanContext?.spanId).toBe(job?.spanContext().spanId);
      expect(span.attributes['db.system']).toBe('postgresql');
    }
    expect(queries[0]?.attributes).toEqual({
      'db.system': 'postgresql',
      'db.system.name': 'postgresql',
      'db.operation.name': 'INSERT',
      'db.query.summary': 'INSERT notes',
      'db.collection.name': 'notes',
    });
    expect(JSON.stringify(queries.map((s) => s.attributes))).not.toContain('confidential');
  });

  it('makes no span for a query outside any trace', async () => {
    await db.query('select count(*) from notes');
    expect(finished()).toEqual([]);
  });

  it('marks a failed query with its SQLSTATE and no message', async () => {
    await expect(
      withSpan('job', {}, () => db.query('select * from missing_table')),
    ).rejects.toThrow(/missing_table/);
    const failed = finished().find((s) => s.name === 'SELECT missing_table');
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(failed?.attributes['error.type']).toBe('42P01');
    const job = finished().find((s) => s.name === 'job');
    expect(job?.attributes['error.type']).toBe('42P01');
  });

  it('traces node-postgres promise calls, failures included, and leaves callback calls alone', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
    const client = new pg.Client({ host: '127.0.0.1', port: 1 });
    try {
      await withSpan('job', {}, async () => {
        await expect(pool.query('select * from notes')).rejects.toThrow();
        await expect(client.connect()).rejects.toThrow();
        await expect(
          client.query({ text: 'update notes set body = $1', values: ['v'] }),
        ).rejects.toThrow();
        // Callback calls (how the pool drives its clients) are not wrapped: no promise appears.
        expect(client.query('select 1', () => undefined)).toBeUndefined();
        expect(() => client.query(null as unknown as string)).toThrow();
      });
    } finally {
      await pool.end();
    }
    const names = finished()
      .filter((s) => s.kind === SpanKind.CLIENT)
      .map((s) => [s.name, s.status.code, s.attributes['error.type']]);
    expect(names).toEqual([
      ['SELECT notes', SpanStatusCode.ERROR, 'ECONNREFUSED'],
      ['UPDATE notes', SpanStatusCode.ERROR, 'Error'],
      ['QUERY', SpanStatusCode.ERROR, 'TypeError'],
    ]);
  });

  it('puts the drivers back as they were when tracing shuts down', async () => {
    await tracing.shutdown();
    expect(PGlite.prototype.query).toBe(originals.query);
    expect(PGlite.prototype.exec).toBe(originals.exec);
    expect(PGlite.prototype.transaction).toBe(originals.transaction);
    expect(pg.Pool.prototype.query).toBe(originals.poolQuery);
    expect(pg.Client.prototype.query).toBe(originals.clientQuery);
    expect(Object.hasOwn(pg.Pool.prototype, 'query')).toBe(false);
  });
});
