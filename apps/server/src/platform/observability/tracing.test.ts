import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.ts';
import { errorType } from './span-errors.ts';
import {
  currentTraceId,
  startTracing,
  traceLogFields,
  tracesUrl,
  TracingAlreadyStartedError,
  withSpan,
  ERROR_REPORT_INTERVAL_MS,
} from './tracing.ts';

const CONFIG = { otlpEndpoint: undefined, serviceName: 'unit' };

describe('tracesUrl', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['https://otel.example.fr/otlp/', 'https://otel.example.fr/otlp/v1/traces'],
  ])('%s → %s', (endpoint, url) => {
    expect(tracesUrl(endpoint)).toBe(url);
  });
});

describe('errorType', () => {
  it.each([
    [new NotFoundError(), 'not-found'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [new TypeError('bad'), 'TypeError'],
    [{ code: '' }, '_OTHER'],
    ['a string', '_OTHER'],
    [null, '_OTHER'],
  ])('%s → %s', (error, type) => {
    expect(errorType(error)).toBe(type);
  });
});

describe('startTracing', () => {
  it('without an endpoint registers nothing and the helpers only run the code', async () => {
    const tracing = await startTracing(CONFIG);
    expect(tracing.enabled).toBe(false);
    expect(tracing.httpPlugin).toBeUndefined();
    expect(await withSpan('work', {}, () => 42)).toBe(42);
    await expect(withSpan('work', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await withSpan('work', {}, () => currentTraceId())).toBeUndefined();
    expect(traceLogFields()).toEqual({});
    // The API still has its no-op provider: nothing records.
    expect(trace.getTracer('x').startSpan('y').isRecording()).toBe(false);
    await tracing.forceFlush();
    await tracing.shutdown();
  });

  it('with an exporter: spans nest, carry their ids to logs, and record failures by type', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = await startTracing(CONFIG, { exporter });
    try {
      expect(tracing.enabled).toBe(true);
      await expect(startTracing(CONFIG, { exporter })).rejects.toThrow(TracingAlreadyStartedError);
      expect(currentTraceId()).toBeUndefined();
      expect(traceLogFields()).toEqual({});

      const seen = await withSpan('outer', { 'document.format': 'pdf' }, () =>
        withSpan('inner', {}, () => ({ traceId: currentTraceId(), fields: traceLogFields() })),
      );
      expect(seen.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(seen.fields).toEqual({
        traceId: seen.traceId,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      });

      await expect(
        withSpan('lookup', {}, () => Promise.reject(new NotFoundError())),
      ).rejects.toThrow(NotFoundError);
      await expect(
        withSpan('odd', {}, () => {
          throw 'not an error';
        }),
      ).rejects.toBe('not an error');
      await tracing.forceFlush();

      const spans = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s]));
      expect(spans.inner?.parentSpanContext?.spanId).toBe(spans.outer?.spanContext().spanId);
      expect(spans.inner?.spanContext().spanId).toBe(seen.fields.spanId);
      expect(spans.outer?.attributes).toEqual({ 'document.format': 'pdf' });
      expect(spans.outer?.status.code).toBe(SpanStatusCode.UNSET);
      expect(spans.lookup?.status).toEqual({ code: SpanStatusCode.ERROR });
      expect(spans.lookup?.attributes['error.type']).toBe('not-found');
      expect(spans.odd?.attributes['error.type']).toBe('_OTHER');
      expect(spans.outer?.resource.attributes['service.name']).toBe('unit');
    } finally {
      const first = tracing.shutdown();
      expect(tracing.shutdown()).toBe(first);
      await first;
    }
    // Off again: no span is made any more, and tracing can start anew.
    expect(await withSpan('after', {}, () => currentTraceId())).toBeUndefined();
    expect(trace.getTracer('x').startSpan('y').isRecording()).toBe(false);
    const again = await startTracing(CONFIG, { exporter: new InMemorySpanExporter() });
    expect(again.enabled).toBe(true);
    await again.shutdown();
  });

  it('reports failed exports to the log, at most once a minute, and still shuts down', async () => {
    // Nothing listens on port 9 of the loopback: every export is refused, and retried until the
    // exporter's timeout (the standard variable, shortened here).
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '300';
    const tracing = await startTracing({ otlpEndpoint: 'http://127.0.0.1:9', serviceName: 'unit' });
    delete process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
    const warnings: { fields: object; message: string }[] = [];
    await withSpan('dropped', {}, () => undefined);
    await tracing.forceFlush();
    expect(warnings).toEqual([]);
    tracing.reportErrorsTo({ warn: (fields, message) => warnings.push({ fields, message }) });
    await withSpan('lost', {}, () => undefined);
    await tracing.forceFlush();
    await withSpan('lost again', {}, () => undefined);
    await tracing.forceFlush();
    await tracing.shutdown();
    expect(warnings).toEqual([
      { fields: { err: expect.stringContaining('ECONNREFUSED') }, message: 'trace export failed' },
    ]);
    expect(ERROR_REPORT_INTERVAL_MS).toBe(60_000);
  });
});
