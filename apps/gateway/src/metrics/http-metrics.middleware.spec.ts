import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { markRequestReceived } from '../http/request-received';
import { HttpMetricsMiddleware } from './http-metrics.middleware';

const ARRIVAL = new Date('2026-12-06T00:00:00.000Z');

function makeSut() {
  const registry = new Registry();
  return { sut: new HttpMetricsMiddleware(registry), registry };
}

/** A request that arrived at ARRIVAL (markRequestReceived ran then) and a response that can end or be dropped. */
function arrive(method: string) {
  const req = { method, baseUrl: '' } as Request;
  const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false }) as unknown as Response & EventEmitter;
  vi.setSystemTime(ARRIVAL);
  markRequestReceived(req, res, (() => undefined) as NextFunction);
  return { req, res };
}

async function observed(registry: Registry, labels: Record<string, string>): Promise<{ count: number; sum: number }> {
  const metric = await registry.getSingleMetric('wildid_http_request_duration_seconds')!.get();
  // A histogram's samples carry the series' name (…_count, …_sum) beside the labels.
  const samples = metric.values as Array<{ metricName?: string; labels: Record<string, unknown>; value: number }>;
  const matches = (sample: (typeof samples)[number]) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value);
  const value = (name: string) => samples.find((sample) => sample.metricName === name && matches(sample))?.value ?? 0;
  return { count: value('wildid_http_request_duration_seconds_count'), sum: value('wildid_http_request_duration_seconds_sum') };
}

describe(HttpMetricsMiddleware.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('use', () => {
    it('times from the request\'s arrival, not from when it reached this middleware, and counts an answer given before routing', async () => {
      vi.useFakeTimers();
      const { sut, registry } = makeSut();
      const { req, res } = arrive('POST');
      vi.setSystemTime(ARRIVAL.getTime() + 5_000);
      const next = vi.fn();

      sut.use(req, res, next);
      vi.setSystemTime(ARRIVAL.getTime() + 5_250);
      Object.assign(res, { statusCode: 503, writableFinished: true });
      res.emit('close');

      expect(next).toHaveBeenCalledOnce();
      expect(await observed(registry, { method: 'POST', route: 'unmatched', status_code: '503' })).toEqual({ count: 1, sum: 5.25 });
    });

    it('labels a connection closed before the answer as 499, and a routed request by its pattern', async () => {
      vi.useFakeTimers();
      const { sut, registry } = makeSut();
      const dropped = arrive('POST');
      const routed = arrive('GET');
      Object.assign(routed.req, { baseUrl: '/api', route: { path: '/identifications/:id' } });

      sut.use(dropped.req, dropped.res, vi.fn());
      sut.use(routed.req, routed.res, vi.fn());
      dropped.res.emit('close');
      Object.assign(routed.res, { statusCode: 404, writableFinished: true });
      routed.res.emit('close');

      expect((await observed(registry, { method: 'POST', route: 'unmatched', status_code: '499' })).count).toBe(1);
      expect((await observed(registry, { method: 'GET', route: '/api/identifications/:id', status_code: '404' })).count).toBe(1);
    });
  });
});
