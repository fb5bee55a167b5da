/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}
export type ModelPrices = Record<string, ModelPrice>;

/** Together's serverless catalog (2026-10-07) for the vision models with structured output. */
export const DEFAULT_MODEL_PRICES: ModelPrices = {
  'Qwen/Qwen3.5-9B': { input: 0.17, output: 0.25 },
  'MiniMaxAI/MiniMax-M3': { input: 0.3, output: 1.2 },
  'moonshotai/Kimi-K3': { input: 3, output: 15 },
};

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/**
 * Reads `MODEL_PRICES`: `model=input/output` pairs separated by commas, e.g.
 * `Qwen/Qwen3.5-9B=0.17/0.25,my/model=1/2`. Listed models override the defaults.
 * Returns a message naming the bad entry when it cannot be read.
 */
export function parseModelPrices(value: string | undefined): ModelPrices | string {
  const prices: ModelPrices = { ...DEFAULT_MODEL_PRICES };
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^(.+?)\s*=\s*([0-9]*\.?[0-9]+)\s*\/\s*([0-9]*\.?[0-9]+)$/.exec(entry);
    if (!match) return `"${entry}" is not model=input/output (USD per million tokens, e.g. Qwen/Qwen3.5-9B=0.17/0.25)`;
    prices[match[1]] = { input: Number(match[2]), output: Number(match[3]) };
  }
  return prices;
}

/** Null when the model has no price: unknown cost is not zero cost. */
export function costUsd(prices: ModelPrices, model: string, usage: Pick<TokenUsage, 'promptTokens' | 'completionTokens'>): number | null {
  const price = prices[model];
  if (!price) return null;
  return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
}

export function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
