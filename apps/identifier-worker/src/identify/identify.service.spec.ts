import type { IdentificationView } from '@wildid/common';
import { validAnimalAnswer } from '@wildid/common/testing';
import { Logger } from '@nestjs/common';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdentificationPublisher } from './identification.publisher';
import type { IdentificationChange, IdentificationStore, StartedIdentification } from './identification.store';
import { IdentifyService } from './identify.service';
import { ModelCallError } from './model-errors';
import type { VisionModelClient } from './vision-model.client';
import type { IdentifyMetrics } from '../health/identify.metrics';
import type { IdentifierWorkerConfig } from '../config/identifier-worker-config';
import type { DailySpend } from '../models/daily-spend';
import type { ModelPauseService } from '../models/model-pause.service';

const ID = '0b7c6f4e-7a39-4a38-9a7e-3f1f3e1f2a10';
const USAGE = { promptTokens: 900, completionTokens: 80, totalTokens: 980 };
const PRICES = { 'vision-model': { input: 1, output: 2 } };

function makeChange(status: IdentificationView['status']): IdentificationChange {
  return { view: { id: ID, status } as IdentificationView, ownerId: null };
}

function makeStarted(overrides: Partial<StartedIdentification> = {}): StartedIdentification {
  return { ...makeChange('processing'), image: { bytes: new Uint8Array([1, 2, 3]), mimeType: 'image/jpeg' }, reusable: null, ...overrides };
}

describe(IdentifyService.name, () => {
  let store: Record<'start' | 'complete' | 'completeReused' | 'fail' | 'savePartial' | 'requeue', ReturnType<typeof vi.fn>>;
  let pauses: { pause: ReturnType<typeof vi.fn> };
  let spend: { capped: boolean; capUsd: number; add: ReturnType<typeof vi.fn> };
  let model: { model: string; identify: ReturnType<typeof vi.fn> };
  let publisher: { publish: ReturnType<typeof vi.fn> };
  const metrics = { recordFailure: vi.fn() };
  let steps: string[];
  const progress = async (step: string) => void steps.push(step);
  let sut: IdentifyService;

  beforeAll(() => Logger.overrideLogger(false));

  function makeSut(config: Partial<IdentifierWorkerConfig>): IdentifyService {
    return new IdentifyService(
      store as unknown as IdentificationStore,
      model as unknown as VisionModelClient,
      publisher as unknown as IdentificationPublisher,
      metrics as unknown as IdentifyMetrics,
      pauses as unknown as ModelPauseService,
      spend as unknown as DailySpend,
      { MODEL_PRICES: PRICES, ...config } as IdentifierWorkerConfig,
    );
  }

  beforeEach(() => {
    store = {
      start: vi.fn().mockResolvedValue(makeStarted()),
      complete: vi.fn().mockResolvedValue(makeChange('completed')),
      completeReused: vi.fn().mockResolvedValue(makeChange('completed')),
      fail: vi.fn().mockResolvedValue(makeChange('failed')),
      savePartial: vi.fn().mockResolvedValue(makeChange('processing')),
      requeue: vi.fn().mockResolvedValue(makeChange('queued')),
    };
    pauses = { pause: vi.fn().mockResolvedValue(true) };
    spend = { capped: false, capUsd: 0, add: vi.fn() };
    model = {
      model: 'vision-model',
      identify: vi.fn().mockResolvedValue({ result: validAnimalAnswer(), model: 'vision-model', latencyMs: 1234, usage: USAGE }),
    };
    publisher = { publish: vi.fn() };
    steps = [];
    sut = makeSut({ REUSE_IDENTICAL_RESULTS: true });
  });

  describe('identify', () => {
    it('stores the result with model, latency, tokens and the model call timestamps', async () => {
      const before = Date.now();

      await sut.identify(ID, progress);

      const [id, call] = store.complete.mock.calls[0];
      expect(id).toBe(ID);
      expect(call).toMatchObject({ result: validAnimalAnswer(), model: 'vision-model', latencyMs: 1234, usage: USAGE });
      expect(call.modelStartedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(call.modelFinishedAt.getTime()).toBeGreaterThanOrEqual(call.modelStartedAt.getTime());
      expect(publisher.publish).toHaveBeenCalledTimes(2);
    });

    it('sends the stored photo to the model', async () => {
      await sut.identify(ID, progress);

      expect(model.identify).toHaveBeenCalledWith({ bytes: new Uint8Array([1, 2, 3]), mimeType: 'image/jpeg' }, expect.any(Function));
    });

    it('reports the model call, then its answer with the stored result', async () => {
      await sut.identify(ID, progress);

      expect(steps).toEqual(['model called: vision-model', 'model answered in 1234 ms, 980 tokens (vision-model); result stored: completed']);
    });

    it('pushes nothing more when the identification was deleted while the model was thinking', async () => {
      store.complete.mockResolvedValue(null);

      await sut.identify(ID, progress);

      expect(publisher.publish).toHaveBeenCalledTimes(1);
      expect(steps).toEqual(['model called: vision-model', 'result not stored: the identification was deleted meanwhile']);
    });

    it('reports unknown tokens when the provider gave no usage', async () => {
      model.identify.mockResolvedValue({ result: validAnimalAnswer(), model: 'vision-model', latencyMs: 5 });

      await sut.identify(ID, progress);

      expect(steps[1]).toBe('model answered in 5 ms, unknown tokens (vision-model); result stored: completed');
      expect(store.complete.mock.calls[0][1].usage).toBeUndefined();
      expect(store.complete.mock.calls[0][1].costUsd).toBeNull();
    });

    it('reports that there is nothing to do for a finished or deleted identification', async () => {
      store.start.mockResolvedValue(null);

      await sut.identify(ID, progress);

      expect(steps).toEqual(['identification is gone or already finished; nothing to do']);
      expect(model.identify).not.toHaveBeenCalled();
    });

    it('fails with image_missing, and reports it, when the photo is gone', async () => {
      store.start.mockResolvedValue(makeStarted({ image: null }));

      await sut.identify(ID, progress);

      expect(store.fail).toHaveBeenCalledWith(ID, expect.objectContaining({ code: 'image_missing' }));
      expect(steps).toEqual(['failure stored: image_missing']);
    });

    it('lets a model error through after reporting the call, storing nothing', async () => {
      model.identify.mockRejectedValue(new ModelCallError('model_unavailable', 'busy', true));

      await expect(sut.identify(ID, progress)).rejects.toBeInstanceOf(ModelCallError);

      expect(steps).toEqual(['model called: vision-model']);
      expect(store.complete).not.toHaveBeenCalled();
    });

    it('reuses the same model\'s earlier result for a byte-identical photo, without a model call', async () => {
      store.start.mockResolvedValue(makeStarted({ reusable: { result: validAnimalAnswer(), from: 'earlier-id' } }));

      await sut.identify(ID, progress);

      expect(store.start).toHaveBeenCalledWith(ID, 'vision-model');
      expect(model.identify).not.toHaveBeenCalled();
      expect(store.completeReused).toHaveBeenCalledWith(ID, 'vision-model', { result: validAnimalAnswer(), from: 'earlier-id' });
      expect(store.complete).not.toHaveBeenCalled();
      expect(publisher.publish).toHaveBeenCalledTimes(2);
      expect(steps).toEqual(['result stored: completed with the earlier result for an identical photo (no model call)']);
    });

    it('asks the model when reuse is turned off', async () => {
      sut = makeSut({ REUSE_IDENTICAL_RESULTS: false });

      await sut.identify(ID, progress);

      expect(store.start).toHaveBeenCalledWith(ID, null);
      expect(model.identify).toHaveBeenCalledTimes(1);
    });

    it('works without a progress reporter', async () => {
      await expect(sut.identify(ID)).resolves.toBeUndefined();
    });
  });

  describe('identify, streamed and counted', () => {
    it('stores the partial names, then pushes them, before the result', async () => {
      model.identify.mockImplementation(async (_image: unknown, onPartial: (partial: object) => void) => {
        onPartial({ commonName: 'Red fox' });
        return { result: validAnimalAnswer(), model: 'vision-model', latencyMs: 10, usage: USAGE };
      });

      await sut.identify(ID, progress);

      expect(store.savePartial).toHaveBeenCalledWith(ID, { commonName: 'Red fox' });
      expect(store.savePartial.mock.invocationCallOrder[0]).toBeLessThan(store.complete.mock.invocationCallOrder[0]);
      expect(publisher.publish).toHaveBeenCalledTimes(3);
    });

    it('stores the cost at MODEL_PRICES', async () => {
      await sut.identify(ID, progress);

      expect(store.complete.mock.calls[0][1].costUsd).toBeCloseTo((900 * 1 + 80 * 2) / 1_000_000, 12);
    });

    it('pauses the queue with model_budget_reached once today\'s spend reaches the cap', async () => {
      spend.capped = true;
      spend.capUsd = 0.001;
      spend.add.mockResolvedValue(0.00106);

      await sut.identify(ID, progress);

      expect(pauses.pause).toHaveBeenCalledWith('model_budget_reached', expect.stringMatching(/MODEL_DAILY_BUDGET_USD=0.001/));
    });
  });

  describe('holdForOperator', () => {
    const keyInvalid = new ModelCallError('model_auth_failed', 'paused', false, { notice: 'model_key_invalid', providerMessage: '401 invalid_api_key: bad key' });

    it('puts the identification back in the queue before pausing, without a second push when the pause began here', async () => {
      await sut.holdForOperator(ID, keyInvalid, progress);

      expect(store.requeue).toHaveBeenCalledWith(ID);
      expect(pauses.pause).toHaveBeenCalledWith('model_key_invalid', '401 invalid_api_key: bad key');
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it('pushes the queued state with the notice when the queue was paused already', async () => {
      pauses.pause.mockResolvedValue(false);

      await sut.holdForOperator(ID, keyInvalid, progress);

      expect(publisher.publish.mock.calls[0][0].view).toMatchObject({ status: 'queued', notice: { code: 'model_key_invalid' } });
    });
  });

  describe('fail', () => {
    it('reports a failure it did not store because the identification had already ended', async () => {
      store.fail.mockResolvedValue(null);

      await sut.fail(ID, { code: 'model_timeout', message: 'slow' }, progress);

      expect(steps).toEqual(['failure model_timeout not stored: the identification had already ended']);
      expect(publisher.publish).not.toHaveBeenCalled();
    });
  });
});
