import { Inject, Injectable } from '@nestjs/common';
import type { AnimalResult } from '@wildid/common';
import Together from 'together-ai';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyMetrics } from '../ops/identify.metrics';
import { buildCorrectionMessages, buildIdentificationMessages, identificationResponseFormat, type PromptMessage } from './identification-prompt';
import { parseModelAnswer } from './model-answer';
import { ModelCallError } from './model-call.error';
import { toModelCallError } from './model-errors';

export interface ModelIdentification {
  result: AnimalResult;
  model: string;
  latencyMs: number;
  /** All rounds together; undefined when the provider reported no usage. */
  totalTokens?: number;
}

/** The vision model behind the Together API (or any OpenAI-compatible server at TOGETHER_BASE_URL). */
@Injectable()
export class VisionModelClient {
  private readonly client: Together | null;
  readonly model: string;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    private readonly metrics: IdentifyMetrics,
  ) {
    this.model = config.TOGETHER_MODEL;
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

  /** Asks the model; an answer that is not valid JSON of the right shape gets one correction round. */
  async identify(image: { bytes: Uint8Array; mimeType: string }): Promise<ModelIdentification> {
    if (!this.client) {
      throw new ModelCallError(
        'model_not_configured',
        'Identification is not set up on this server yet (TOGETHER_API_KEY is missing). Please tell the operator.',
        false,
      );
    }
    const started = Date.now();
    let messages = buildIdentificationMessages(image);
    let totalTokens: number | undefined;
    for (let round = 1; round <= 2; round++) {
      const client = this.client;
      const completion = await this.metrics.timeModelCall(this.model, () => this.complete(client, messages));
      const tokens = completion.usage?.total_tokens;
      if (typeof tokens === 'number') totalTokens = (totalTokens ?? 0) + tokens;
      const content = completion.choices[0]?.message?.content ?? '';
      const answer = parseModelAnswer(content);
      if (answer.ok) {
        // The model asked for, not the provider's echo of it: results are reused per requested model.
        return { result: answer.result, model: this.model, latencyMs: Date.now() - started, totalTokens };
      }
      messages = [...messages, ...buildCorrectionMessages(content, answer.problem)];
    }
    throw new ModelCallError(
      'model_output_invalid',
      'The model could not give a usable answer for this photo. Try a clearer photo, closer, in better light.',
      false,
    );
  }

  private async complete(client: Together, messages: PromptMessage[]) {
    try {
      return await client.chat.completions.create({
        model: this.model,
        messages,
        response_format: identificationResponseFormat,
        temperature: 0.2,
        max_tokens: 1200,
      });
    } catch (error) {
      throw toModelCallError(error);
    }
  }
}
