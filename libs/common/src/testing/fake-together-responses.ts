import { randomBytes } from 'node:crypto';

/** The serverless vision models with structured output in Together's catalog (2026-10-07). */
export const SERVED_VISION_MODELS = ['Qwen/Qwen3.5-9B', 'MiniMaxAI/MiniMax-M3', 'moonshotai/Kimi-K3'] as const;

/** Documented error classes, each answered with Together's status, body and headers. */
export type FakeErrorClass =
  | 'invalid_api_key'
  | 'credit_limit'
  | 'third_party_data_sharing_blocked'
  | 'context_too_long'
  | 'request_limited'
  | 'token_limited'
  | 'overloaded'
  | 'server_error'
  | 'model_not_available'
  | 'model_not_found'
  | 'invalid_image';

type ErrorShape = [status: number, message: string, type: string, code: string | null];

const ERROR_CLASSES: Record<FakeErrorClass, ErrorShape> = {
  invalid_api_key: [401, 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.', 'invalid_request_error', 'invalid_api_key'],
  credit_limit: [402, 'Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade your plan.', 'credit_limit', null],
  third_party_data_sharing_blocked: [403, 'This model requires your organization to allow third-party data sharing.', 'invalid_request_error', 'third_party_data_sharing_blocked'],
  context_too_long: [403, 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 32768.', 'invalid_request_error', null],
  request_limited: [429, 'You have been rate limited. Please slow down your requests.', 'dynamic_request_limited', null],
  token_limited: [429, 'You have exceeded your token rate limit. Please slow down your requests.', 'dynamic_token_limited', null],
  overloaded: [503, 'The server is overloaded or not ready yet.', 'server_error', null],
  server_error: [500, 'Internal server error.', 'server_error', null],
  model_not_available: [400, 'Unable to access non-serverless model {model}. Please visit https://api.together.ai/models to create and start a new dedicated endpoint for the model.', 'invalid_request_error', 'model_not_available'],
  model_not_found: [404, 'Unable to access model {model}. Please visit https://api.together.ai/models to view the list of supported models.', 'invalid_request_error', 'model_not_found'],
  invalid_image: [400, 'Input validation error: the image could not be decoded.', 'invalid_request_error', 'invalid_image'],
};

const STATUS_CLASSES: Record<number, FakeErrorClass> = {
  400: 'invalid_image',
  401: 'invalid_api_key',
  402: 'credit_limit',
  403: 'third_party_data_sharing_blocked',
  404: 'model_not_found',
  429: 'request_limited',
  500: 'server_error',
  503: 'overloaded',
};

export function errorStatusOf(errorClass: FakeErrorClass): number {
  return ERROR_CLASSES[errorClass][0];
}

/** Together's error body: `{ id, error: { message, type, param, code } }`. */
export function togetherErrorBody(status: number, model = 'unknown'): object {
  const errorClass = STATUS_CLASSES[status];
  if (!errorClass) return errorBody(`HTTP ${status}`, 'server_error', null);
  return errorClassBody(errorClass, model);
}

export function errorClassBody(errorClass: FakeErrorClass, model = 'unknown'): object {
  const [, message, type, code] = ERROR_CLASSES[errorClass];
  return errorBody(message.replace('{model}', model), type, code);
}

function errorBody(message: string, type: string, code: string | null): object {
  return { id: requestId(), error: { message, type, param: null, code } };
}

/** Rate-limit headers Together sends on every answer; a 429 has nothing left and says when the window resets. */
export function rateLimitHeaders(limited = false, resetSeconds = 1): Record<string, string> {
  return {
    'x-ratelimit-limit': '600',
    'x-ratelimit-remaining': limited ? '0' : '599',
    'x-ratelimit-reset': String(resetSeconds),
    'x-tokenlimit-limit': '180000',
    'x-tokenlimit-remaining': limited ? '0' : '179000',
  };
}

export function requestId(): string {
  return randomBytes(8).toString('hex');
}

// Images are billed in 560 px tiles of about 1,601 tokens, at most 2×2 per image; the fake assumes the full 4.
const IMAGE_TOKENS = 4 * 1_601;

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Plausible counts: text at 4 characters a token, every image at its tile cost (sent again on a correction round). */
export function usageOf(request: any, completionText: string): Usage {
  const messages: any[] = Array.isArray(request?.messages) ? request.messages : [];
  let prompt = 0;
  for (const message of messages) {
    const parts = Array.isArray(message?.content) ? message.content : [{ type: 'text', text: String(message?.content ?? '') }];
    for (const part of parts) prompt += part?.type === 'image_url' ? IMAGE_TOKENS : Math.ceil(String(part?.text ?? '').length / 4);
  }
  const completion = Math.ceil(completionText.length / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Reasoning models trace their thinking unless the request turns it off with `reasoning: { enabled: false }`. */
export function reasoningOf(request: any): string | undefined {
  return request?.reasoning?.enabled === false ? undefined : 'The animal has an orange coat, black legs and a white-tipped tail; that fits a red fox.';
}

/** A completion's text cut to `max_tokens`, as the provider does (`length`). */
export function limitToMaxTokens(text: string, request: any, finishReason: string): { text: string; finishReason: string } {
  const maxTokens = typeof request?.max_tokens === 'number' ? request.max_tokens : Number.POSITIVE_INFINITY;
  return text.length > maxTokens * 4 ? { text: text.slice(0, maxTokens * 4), finishReason: 'length' } : { text, finishReason };
}

export function completionBody(request: any, text: string, finishReason: string): object {
  const reasoning = reasoningOf(request);
  const message = { role: 'assistant', content: text, ...(reasoning ? { reasoning } : {}) };
  return {
    id: requestId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: modelOf(request),
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: usageOf(request, (reasoning ?? '') + text),
  };
}

/** The SSE chunks of a streamed answer: role, reasoning (if on), the text in pieces, then finish_reason with usage. */
export function streamChunks(request: any, text: string, finishReason: string, pieceLength = 16): object[] {
  const base = { id: requestId(), object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: modelOf(request) };
  const chunk = (delta: object, finish: string | null = null, usage?: Usage) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(usage ? { usage } : {}),
  });
  const reasoning = reasoningOf(request);
  const chunks = [chunk({ role: 'assistant', content: '' })];
  if (reasoning) chunks.push(chunk({ reasoning }));
  for (let at = 0; at < text.length; at += pieceLength) chunks.push(chunk({ content: text.slice(at, at + pieceLength) }));
  chunks.push(chunk({}, finishReason, usageOf(request, (reasoning ?? '') + text)));
  return chunks;
}

export function modelOf(request: any): string {
  return typeof request?.model === 'string' ? request.model : 'unknown';
}

/** Whether a chat request carries a photo (an identification) rather than being a probe. */
export function hasImage(request: any): boolean {
  const messages: any[] = Array.isArray(request?.messages) ? request.messages : [];
  return messages.some((message) => Array.isArray(message?.content) && message.content.some((part: any) => part?.type === 'image_url'));
}
