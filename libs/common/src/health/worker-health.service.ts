import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { WorkerOpsEndpoint, type WorkerOpsOptions } from './worker-ops-endpoint';

/**
 * Base of each worker's health service: its WorkerOpsEndpoint started once the
 * app is up, drained (ready turns 503) in the first shutdown phase, and closed in
 * the last. A subclass names its checks and attaches its metrics in `observe`.
 */
export abstract class WorkerHealthService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private readonly endpoint: WorkerOpsEndpoint;

  protected constructor(options: WorkerOpsOptions) {
    this.endpoint = new WorkerOpsEndpoint(options);
  }

  /** Attaches metrics to the BullMQ workers, which exist only once every module has initialised. */
  protected abstract observe(): void;

  async onApplicationBootstrap(): Promise<void> {
    this.observe();
    await this.endpoint.start(this.logger);
  }

  onModuleDestroy(): void {
    this.endpoint.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.endpoint.close();
  }
}
