import { Inject, Injectable, Logger } from '@nestjs/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyMetrics } from '../ops/identify.metrics';
import type { AnimalResult } from '@wildid/common';
import { type IdentificationChange, type IdentificationFailure, IdentificationStore } from './identification.store';
import { IdentificationPublisher } from './identification.publisher';
import { type IdentifyProgress, ignoreProgress } from './identify-progress';
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
    private readonly metrics: IdentifyMetrics,
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
  ) {}

  /** Throws ModelCallError when the model failed; the caller decides whether to retry or give up. */
  async identify(id: string, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const started = await this.store.start(id, this.config.REUSE_IDENTICAL_RESULTS ? this.model.model : null);
    if (!started) {
      this.logger.log(`identification ${id} is gone or already finished; nothing to do`);
      await progress('identification is gone or already finished; nothing to do');
      return;
    }
    this.publisher.publish(started);
    if (started.reusableResult) return this.completeWithEarlierResult(id, started.reusableResult, progress);
    if (!started.image) {
      await this.fail(id, { code: 'image_missing', message: 'The photo for this identification is no longer stored. Please upload it again.' }, progress);
      return;
    }
    await progress(`model called: ${this.model.model}`);
    const modelStartedAt = new Date();
    const answer = await this.model.identify(started.image);
    const modelFinishedAt = new Date();
    const change = await this.store.complete(id, { ...answer, modelStartedAt, modelFinishedAt });
    const tokens = answer.totalTokens ?? 'unknown';
    await this.publishIfStored(change, progress, `model answered in ${answer.latencyMs} ms, ${tokens} tokens (${answer.model}); result stored: completed`);
    this.logger.log(`identification ${id} completed by ${answer.model} in ${answer.latencyMs} ms`);
  }

  /** A byte-identical photo already identified by the same model gets that answer again, without a model call. */
  private async completeWithEarlierResult(id: string, result: AnimalResult, progress: IdentifyProgress): Promise<void> {
    const now = new Date();
    const change = await this.store.complete(id, { result, model: this.model.model, latencyMs: 0, totalTokens: 0, modelStartedAt: now, modelFinishedAt: now });
    await this.publishIfStored(change, progress, 'result stored: completed with the earlier result for an identical photo (no model call)');
  }

  /** The identification may have been deleted while the model was thinking: then there is nothing to push. */
  private async publishIfStored(change: IdentificationChange | null, progress: IdentifyProgress, step: string): Promise<void> {
    if (change) this.publisher.publish(change);
    await progress(change ? step : 'result not stored: the identification was deleted meanwhile');
  }

  /** Records a final failure (idempotent: a second call changes, pushes and logs nothing). */
  async fail(id: string, failure: IdentificationFailure, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const change = await this.store.fail(id, failure);
    if (change) {
      // Counted only when the row turns failed, so every path (give-up, stalled, image gone) counts once.
      this.metrics.recordFailure(failure.code);
      this.publisher.publish(change);
      this.logger.warn(`identification ${id} failed: ${failure.code}`);
    }
    await progress(change ? `failure stored: ${failure.code}` : `failure ${failure.code} not stored: the identification had already ended`);
  }

  static failureOf(error: unknown): IdentificationFailure {
    if (error instanceof ModelCallError) return { code: error.code, message: error.userMessage };
    if (error instanceof Error && /stalled/i.test(error.message)) {
      return { code: 'processing_interrupted', message: 'Identifying this photo was interrupted several times. Please upload it again.' };
    }
    return { code: 'internal_error', message: 'Something went wrong on our side while identifying this photo. Please try again.' };
  }
}
