import { BullModule } from '@nestjs/bullmq';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAIL_QUEUE, METRICS_REGISTRY, createMetricsRegistry } from '@wildid/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsListener } from './metrics-listener.service';

/** Prometheus metrics of the gateway: default process metrics, HTTP durations, queue depth. */
@Module({
  // Handles only for reading counts; they share the gateway's BullMQ connection.
  imports: [BullModule.registerQueue({ name: IDENTIFY_QUEUE }, { name: MAIL_QUEUE })],
  providers: [{ provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry('gateway') }, MetricsListener],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
