import { Logger } from '@nestjs/common';
import type { ModelPause } from '@wildid/common';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { MODEL_NOT_SERVED, ModelCallError } from '../identify/model-errors';
import type { ProbeResult, VisionModelClient } from '../identify/vision-model.client';
import type { DailySpend } from './daily-spend';
import type { ModelPauseService } from './model-pause.service';
import type { ModelRoster } from './model-roster';
import { ModelWatchService } from './model-watch.service';

const CONFIG = { MODEL_PROBE_INTERVAL_SECONDS: 600, MODEL_PAUSED_PROBE_SECONDS: 60 } as IdentifierWorkerConfig;
const budgetPause: ModelPause = { code: 'model_budget_reached', reason: 'spent', since: '2026-12-05T23:59:00.000Z' };

function makeSut() {
  const probes: Record<string, ProbeResult> = { a: { served: true }, b: { served: true } };
  const available: Record<string, boolean> = {};
  const model = { configured: true, probe: vi.fn(async (name: string) => probes[name]) };
  const roster = {
    names: ['a', 'b'],
    record: vi.fn(async (status: { name: string; available: boolean }) => void (available[status.name] = status.available)),
    current: () => roster.names.find((name) => available[name] !== false) ?? null,
    list: () => roster.names.map((name) => ({ name, available: available[name] !== false })),
  };
  const pauses = { current: vi.fn().mockResolvedValue(null), pause: vi.fn().mockResolvedValue(true), resume: vi.fn() };
  const spend = { belowCap: vi.fn().mockResolvedValue(true) };
  const sut = new ModelWatchService(
    CONFIG,
    model as unknown as VisionModelClient,
    roster as unknown as ModelRoster,
    pauses as unknown as ModelPauseService,
    spend as unknown as DailySpend,
  );
  /** The check the service runs at start (then on its timers). */
  async function checkAtStart(): Promise<void> {
    sut.onApplicationBootstrap();
    await sut.onApplicationShutdown();
  }
  return { sut, probes, model, roster, pauses, spend, checkAtStart };
}

describe(ModelWatchService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('records each model as the provider answers the probe', async () => {
    const { probes, roster, pauses, checkAtStart } = makeSut();
    probes.a = { served: false, error: new ModelCallError(MODEL_NOT_SERVED, 'x', false, { providerMessage: '400 model_not_available' }) };

    await checkAtStart();

    expect(roster.record).toHaveBeenCalledWith(expect.objectContaining({ name: 'a', available: false, reason: '400 model_not_available' }));
    expect(roster.record).toHaveBeenCalledWith(expect.objectContaining({ name: 'b', available: true }));
    expect(pauses.pause).not.toHaveBeenCalled();
  });

  it('pauses with model_unavailable when no configured model is served', async () => {
    const { probes, pauses, checkAtStart } = makeSut();
    const notServed: ProbeResult = { served: false, error: new ModelCallError(MODEL_NOT_SERVED, 'x', false) };
    Object.assign(probes, { a: notServed, b: notServed });

    await checkAtStart();

    expect(pauses.pause).toHaveBeenCalledWith('model_unavailable', expect.stringMatching(/no configured model is served/));
  });

  it('pauses with the operator problem a probe meets (e.g. a revoked key)', async () => {
    const { probes, pauses, checkAtStart } = makeSut();
    probes.a = { served: false, error: new ModelCallError('model_auth_failed', 'x', false, { notice: 'model_key_invalid', providerMessage: '401 invalid_api_key: no' }) };

    await checkAtStart();

    expect(pauses.pause).toHaveBeenCalledWith('model_key_invalid', '401 invalid_api_key: no');
  });

  it('resumes a paused queue once the provider answers (a restart with a fixed setup does the same)', async () => {
    const { pauses, checkAtStart } = makeSut();
    pauses.current.mockResolvedValue({ code: 'model_credits_exhausted', reason: '402', since: '' });

    await checkAtStart();

    expect(pauses.resume).toHaveBeenCalled();
  });

  it('keeps a budget pause while today\'s spend is at the cap, and resumes on a new day (or a raised cap)', async () => {
    const { pauses, spend, checkAtStart } = makeSut();
    pauses.current.mockResolvedValue(budgetPause);
    spend.belowCap.mockResolvedValue(false);
    await checkAtStart();
    expect(pauses.resume).not.toHaveBeenCalled();

    spend.belowCap.mockResolvedValue(true);
    await checkAtStart();
    expect(pauses.resume).toHaveBeenCalledTimes(1);
  });

  it('pauses with model_key_invalid without probing when there is no key', async () => {
    const { model, pauses, checkAtStart } = makeSut();
    model.configured = false;

    await checkAtStart();

    expect(model.probe).not.toHaveBeenCalled();
    expect(pauses.pause).toHaveBeenCalledWith('model_key_invalid', 'TOGETHER_API_KEY is not set');
  });
});
