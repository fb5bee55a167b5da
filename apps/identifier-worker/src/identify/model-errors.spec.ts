import Together from 'together-ai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelCallError } from './model-call.error';
import { toModelCallError } from './model-errors';

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

    it('maps 401 to non-retryable model_auth_failed', () => {
      const error = sut(new Together.AuthenticationError(401, { error: {} }, 'x', new Headers()));

      expect(error).toMatchObject({ code: 'model_auth_failed', retryable: false });
      expect(error.userMessage).toContain('TOGETHER_API_KEY');
    });

    it('maps 403 to non-retryable model_auth_failed', () => {
      expect(sut(new Together.PermissionDeniedError(403, { error: {} }, 'x', new Headers()))).toMatchObject({
        code: 'model_auth_failed',
        retryable: false,
      });
    });

    it('maps 402 to non-retryable model_quota_exceeded', () => {
      const apiError = Together.APIError.generate(402, { error: { message: 'credit limit' } }, 'x', new Headers());

      expect(sut(apiError)).toMatchObject({ code: 'model_quota_exceeded', retryable: false });
    });

    it('maps 400 to non-retryable model_request_rejected', () => {
      expect(sut(new Together.BadRequestError(400, { error: {} }, 'x', new Headers()))).toMatchObject({
        code: 'model_request_rejected',
        retryable: false,
      });
    });

    it.each([404, 413, 422, 418])('maps %i to non-retryable model_request_rejected', (status) => {
      const apiError = Together.APIError.generate(status, { error: {} }, 'x', new Headers());

      expect(sut(apiError)).toMatchObject({ code: 'model_request_rejected', retryable: false });
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
