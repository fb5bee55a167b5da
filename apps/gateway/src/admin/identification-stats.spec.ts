import { describe, expect, it } from 'vitest';
import { type RecentIdentificationRow, toRecentIdentification } from './identification-stats';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

function makeRow(overrides: Partial<RecentIdentificationRow> = {}): RecentIdentificationRow {
  return {
    id: '0b7c6f4e-7a39-4a38-9a7e-3f1f3e1f2a10',
    status: 'completed',
    model: 'vision-model',
    modelLatencyMs: 1800,
    promptTokens: 900,
    completionTokens: 50,
    totalTokens: 950,
    costUsd: { toString: () => '0.0001655' },
    errorCode: null,
    receivedAt: new Date(T0 - 30),
    parsedAt: new Date(T0 - 22),
    normalizedAt: new Date(T0 - 2),
    createdAt: new Date(T0),
    startedAt: new Date(T0 + 150),
    modelStartedAt: new Date(T0 + 200),
    modelFinishedAt: new Date(T0 + 2_000),
    completedAt: new Date(T0 + 2_040),
    ...overrides,
  };
}

describe(toRecentIdentification.name, () => {
  const sut = toRecentIdentification;

  it('keeps model, latency and tokens and gives the stage timestamps as ISO strings', () => {
    const view = sut(makeRow());

    expect(view).toMatchObject({ status: 'completed', model: 'vision-model', modelLatencyMs: 1800, totalTokens: 950, costUsd: 0.0001655, errorCode: null });
    expect(view.timestamps).toEqual({
      receivedAt: '2026-11-26T09:59:59.970Z',
      parsedAt: '2026-11-26T09:59:59.978Z',
      normalizedAt: '2026-11-26T09:59:59.998Z',
      createdAt: '2026-11-26T10:00:00.000Z',
      startedAt: '2026-11-26T10:00:00.150Z',
      modelStartedAt: '2026-11-26T10:00:00.200Z',
      modelFinishedAt: '2026-11-26T10:00:02.000Z',
      completedAt: '2026-11-26T10:00:02.040Z',
    });
  });

  it('derives the time reading the upload, normalizing it, until the last attempt, in the model and in total', () => {
    expect(sut(makeRow()).durationsMs).toEqual({ upload: 8, normalization: 20, untilLastAttempt: 150, model: 1800, total: 2040 });
  });

  it('leaves the gateway stages out for rows written before they were recorded', () => {
    const view = sut(makeRow({ receivedAt: null, parsedAt: null, normalizedAt: null }));

    expect(view.durationsMs).toMatchObject({ upload: null, normalization: null, untilLastAttempt: 150 });
    expect(view.timestamps.receivedAt).toBeNull();
  });

  it('leaves out the stages a failed identification never reached', () => {
    const view = sut(makeRow({ status: 'failed', model: null, modelLatencyMs: null, totalTokens: null, costUsd: null, errorCode: 'model_auth_failed', modelStartedAt: null, modelFinishedAt: null }));

    expect(view.durationsMs).toEqual({ upload: 8, normalization: 20, untilLastAttempt: 150, model: null, total: 2040 });
    expect(view.timestamps.modelStartedAt).toBeNull();
    expect(view.errorCode).toBe('model_auth_failed');
  });

  it('has no user, result or image fields', () => {
    expect(Object.keys(sut(makeRow())).sort()).toEqual(['completionTokens', 'costUsd', 'durationsMs', 'errorCode', 'id', 'model', 'modelLatencyMs', 'promptTokens', 'status', 'timestamps', 'totalTokens']);
  });
});
