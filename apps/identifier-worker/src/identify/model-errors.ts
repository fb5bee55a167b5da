import type { ModelNoticeCode, TokenUsage } from '@wildid/common';
import Together from 'together-ai';

/** Why a model call did not produce a result, and whether trying again later can help. */
export class ModelCallError extends Error {
  /** Tokens the failed identification spent before this error (earlier rounds), so they are counted too. */
  usage?: TokenUsage;

  constructor(
    readonly code: string,
    /** Shown to the person who uploaded the photo. */
    readonly userMessage: string,
    readonly retryable: boolean,
    readonly details: {
      /** Set when the provider told us how long to wait (429 retry-after or x-ratelimit-reset). */
      retryAfterMs?: number;
      /** An operator problem: the queue pauses with this notice instead of failing the photo. */
      notice?: ModelNoticeCode;
      /** The provider's own words, for the operator (health, stats, logs). */
      providerMessage?: string;
    } = {},
  ) {
    super(`${code}: ${details.providerMessage ?? userMessage}`);
    this.name = 'ModelCallError';
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }

  get notice(): ModelNoticeCode | undefined {
    return this.details.notice;
  }
}

/** The provider does not serve this model (retired or unknown): the next configured model is tried. */
export const MODEL_NOT_SERVED = 'model_not_served';
/** The provider asked us to slow down. */
export const MODEL_RATE_LIMITED = 'model_rate_limited';


const TRY_LATER = 'The identification service is busy or unreachable; we tried several times. Please try again in a few minutes.';
const REJECTED_PHOTO = 'The identification model refused this photo. Try another photo (a JPEG or PNG of an animal).';
// Operator problems never reach a person as a failure (the queue pauses); this text is for logs and the job log.
const OPERATOR = 'Identification is paused on this server until the operator fixes it.';
const MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

/** Together's error body: `{ id, error: { message, type, param, code } }` (the SDK keeps the whole body). */
interface ProviderError {
  message?: string;
  type?: string;
  code?: string;
}

/** Turns an SDK failure into a reason code, a message for people, and whether a retry (or the operator) can help. */
export function toModelCallError(error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (error instanceof Together.APIConnectionTimeoutError) {
    return new ModelCallError('model_timeout', 'The identification model took too long to answer. Please try again.', true);
  }
  if (error instanceof Together.APIConnectionError) return new ModelCallError('model_unreachable', TRY_LATER, true);
  if (!(error instanceof Together.APIError) || error.status === undefined) {
    // An error event inside a stream that broke: retried like a failed call.
    return new ModelCallError('model_error', TRY_LATER, true, { providerMessage: (error as Error)?.message });
  }
  const provider = providerErrorOf(error.error);
  const providerMessage = `${error.status} ${provider.code ?? provider.type ?? ''}: ${provider.message ?? error.message}`.replace(' :', ':');
  switch (error.status) {
    case 429:
      return new ModelCallError(MODEL_RATE_LIMITED, TRY_LATER, true, { retryAfterMs: waitOf(error.headers), providerMessage });
    case 401:
      return new ModelCallError('model_auth_failed', OPERATOR, false, { notice: 'model_key_invalid', providerMessage });
    case 402:
      return new ModelCallError('model_quota_exceeded', OPERATOR, false, { notice: 'model_credits_exhausted', providerMessage });
    case 403:
      return provider.code === 'third_party_data_sharing_blocked'
        ? new ModelCallError('model_data_sharing_blocked', OPERATOR, false, { notice: 'model_data_sharing_blocked', providerMessage })
        : new ModelCallError('model_rejected_photo', REJECTED_PHOTO, false, { providerMessage });
    case 404:
      // Only an unknown path or model name answers 404.
      return new ModelCallError(MODEL_NOT_SERVED, OPERATOR, false, { providerMessage });
    case 400:
      return provider.code === 'model_not_available'
        ? new ModelCallError(MODEL_NOT_SERVED, OPERATOR, false, { providerMessage })
        : new ModelCallError('model_rejected_photo', REJECTED_PHOTO, false, { providerMessage });
    default:
      return error.status >= 500 || error.status === 408 || error.status === 409
        ? new ModelCallError('model_unavailable', TRY_LATER, true, { providerMessage })
        : new ModelCallError('model_rejected_photo', REJECTED_PHOTO, false, { providerMessage });
  }
}

function providerErrorOf(body: unknown): ProviderError {
  if (!body || typeof body !== 'object') return {};
  const inner = (body as { error?: unknown }).error;
  const source = inner && typeof inner === 'object' ? inner : body;
  const { message, type, code } = source as Record<string, unknown>;
  return {
    message: typeof message === 'string' ? message : undefined,
    type: typeof type === 'string' ? type : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

/**
 * `retry-after` (seconds or an HTTP date) if a proxy sent one, else Together's
 * `x-ratelimit-reset` (seconds until the window resets). Capped so one bad
 * header cannot park the queue for hours. Undefined: the caller uses its backoff.
 */
export function waitOf(headers: Headers | undefined): number | undefined {
  return retryAfterMs(headers?.get('retry-after')) ?? secondsMs(headers?.get('x-ratelimit-reset'));
}

function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return capped(Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now());
}

function secondsMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  return capped(Number(value) * 1000);
}

function capped(ms: number): number | undefined {
  return Number.isFinite(ms) && ms > 0 ? Math.min(Math.ceil(ms), MAX_RATE_LIMIT_WAIT_MS) : undefined;
}
