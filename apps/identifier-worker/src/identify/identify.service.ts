import { Inject, Injectable, Logger } from '@nestjs/common';
import { type PartialResult, costUsd, noticeOf, withNotice } from '@wildid/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { DailySpend } from '../models/daily-spend';
import { ModelPauseService } from '../models/model-pause.service';
import { IdentifyMetrics } from '../health/identify.metrics';
import { type IdentificationChange, type IdentificationFailure, IdentificationStore, type ReusableResult } from './identification.store';
import { IdentificationPublisher } from './identification.publisher';
import { type IdentifyProgress, ignoreProgress } from './identify-progress';
import { ModelCallError } from './model-errors';
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
    private readonly pauses: ModelPauseService,
    private readonly spend: DailySpend,
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
  ) {}

  /** Throws ModelCallError when the model failed; the caller decides whether to retry, pause or give up. */
  async identify(id: string, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const started = await this.store.start(id, this.config.REUSE_IDENTICAL_RESULTS ? this.model.model : null);
    if (!started) {
      this.logger.log({ msg: 'identification gone or already finished; nothing to do', identificationId: id });
      await progress('identification is gone or already finished; nothing to do');
      return;
    }
    this.publisher.publish(started);
    if (started.reusable) return this.completeWithEarlierResult(id, started.reusable, progress);
    if (!started.image) {
      await this.fail(id, { code: 'image_missing', message: 'The photo for this identification is no longer stored. Please upload it again.' }, progress);
      return;
    }
    await progress(`model called: ${this.model.model}`);
    const modelStartedAt = new Date();
    let partialStored: Promise<void> = Promise.resolve();
    const answer = await this.model
      .identify(started.image, (partial) => (partialStored = this.savePartial(id, partial)))
      .finally(() => partialStored);
    const modelFinishedAt = new Date();
    const cost = answer.usage ? costUsd(this.config.MODEL_PRICES, answer.model, answer.usage) : null;
    const change = await this.store.complete(id, { ...answer, costUsd: cost, modelStartedAt, modelFinishedAt });
    const tokens = answer.usage?.totalTokens ?? 'unknown';
    await this.publishIfStored(change, progress, `model answered in ${answer.latencyMs} ms, ${tokens} tokens (${answer.model}); result stored: completed`);
    this.logger.log({ msg: 'identification completed', identificationId: id, model: answer.model, latencyMs: answer.latencyMs, totalTokens: answer.usage?.totalTokens });
    await this.countSpend(cost);
  }

  /** Persisted, then pushed; a partial that cannot be stored never fails the identification. */
  private async savePartial(id: string, partial: PartialResult): Promise<void> {
    try {
      const change = await this.store.savePartial(id, partial);
      if (change) this.publisher.publish(change);
    } catch (error) {
      this.logger.warn({ msg: 'partial answer not stored', identificationId: id, error: (error as Error).message });
    }
  }

  /** A byte-identical photo already identified by the same model gets that answer again, without a model call. */
  private async completeWithEarlierResult(id: string, reusable: ReusableResult, progress: IdentifyProgress): Promise<void> {
    const change = await this.store.completeReused(id, this.model.model, reusable);
    await this.publishIfStored(change, progress, 'result stored: completed with the earlier result for an identical photo (no model call)');
  }

  /** The identification may have been deleted while the model was thinking: then there is nothing to push. */
  private async publishIfStored(change: IdentificationChange | null, progress: IdentifyProgress, step: string): Promise<void> {
    if (change) this.publisher.publish(change);
    await progress(change ? step : 'result not stored: the identification was deleted meanwhile');
  }

  /** With MODEL_DAILY_BUDGET_USD set, today's spend reaching it pauses the queue until midnight UTC (or a raised cap). */
  private async countSpend(cost: number | null | undefined): Promise<void> {
    if (!this.spend.capped || !cost) return;
    const today = await this.spend.add(cost);
    if (today >= this.spend.capUsd) {
      await this.pauses.pause('model_budget_reached', `today's model spend ${today.toFixed(4)} USD reached MODEL_DAILY_BUDGET_USD=${this.spend.capUsd}`);
    }
  }

  /**
   * An operator problem: the photo goes back to waiting, the queue pauses, and
   * the person waiting is told why (persisted first, then pushed).
   */
  async holdForOperator(id: string, error: ModelCallError, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const notice = error.notice ?? 'model_unavailable';
    const change = await this.store.requeue(id);
    const began = await this.pauses.pause(notice, error.details.providerMessage ?? error.code);
    // When this call began the pause, every waiting identification (this one included) was told already.
    if (change && !began) this.publisher.publish({ ...change, view: withNotice(change.view, noticeOf({ code: notice })) });
    await progress(`operator problem ${notice} (${error.details.providerMessage ?? error.code}): back in the queue, queue paused, this attempt does not count`);
  }

  /** Records a final failure (idempotent: a second call changes, pushes and logs nothing). */
  async fail(id: string, failure: IdentificationFailure, progress: IdentifyProgress = ignoreProgress): Promise<void> {
    const change = await this.store.fail(id, failure);
    if (change) {
      // Counted only when the row turns failed, so every path (give-up, stalled, image gone) counts once.
      this.metrics.recordFailure(failure.code);
      this.publisher.publish(change);
      this.logger.warn({ msg: 'identification failed', identificationId: id, code: failure.code });
    }
    await progress(change ? `failure stored: ${failure.code}` : `failure ${failure.code} not stored: the identification had already ended`);
    await this.countSpend(failure.costUsd);
  }

  /** The failure to store, with what the model rounds spent before it. */
  failureWithSpend(error: unknown): IdentificationFailure {
    const failure = IdentifyService.failureOf(error);
    if (!(error instanceof ModelCallError) || !error.usage) return failure;
    return { ...failure, usage: error.usage, costUsd: costUsd(this.config.MODEL_PRICES, this.model.model, error.usage) };
  }

  static failureOf(error: unknown): IdentificationFailure {
    if (error instanceof ModelCallError) return { code: error.code, message: error.userMessage };
    if (error instanceof Error && /stalled/i.test(error.message)) {
      return { code: 'processing_interrupted', message: 'Identifying this photo was interrupted several times. Please upload it again.' };
    }
    return { code: 'internal_error', message: 'Something went wrong on our side while identifying this photo. Please try again.' };
  }
}
