import type { ModelNoticeCode, TokenUsage } from '@wildid/common';

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
