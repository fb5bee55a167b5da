import { Injectable, Logger } from '@nestjs/common';
import { type IdentificationFailure, IdentificationStore } from './identification.store';
import { IdentificationPublisher } from './identification.publisher';
import { ModelCallError } from './model-call.error';
import { VisionModelClient } from './vision-model.client';

/** One identification from queued to completed: persist each state first, then push it. */
@Injectable()
export class IdentifyService {
  private readonly logger = new Logger(IdentifyService.name);

  constructor(
    private readonly store: IdentificationStore,
    private readonly model: VisionModelClient,
    private readonly publisher: IdentificationPublisher,
  ) {}

  /** Throws ModelCallError when the model failed; the caller decides whether to retry or give up. */
  async identify(id: string): Promise<void> {
    const started = await this.store.start(id);
    if (!started) {
      this.logger.log(`identification ${id} is gone or already finished; nothing to do`);
      return;
    }
    this.publisher.publish(started);
    if (!started.image) {
      await this.fail(id, { code: 'image_missing', message: 'The photo for this identification is no longer stored. Please upload it again.' });
      return;
    }
    const answer = await this.model.identify(started.image);
    this.publisher.publish(await this.store.complete(id, answer.result, answer.model));
    this.logger.log(`identification ${id} completed by ${answer.model} in ${answer.latencyMs} ms`);
  }

  /** Records a final failure (idempotent: a second call changes nothing and pushes nothing). */
  async fail(id: string, failure: IdentificationFailure): Promise<void> {
    const change = await this.store.fail(id, failure);
    if (change) this.publisher.publish(change);
    this.logger.warn(`identification ${id} failed: ${failure.code}`);
  }

  static failureOf(error: unknown): IdentificationFailure {
    if (error instanceof ModelCallError) return { code: error.code, message: error.userMessage };
    if (error instanceof Error && /stalled/i.test(error.message)) {
      return { code: 'processing_interrupted', message: 'Identifying this photo was interrupted several times. Please upload it again.' };
    }
    return { code: 'internal_error', message: 'Something went wrong on our side while identifying this photo. Please try again.' };
  }
}
