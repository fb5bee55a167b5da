import { Inject, Injectable } from '@nestjs/common';
import { type AnimalResult, type PartialResult, type TokenUsage, addUsage } from '@wildid/common';
import Together from 'together-ai';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { ModelRoster } from '../models/model-roster';
import { IdentifyMetrics } from '../health/identify.metrics';
import { streamCompletion } from './completion-stream';
import { buildCorrectionMessages, buildIdentificationMessages, identificationResponseFormat, type PromptMessage } from './identification-prompt';
import { parseModelAnswer } from './model-answer';
import { MODEL_NOT_SERVED, ModelCallError, toModelCallError } from './model-errors';
import { PartialAnswerReader } from './partial-answer.reader';

export interface ModelIdentification {
  result: AnimalResult;
  /** The model that actually answered. */
  model: string;
  latencyMs: number;
  /** All rounds together; undefined when the provider reported no usage. */
  usage?: TokenUsage;
}

export type PartialListener = (partial: PartialResult) => void;

export type ProbeResult = { served: true } | { served: false; error: ModelCallError };

export const MAX_TOKENS = 1200;
const OUTPUT_INVALID = 'The model could not give a usable answer for this photo. Try a clearer photo, closer, in better light.';

/** The vision model behind the Together API (or any OpenAI-compatible server at TOGETHER_BASE_URL). */
@Injectable()
export class VisionModelClient {
  private readonly client: Together | null;
  private readonly timeoutMs: number;
  private readonly reasoningOff: boolean;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    private readonly metrics: IdentifyMetrics,
    private readonly roster: ModelRoster,
  ) {
    this.timeoutMs = config.TOGETHER_TIMEOUT_MS;
    this.reasoningOff = config.MODEL_REASONING === 'off';
    this.client = config.TOGETHER_API_KEY
      ? new Together({
          apiKey: config.TOGETHER_API_KEY,
          baseURL: config.TOGETHER_BASE_URL,
          timeout: config.TOGETHER_TIMEOUT_MS,
          // BullMQ owns retries (with backoff and a shared rate limit); SDK retries would multiply them.
          maxRetries: 0,
        })
      : null;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /** The model asked now: the first configured one the provider serves (the first one when none is). */
  get model(): string {
    return this.roster.current() ?? this.roster.names[0];
  }

  /**
   * Asks the first served model; one the provider says it does not serve is
   * marked so (for every worker) and the next is asked. An answer that is not
   * valid JSON of the right shape gets one correction round.
   */
  async identify(image: { bytes: Uint8Array; mimeType: string }, onPartial: PartialListener = () => undefined): Promise<ModelIdentification> {
    const client = this.requireClient();
    const started = Date.now();
    const spent = { usage: undefined as TokenUsage | undefined };
    for (;;) {
      const model = this.roster.current();
      if (!model) throw noModelServed(this.roster.names);
      try {
        const result = await this.askModel(client, model, image, onPartial, spent);
        return { result, model, latencyMs: Date.now() - started, usage: spent.usage };
      } catch (error) {
        const failure = toModelCallError(error);
        failure.usage = spent.usage;
        if (failure.code !== MODEL_NOT_SERVED) throw failure;
        await this.roster.record({ name: model, available: false, reason: failure.details.providerMessage, checkedAt: new Date().toISOString() });
      }
    }
  }

  /** One minimal request (`max_tokens: 1`): is this model served with our key and account? */
  async probe(model: string): Promise<ProbeResult> {
    try {
      await this.requireClient().chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Reply with OK.' }],
        max_tokens: 1,
        ...this.reasoningParam(),
      });
      return { served: true };
    } catch (error) {
      return { served: false, error: toModelCallError(error) };
    }
  }

  private async askModel(
    client: Together,
    model: string,
    image: { bytes: Uint8Array; mimeType: string },
    onPartial: PartialListener,
    spent: { usage?: TokenUsage },
  ): Promise<AnimalResult> {
    let messages: PromptMessage[] = buildIdentificationMessages(image);
    let maxTokens = MAX_TOKENS;
    let corrected = false;
    let reader: PartialAnswerReader | undefined = new PartialAnswerReader();
    for (;;) {
      const answer = await this.metrics.timeModelCall(model, () =>
        streamCompletion(client, this.params(model, messages, maxTokens), this.timeoutMs, (text) => {
          const partial = reader?.push(text);
          if (partial) {
            reader = undefined;
            onPartial(partial);
          }
        }),
      );
      spent.usage = addUsage(spent.usage, answer.usage);
      if (answer.finishReason === 'length') {
        // A cut answer: once more with twice the room, then it counts as invalid.
        if (maxTokens > MAX_TOKENS) throw new ModelCallError('model_output_invalid', OUTPUT_INVALID, false);
        maxTokens *= 2;
        continue;
      }
      const parsed = parseModelAnswer(answer.content);
      if (parsed.ok) return parsed.result;
      if (corrected) throw new ModelCallError('model_output_invalid', OUTPUT_INVALID, false);
      corrected = true;
      messages = [...messages, ...buildCorrectionMessages(answer.content, parsed.problem)];
    }
  }

  private params(model: string, messages: PromptMessage[], maxTokens: number) {
    return identificationRequest(model, messages, maxTokens, this.reasoningOff);
  }

  private reasoningParam() {
    return reasoningParam(this.reasoningOff);
  }

  private requireClient(): Together {
    if (this.client) return this.client;
    throw new ModelCallError('model_not_configured', 'Identification is paused on this server until the operator fixes it.', false, {
      notice: 'model_key_invalid',
      providerMessage: 'TOGETHER_API_KEY is not set',
    });
  }
}

/** One identification round's request (also sent by `npm run model:check`). */
export function identificationRequest(model: string, messages: PromptMessage[], maxTokens: number, reasoningOff: boolean) {
  return { model, messages, response_format: identificationResponseFormat, temperature: 0.2, max_tokens: maxTokens, ...reasoningParam(reasoningOff) };
}

/** Reasoning models would spend the token budget on a trace we never show; `on` leaves the provider's default. */
function reasoningParam(reasoningOff: boolean): { reasoning?: { enabled: boolean } } {
  return reasoningOff ? { reasoning: { enabled: false } } : {};
}

function noModelServed(names: readonly string[]): ModelCallError {
  return new ModelCallError('model_not_served', 'Identification is paused on this server until the operator fixes it.', false, {
    notice: 'model_unavailable',
    providerMessage: `the provider serves none of the configured models (${names.join(', ')}); set TOGETHER_MODEL to a served vision model`,
  });
}
