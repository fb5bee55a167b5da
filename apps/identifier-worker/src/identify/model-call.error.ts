/** Why a model call did not produce a result, and whether trying again later can help. */
export class ModelCallError extends Error {
  constructor(
    readonly code: string,
    /** Shown to the person who uploaded the photo. */
    readonly userMessage: string,
    readonly retryable: boolean,
    /** Set when the provider told us how long to wait (429 retry-after). */
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'ModelCallError';
  }
}
