import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ModelNoticeCode } from '@wildid/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { MODEL_NOT_SERVED } from '../identify/model-errors';
import { VisionModelClient } from '../identify/vision-model.client';
import { DailySpend } from './daily-spend';
import { ModelPauseService } from './model-pause.service';
import { ModelRoster } from './model-roster';

interface OperatorProblem {
  code: ModelNoticeCode;
  reason: string;
}

/**
 * Probes the configured models at start and every MODEL_PROBE_INTERVAL_SECONDS;
 * while the queue is paused, every MODEL_PAUSED_PROBE_SECONDS, resuming it as
 * soon as the provider answers (or the day's budget allows). A restart with a
 * fixed configuration resumes it the same way.
 */
@Injectable()
export class ModelWatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelWatchService.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private running?: Promise<void>;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
    private readonly model: VisionModelClient,
    private readonly roster: ModelRoster,
    private readonly pauses: ModelPauseService,
    private readonly spend: DailySpend,
  ) {}

  onApplicationBootstrap(): void {
    void this.checkOnce();
    this.timers.push(setInterval(() => void this.checkOnce(), this.config.MODEL_PROBE_INTERVAL_SECONDS * 1000));
    this.timers.push(setInterval(() => void this.checkIfPaused(), this.config.MODEL_PAUSED_PROBE_SECONDS * 1000));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.running;
  }

  private async checkIfPaused(): Promise<void> {
    if (await this.pauses.current().catch(() => null)) await this.checkOnce();
  }

  /** One check at a time per worker. */
  private checkOnce(): Promise<void> {
    this.running ??= this.check()
      .catch((error: Error) => this.logger.warn({ msg: 'model check failed', error: error.message }))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<void> {
    const problem = await this.probeModels();
    const pause = await this.pauses.current();
    if (problem) {
      if (!pause) await this.pauses.pause(problem.code, problem.reason);
      return;
    }
    if (!pause) return;
    if (pause.code === 'model_budget_reached' && !(await this.spend.belowCap())) return;
    await this.pauses.resume();
  }

  /** Records each model's status; returns the operator problem that stops every call, if any. */
  private async probeModels(): Promise<OperatorProblem | null> {
    if (!this.model.configured) return { code: 'model_key_invalid', reason: 'TOGETHER_API_KEY is not set' };
    for (const name of this.roster.names) {
      const probe = await this.model.probe(name);
      const checkedAt = new Date().toISOString();
      if (probe.served) {
        await this.roster.record({ name, available: true, checkedAt });
      } else if (probe.error.notice) {
        return { code: probe.error.notice, reason: probe.error.details.providerMessage ?? probe.error.code };
      } else if (probe.error.code === MODEL_NOT_SERVED) {
        await this.roster.record({ name, available: false, reason: probe.error.details.providerMessage, checkedAt });
      } else {
        // Busy or unreachable: says nothing about whether the model is served.
        this.logger.warn({ msg: 'model probe inconclusive', model: name, error: probe.error.message });
      }
    }
    if (this.roster.current() === null) {
      const reasons = this.roster.list().map((status) => `${status.name}: ${status.reason ?? 'not served'}`);
      return { code: 'model_unavailable', reason: `no configured model is served (${reasons.join('; ')})` };
    }
    return null;
  }
}
