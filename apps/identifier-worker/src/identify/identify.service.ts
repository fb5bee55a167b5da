import { Inject, Injectable, Logger } from '@nestjs/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { type IdentificationFailure, IdentificationStore } from './identification.store';
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
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
  ) {}

  /** Throws ModelCallError when the model failed; the caller decides whether to retry or give up. */
  async identify(id: string, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const started = await this.store.start(id);
    if (!started) {
      this.logger.log(`identification ${id} is gone or already finished; nothing to do`);
      await progress('identification is gone or already finished; nothing to do');
      return;
    }
    this.publisher.publish(started);
    if (await this.reuseEarlierResult(id, started.imageSha256, progress)) return;
    const image = await this.store.loadImage(id);
    if (!image) {
      await this.fail(id, { code: 'image_missing', message: 'The photo for this identification is no longer stored. Please upload it again.' }, progress);
      return;
    }
    await progress(`model called: ${this.model.model}`);
    const modelStartedAt = new Date();
    const answer = await this.model.identify(image);
    const modelFinishedAt = new Date();
    await progress(`model answered in ${answer.latencyMs} ms, ${answer.totalTokens ?? 'unknown'} tokens (${answer.model})`);
    this.publisher.publish(await this.store.complete(id, { ...answer, modelStartedAt, modelFinishedAt }));
    await progress('result stored: completed');
    this.logger.log(`identification ${id} completed by ${answer.model} in ${answer.latencyMs} ms`);
  }

  /** A byte-identical photo already identified by the same model gets that answer again, without a model call. */
  private async reuseEarlierResult(id: string, imageSha256: string, progress: IdentifyProgress): Promise<boolean> {
    if (!this.config.REUSE_IDENTICAL_RESULTS) return false;
    const result = await this.store.findReusableResult(id, imageSha256, this.model.model);
    if (!result) return false;
    const now = new Date();
    this.publisher.publish(
      await this.store.complete(id, { result, model: this.model.model, latencyMs: 0, totalTokens: 0, modelStartedAt: now, modelFinishedAt: now }),
    );
    await progress('result stored: completed with the earlier result for an identical photo (no model call)');
    return true;
  }

  /** Records a final failure (idempotent: a second call changes nothing and pushes nothing). */
  async fail(id: string, failure: IdentificationFailure, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const change = await this.store.fail(id, failure);
    if (change) this.publisher.publish(change);
    await progress(change ? `failure stored: ${failure.code}` : `failure ${failure.code} not stored: the identification had already ended`);
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
