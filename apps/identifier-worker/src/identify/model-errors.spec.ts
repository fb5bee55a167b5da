import Together from 'together-ai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MODEL_NOT_SERVED, MODEL_RATE_LIMITED, ModelCallError, toModelCallError } from './model-errors';

const NOW = Date.UTC(2025, 2, 14, 9, 26, 53);
const TEN_MINUTES_MS = 10 * 60_000;

function rateLimited(headers: Record<string, string> = {}): InstanceType<typeof Together.RateLimitError> {
  return new Together.RateLimitError(429, { error: {} }, 'rate limited', new Headers(headers));
}

describe('model errors', () => {
  describe(toModelCallError.name, () => {
    const sut = toModelCallError;

    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW);
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('returns a ModelCallError', () => {
      expect(sut(new Error('boom'))).toBeInstanceOf(ModelCallError);
    });

    it('maps a connection timeout to retryable model_timeout', () => {
      const error = sut(new Together.APIConnectionTimeoutError());

      expect(error).toMatchObject({ code: 'model_timeout', retryable: true });
      expect(error.retryAfterMs).toBeUndefined();
    });

    it('maps a connection error to retryable model_unreachable', () => {
      expect(sut(new Together.APIConnectionError({ message: 'x' }))).toMatchObject({ code: 'model_unreachable', retryable: true });
    });

    it('maps 429 to retryable model_rate_limited', () => {
      expect(sut(rateLimited())).toMatchObject({ code: 'model_rate_limited', retryable: true });
    });

    it('reads retry-after given in seconds', () => {
      expect(sut(rateLimited({ 'retry-after': '2' })).retryAfterMs).toBe(2_000);
    });

    it('reads retry-after given as an HTTP date', () => {
      const header = new Date(NOW + 30_000).toUTCString();

      expect(sut(rateLimited({ 'retry-after': header })).retryAfterMs).toBe(30_000);
    });

    it('caps retry-after in seconds at 10 minutes', () => {
      expect(sut(rateLimited({ 'retry-after': '86400' })).retryAfterMs).toBe(TEN_MINUTES_MS);
    });

    it('caps retry-after as an HTTP date at 10 minutes', () => {
      const header = new Date(NOW + 2 * 60 * 60_000).toUTCString();

      expect(sut(rateLimited({ 'retry-after': header })).retryAfterMs).toBe(TEN_MINUTES_MS);
    });

    it.each([
      ['missing', undefined],
      ['zero', '0'],
      ['negative', '-5'],
      ['garbage', 'soon'],
      ['a past HTTP date', new Date(NOW - 60_000).toUTCString()],
    ])('leaves retryAfterMs unset when retry-after is %s', (_label, value) => {
      const error = sut(rateLimited(value === undefined ? {} : { 'retry-after': value }));

      expect(error.code).toBe('model_rate_limited');
      expect(error.retryAfterMs).toBeUndefined();
    });

    function together(status: number, type: string, code: string | null, message = 'provider words') {
      return Together.APIError.generate(status, { id: 'r1', error: { message, type, param: null, code } }, 'x', new Headers());
    }

    it('reads 401 invalid_api_key as an operator problem: model_key_invalid, with the provider\'s words', () => {
      const error = sut(together(401, 'invalid_request_error', 'invalid_api_key', 'Invalid API key provided.'));

      expect(error).toMatchObject({ code: 'model_auth_failed', retryable: false, notice: 'model_key_invalid' });
      expect(error.details.providerMessage).toBe('401 invalid_api_key: Invalid API key provided.');
    });

    it('reads 402 credit_limit as model_credits_exhausted', () => {
      expect(sut(together(402, 'credit_limit', null)).notice).toBe('model_credits_exhausted');
    });

    it('reads 403 third_party_data_sharing_blocked as model_data_sharing_blocked', () => {
      expect(sut(together(403, 'invalid_request_error', 'third_party_data_sharing_blocked')).notice).toBe('model_data_sharing_blocked');
    });

    it('reads another 403 (e.g. context too long) as a rejected photo, not an operator problem', () => {
      const error = sut(together(403, 'invalid_request_error', null, 'Input validation error: inputs tokens too long'));

      expect(error).toMatchObject({ code: 'model_rejected_photo', retryable: false });
      expect(error.notice).toBeUndefined();
    });

    it('reads 400 model_not_available and 404 as a model not served (the next model is tried)', () => {
      expect(sut(together(400, 'invalid_request_error', 'model_not_available')).code).toBe(MODEL_NOT_SERVED);
      expect(sut(together(404, 'invalid_request_error', 'model_not_found')).code).toBe(MODEL_NOT_SERVED);
    });

    it.each([400, 413, 422, 418])('reads any other %i as model_rejected_photo', (status) => {
      const error = sut(together(status, 'invalid_request_error', 'invalid_image'));

      expect(error).toMatchObject({ code: 'model_rejected_photo', retryable: false });
      expect(error.userMessage).toMatch(/another photo/);
    });

    it('takes the wait from x-ratelimit-reset when there is no retry-after', () => {
      expect(sut(rateLimited({ 'x-ratelimit-reset': '3' })).retryAfterMs).toBe(3_000);
    });

    it('prefers retry-after over x-ratelimit-reset', () => {
      expect(sut(rateLimited({ 'retry-after': '2', 'x-ratelimit-reset': '7' })).retryAfterMs).toBe(2_000);
    });

    it('marks a 429 as rate limited even without any wait header (the caller uses its backoff)', () => {
      const error = sut(rateLimited());

      expect(error.code).toBe(MODEL_RATE_LIMITED);
      expect(error.retryAfterMs).toBeUndefined();
    });

    it.each([500, 503])('maps InternalServerError %i to retryable model_unavailable', (status) => {
      const error = sut(new Together.InternalServerError(status, { error: {} }, 'x', new Headers()));

      expect(error).toMatchObject({ code: 'model_unavailable', retryable: true });
      expect(error.retryAfterMs).toBeUndefined();
    });

    it.each([408, 409])('maps %i to retryable model_unavailable', (status) => {
      const apiError = Together.APIError.generate(status, { error: {} }, 'x', new Headers());

      expect(sut(apiError)).toMatchObject({ code: 'model_unavailable', retryable: true });
    });

    it('maps a plain Error to retryable model_error', () => {
      const error = sut(new Error('socket hang up'));

      expect(error).toMatchObject({ code: 'model_error', retryable: true });
      expect(error.retryAfterMs).toBeUndefined();
    });

    it('maps a non-Error throw to retryable model_error', () => {
      expect(sut('oops')).toMatchObject({ code: 'model_error', retryable: true });
    });

    it('gives every error a message for people', () => {
      expect(sut(new Error('boom')).userMessage).not.toBe('');
      expect(sut(rateLimited()).userMessage).toMatch(/try again/i);
    });
  });
});
