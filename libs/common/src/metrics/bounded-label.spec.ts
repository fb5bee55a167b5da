import { describe, expect, it } from 'vitest';
import { boundedLabel } from './bounded-label';

describe(boundedLabel.name, () => {
  it.each(['model_timeout', 'magic-link', 'smtp_rejected', 'a'])('keeps the code %s', (code) => {
    expect(boundedLabel(code, 'other')).toBe(code);
  });

  it.each([
    ['a message', 'connect ECONNREFUSED 127.0.0.1:1025'],
    ['upper case', 'Model_Timeout'],
    ['a leading digit', '5xx'],
    ['65 characters', 'a'.repeat(65)],
    ['an empty string', ''],
    ['a number', 429],
    ['nothing', undefined],
  ])('answers the fallback for %s', (_label, value) => {
    expect(boundedLabel(value, 'other')).toBe('other');
  });
});
