import { type ModelPrices, type TokenUsage, costUsd } from '@wildid/common';
import type Together from 'together-ai';
import { streamCompletion } from '../identify/completion-stream';
import { buildIdentificationMessages } from '../identify/identification-prompt';
import { parseModelAnswer } from '../identify/model-answer';
import { MODEL_NOT_SERVED, toModelCallError } from '../identify/model-errors';
import { MAX_TOKENS, identificationRequest } from '../identify/vision-model.client';

/** What one configured model did with the bundled photo. */
export interface ModelCheck {
  model: string;
  served: boolean;
  /** The provider's words when the call failed. */
  problem?: string;
  latencyMs: number;
  usage?: TokenUsage;
  costUsd?: number | null;
  finishReason?: string | null;
  passedSchema: boolean;
  schemaProblem?: string;
  answer?: string;
}

export interface CheckOptions {
  prices: ModelPrices;
  reasoningOff: boolean;
  timeoutMs: number;
}

/** Sends the photo to one model exactly as a worker would (one round, streamed) and reports what came back. */
export async function checkModel(client: Together, model: string, photo: Uint8Array, options: CheckOptions): Promise<ModelCheck> {
  const started = Date.now();
  const messages = buildIdentificationMessages({ bytes: photo, mimeType: 'image/jpeg' });
  try {
    const answer = await streamCompletion(client, identificationRequest(model, messages, MAX_TOKENS, options.reasoningOff), options.timeoutMs, () => undefined);
    const parsed = parseModelAnswer(answer.content);
    return {
      model,
      served: true,
      latencyMs: Date.now() - started,
      usage: answer.usage,
      costUsd: answer.usage ? costUsd(options.prices, model, answer.usage) : null,
      finishReason: answer.finishReason,
      passedSchema: parsed.ok && answer.finishReason !== 'length',
      schemaProblem: parsed.ok ? (answer.finishReason === 'length' ? 'the answer was cut (finish_reason length)' : undefined) : parsed.problem,
      answer: answer.content,
    };
  } catch (error) {
    const failure = toModelCallError(error);
    const served = failure.code !== MODEL_NOT_SERVED;
    const problem = `${failure.code}${failure.notice ? ` (${failure.notice})` : ''}: ${failure.details.providerMessage ?? failure.message}`;
    return { model, served, problem, latencyMs: Date.now() - started, passedSchema: false };
  }
}

/** A model works when it is served and its answer passed the schema. */
export function anyModelWorks(checks: ModelCheck[]): boolean {
  return checks.some((check) => check.served && check.passedSchema);
}

export function formatCheck(check: ModelCheck): string {
  const lines = [`${check.model}`];
  if (check.problem) {
    lines.push(`  served:   ${check.served ? 'yes, but the call failed' : 'no'} — ${check.problem}`, `  latency:  ${check.latencyMs} ms`);
    return lines.join('\n');
  }
  const usage = check.usage;
  const cost = check.costUsd === null || check.costUsd === undefined ? 'unknown (no price in MODEL_PRICES)' : `${check.costUsd.toFixed(6)} USD`;
  lines.push(
    '  served:   yes',
    `  latency:  ${check.latencyMs} ms`,
    `  tokens:   ${usage ? `${usage.promptTokens} prompt + ${usage.completionTokens} completion = ${usage.totalTokens}` : 'not reported'}`,
    `  cost:     ${cost}`,
    `  schema:   ${check.passedSchema ? 'passed' : `failed (${check.schemaProblem})`} (finish_reason ${check.finishReason})`,
    `  answer:   ${check.answer}`,
  );
  return lines.join('\n');
}
