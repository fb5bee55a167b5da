import { Module } from '@nestjs/common';
import { METRICS_REGISTRY, createMetricsRegistry } from '@wildid/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsListener } from './metrics-listener.service';

/** Prometheus metrics of the gateway: default process metrics, HTTP durations, queue depth. */
@Module({
  providers: [{ provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry('gateway') }, MetricsListener, HttpMetricsMiddleware],
  // main.ts mounts it ahead of every other middleware.
  exports: [HttpMetricsMiddleware],
})
export class MetricsModule {}
