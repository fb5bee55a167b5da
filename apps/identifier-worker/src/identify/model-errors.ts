import Together from 'together-ai';
import { ModelCallError } from './model-call.error';

const TRY_LATER = 'The identification service is busy or unreachable; we tried several times. Please try again in a few minutes.';

/** Turns an SDK failure into a reason code, a message for people, and whether a retry can help. */
export function toModelCallError(error: unknown): ModelCallError {
  if (error instanceof Together.APIConnectionTimeoutError) {
    return new ModelCallError('model_timeout', 'The identification model took too long to answer. Please try again.', true);
  }
  if (error instanceof Together.APIConnectionError) {
    return new ModelCallError('model_unreachable', TRY_LATER, true);
  }
  if (!(error instanceof Together.APIError) || error.status === undefined) {
    return new ModelCallError('model_error', TRY_LATER, true);
  }
  switch (error.status) {
    case 429:
      return new ModelCallError('model_rate_limited', TRY_LATER, true, retryAfterMs(error.headers));
    case 401:
    case 403:
      return new ModelCallError(
        'model_auth_failed',
        'This server could not sign in to the identification model (the operator must check TOGETHER_API_KEY).',
        false,
      );
    case 402:
      return new ModelCallError(
        'model_quota_exceeded',
        "This server's identification budget is used up for now; the operator must raise the spend limit.",
        false,
      );
    case 400:
    case 404:
    case 413:
    case 422:
      return new ModelCallError('model_request_rejected', 'The identification model refused this photo. Try another photo.', false);
    default:
      return error.status >= 500 || error.status === 408 || error.status === 409
        ? new ModelCallError('model_unavailable', TRY_LATER, true)
        : new ModelCallError('model_request_rejected', 'The identification model refused this photo. Try another photo.', false);
  }
}

/** `retry-after` is seconds or an HTTP date; capped so one bad header cannot park the queue for hours. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 10 * 60_000) : undefined;
}
