import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PRICES, addUsage, costUsd, parseModelPrices } from './model-prices';

describe('model prices', () => {
  describe(parseModelPrices.name, () => {
    it('keeps the catalog defaults when unset', () => {
      expect(parseModelPrices(undefined)).toEqual(DEFAULT_MODEL_PRICES);
      expect(DEFAULT_MODEL_PRICES['Qwen/Qwen3.5-9B']).toEqual({ input: 0.17, output: 0.25 });
    });

    it('reads model=input/output pairs, overriding and adding to the defaults', () => {
      const prices = parseModelPrices(' Qwen/Qwen3.5-9B = 0.2/0.3 , my-org/vision=1/2.5');

      expect(prices).toMatchObject({ 'Qwen/Qwen3.5-9B': { input: 0.2, output: 0.3 }, 'my-org/vision': { input: 1, output: 2.5 }, 'moonshotai/Kimi-K3': { input: 3, output: 15 } });
    });

    it.each(['Qwen/Qwen3.5-9B=0.17', 'Qwen/Qwen3.5-9B:0.17/0.25', '=1/2', 'm=a/b', 'm=-1/2'])('names the bad entry in %s', (value) => {
      expect(parseModelPrices(value)).toMatch(/is not model=input\/output/);
    });
  });

  describe(costUsd.name, () => {
    it('prices input and output tokens per million', () => {
      expect(costUsd(DEFAULT_MODEL_PRICES, 'MiniMaxAI/MiniMax-M3', { promptTokens: 1_000_000, completionTokens: 500_000 })).toBeCloseTo(0.9, 10);
    });

    it('gives null, not zero, for a model without a price', () => {
      expect(costUsd(DEFAULT_MODEL_PRICES, 'unknown/model', { promptTokens: 10, completionTokens: 10 })).toBeNull();
    });
  });

  describe(addUsage.name, () => {
    it('adds every round, keeping what is known', () => {
      const round = { promptTokens: 7000, completionTokens: 200, totalTokens: 7200 };

      expect(addUsage(round, round)).toEqual({ promptTokens: 14_000, completionTokens: 400, totalTokens: 14_400 });
      expect(addUsage(undefined, round)).toBe(round);
      expect(addUsage(round, undefined)).toBe(round);
    });
  });
});
