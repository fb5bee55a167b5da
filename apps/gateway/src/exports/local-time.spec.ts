import { describe, expect, it } from 'vitest';
import { isoWithOffset } from './local-time';

describe('isoWithOffset', () => {
  it('writes the local time the camera saw with its offset, in whole seconds', () => {
    expect(isoWithOffset(new Date('2026-07-03T04:10:00.250Z'), 120)).toBe('2026-07-03T06:10:00+02:00');
    expect(isoWithOffset(new Date('2026-07-03T04:10:00.000Z'), -330)).toBe('2026-07-02T22:40:00-05:30');
    expect(isoWithOffset(new Date('2026-07-03T04:10:00.000Z'), 0)).toBe('2026-07-03T04:10:00+00:00');
  });

  it('writes UTC with Z when the offset is unknown', () => {
    expect(isoWithOffset(new Date('2026-07-03T04:10:00.000Z'), null)).toBe('2026-07-03T04:10:00Z');
  });
});
