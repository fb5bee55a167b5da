/** A label value from a small fixed set (codes, templates): lower case, digits, `_` and `-`, at most 64 characters. */
const LABEL = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * `value` when it looks like one of the fixed codes, else `fallback`: a label
 * fed from errors or job data must never open one series per distinct message.
 */
export function boundedLabel(value: unknown, fallback: string): string {
  return typeof value === 'string' && LABEL.test(value) ? value : fallback;
}
