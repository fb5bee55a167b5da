import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAIL_QUEUE, METRICS_REGISTRY, OpsListener, metricsRoute, registerQueueDepth } from '@wildid/common';
import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/**
 * Serves /metrics on METRICS_PORT, apart from the public PORT, so a reverse
 * proxy can never expose it. Queue depth is reported here: gateways are up
 * even when no worker is, which is exactly when a growing backlog matters.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private readonly listener: OpsListener;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @InjectQueue(IDENTIFY_QUEUE) identify: Queue,
    @InjectQueue(MAIL_QUEUE) mail: Queue,
  ) {
    registerQueueDepth(registry, [identify, mail]);
    this.listener = new OpsListener('METRICS_PORT', { '/metrics': metricsRoute(registry) });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { METRICS_PORT: port, METRICS_HOST: host } = this.config;
    if (port === 0) return this.logger.log('METRICS_PORT=0: no metrics listener');
    await this.listener.listen(port, host);
    this.logger.log({ msg: 'metrics listening (/metrics)', addresses: this.listener.addresses });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }
}
