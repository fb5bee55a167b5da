import type { TokenUsage } from '@wildid/common';
import type Together from 'together-ai';
import { Stream } from 'together-ai/core/streaming';
import { ModelCallError, toModelCallError } from './model-errors';

type CreateParams = Omit<Together.Chat.Completions.CompletionCreateParamsNonStreaming, 'stream'>;

/** One round's answer: the text only (reasoning never reaches a result), why it ended, and what it cost. */
export interface RoundAnswer {
  content: string;
  finishReason: string | null;
  usage?: TokenUsage;
}

interface Chunk {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: RawUsage | null;
}
interface RawUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}
interface WholeCompletion {
  choices?: Array<{ message?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: RawUsage | null;
}

/**
 * Asks with `stream: true` and hands each piece of text to `onContent` as it
 * arrives. A server that answers with one JSON body instead still works. A
 * stream that breaks, or goes quiet for `idleTimeoutMs`, is a retryable error.
 */
export async function streamCompletion(
  client: Together,
  params: CreateParams,
  idleTimeoutMs: number,
  onContent: (text: string) => void,
): Promise<RoundAnswer> {
  // The SDK's timeout ends at the response headers; this one (idle between chunks) covers the body.
  const controller = new AbortController();
  let response: Response;
  try {
    response = await client.chat.completions.create({ ...params, stream: true }, { signal: controller.signal }).asResponse();
  } catch (error) {
    throw toModelCallError(error);
  }
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return wholeAnswer(response, onContent);
  let idle = false;
  let timer = setTimeout(onIdle, idleTimeoutMs);
  function onIdle() {
    idle = true;
    controller.abort();
  }
  let content = '';
  let finishReason: string | null = null;
  let usage: TokenUsage | undefined;
  try {
    for await (const chunk of Stream.fromSSEResponse<Chunk>(response, controller)) {
      clearTimeout(timer);
      timer = setTimeout(onIdle, idleTimeoutMs);
      const choice = chunk.choices?.[0];
      const text = choice?.delta?.content;
      if (text) {
        content += text;
        onContent(text);
      }
      finishReason = choice?.finish_reason ?? finishReason;
      usage = usageOf(chunk.usage) ?? usage;
    }
  } catch (error) {
    throw toModelCallError(error);
  } finally {
    clearTimeout(timer);
  }
  if (idle) throw new ModelCallError('model_timeout', 'The identification model took too long to answer. Please try again.', true);
  if (finishReason === null) {
    throw new ModelCallError('model_error', 'The identification service is busy or unreachable. Please try again in a few minutes.', true, {
      providerMessage: 'the answer stream ended without a finish reason',
    });
  }
  return { content, finishReason, usage };
}

async function wholeAnswer(response: Response, onContent: (text: string) => void): Promise<RoundAnswer> {
  let completion: WholeCompletion;
  try {
    completion = (await response.json()) as WholeCompletion;
  } catch (error) {
    throw toModelCallError(error);
  }
  const choice = completion.choices?.[0];
  const content = choice?.message?.content ?? '';
  if (content) onContent(content);
  return { content, finishReason: choice?.finish_reason ?? null, usage: usageOf(completion.usage) };
}

export function usageOf(raw: RawUsage | null | undefined): TokenUsage | undefined {
  if (!raw || typeof raw.prompt_tokens !== 'number' || typeof raw.completion_tokens !== 'number') return undefined;
  return {
    promptTokens: raw.prompt_tokens,
    completionTokens: raw.completion_tokens,
    totalTokens: raw.total_tokens ?? raw.prompt_tokens + raw.completion_tokens,
  };
}
