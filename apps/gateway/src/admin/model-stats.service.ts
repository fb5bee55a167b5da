import { Injectable } from '@nestjs/common';
import type { ModelStatus } from '@wildid/common';
import { ModelStateReader } from '../health/model-state.reader';
import { IdentificationStatsStore } from './identification-stats.store';

const DAY_MS = 86_400_000;

/** The model as the admins see it: which one answers, whether identification is paused, and what it costs. */
export interface ModelStats {
  name: string | null;
  available: boolean;
  reason?: string;
  checkedAt: string | null;
  /** True while the identify queue waits for the operator (see `pauseCode`). */
  paused: boolean;
  pauseCode?: string;
  tokensToday: number;
  costTodayUsd: number;
  models: ModelStatus[];
}

/** Spend from the stored rounds of every identification (completed or failed), at MODEL_PRICES. */
export interface CostStats {
  todayUsd: number;
  last30DaysUsd: number;
  /** Mean cost of the identifications of the last 30 days that made a priced model call; null without any. */
  perIdentificationUsd: number | null;
}

@Injectable()
export class ModelStatsService {
  constructor(
    private readonly store: IdentificationStatsStore,
    private readonly modelState: ModelStateReader,
  ) {}

  async stats(now: Date): Promise<{ model: ModelStats; cost: CostStats }> {
    const dayStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    const [state, today, month] = await Promise.all([
      this.modelState.read(),
      this.store.spendSince(dayStart),
      this.store.spendSince(new Date(now.getTime() - 30 * DAY_MS)),
    ]);
    const active = state.active;
    const reason = state.pause?.reason ?? active?.reason;
    const model: ModelStats = {
      name: active?.name ?? null,
      available: Boolean(active?.available) && !state.pause,
      ...(reason ? { reason } : {}),
      checkedAt: active?.checkedAt ?? null,
      paused: state.pause !== null,
      ...(state.pause ? { pauseCode: state.pause.code } : {}),
      tokensToday: today.tokens,
      costTodayUsd: today.costUsd,
      models: state.models,
    };
    const perIdentificationUsd = month.priced > 0 ? month.costUsd / month.priced : null;
    return { model, cost: { todayUsd: today.costUsd, last30DaysUsd: month.costUsd, perIdentificationUsd } };
  }
}
