import { Inject, Injectable } from '@nestjs/common';
import type { AnimalResult } from '@wildid/common';
import Together from 'together-ai';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { buildCorrectionMessages, buildIdentificationMessages, identificationResponseFormat, type PromptMessage } from './identification-prompt';
import { parseModelAnswer } from './model-answer';
import { ModelCallError } from './model-call.error';
import { toModelCallError } from './model-errors';

export interface ModelIdentification {
  result: AnimalResult;
  model: string;
  latencyMs: number;
  totalTokens?: number;
}

/** The vision model behind the Together API (or any OpenAI-compatible server at TOGETHER_BASE_URL). */
@Injectable()
export class VisionModelClient {
  private readonly client: Together | null;
  readonly model: string;

  constructor(@Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig) {
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
    let totalTokens = 0;
    for (let round = 1; round <= 2; round++) {
      const completion = await this.complete(this.client, messages);
      totalTokens += completion.usage?.total_tokens ?? 0;
      const content = completion.choices[0]?.message?.content ?? '';
      const answer = parseModelAnswer(content);
      if (answer.ok) {
        return { result: answer.result, model: completion.model || this.model, latencyMs: Date.now() - started, totalTokens };
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
