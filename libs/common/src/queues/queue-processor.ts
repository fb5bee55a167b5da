import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type Job, type Queue, Worker, type WorkerOptions } from 'bullmq';

/** What a processor decides about its worker; the connection and prefix come from its queue. */
export type ProcessorOptions = Omit<WorkerOptions, 'connection' | 'prefix'>;

/**
 * Base of every processor. Its BullMQ worker is built from options the subclass
 * derives from its injected configuration (a `@Processor` decorator's options are
 * fixed when the class is declared, before any configuration is parsed). The
 * worker starts when its module initialises, as `@nestjs/bullmq` would start it,
 * and is closed in the first shutdown phase: it takes no new jobs and lets active
 * ones finish while Postgres, Redis and the mail transport are still open.
 */
export abstract class QueueProcessor implements OnModuleInit, OnModuleDestroy {
  private started?: Worker;

  protected constructor(protected readonly queue: Queue) {}

  protected abstract workerOptions(): ProcessorOptions;

  abstract process(job: Job): Promise<unknown>;

  get worker(): Worker {
    if (!this.started) throw new Error(`the ${this.queue.name} worker has not started`);
    return this.started;
  }

  onModuleInit(): void {
    const { connection, prefix } = this.queue.opts;
    this.started = new Worker(this.queue.name, (job) => this.process(job), { ...this.workerOptions(), connection, prefix });
  }

  async onModuleDestroy(): Promise<void> {
    await this.started?.close();
  }
}
