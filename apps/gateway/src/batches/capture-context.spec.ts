import { describe, expect, it } from 'vitest';
import { captureContext } from './capture-context';

const JULY_3_0610_UTC = new Date('2026-07-03T04:10:42Z');

describe(captureContext.name, () => {
  it('says when (in the photo’s local time) and where, with the country named as English reads it', () => {
    expect(captureContext({ time: { at: JULY_3_0610_UTC, offsetMinutes: 120 }, latitude: 52.1, longitude: 4.3, country: 'NL' })).toBe(
      'Taken on 3 July 2026 around 06:10, near 52.10° N, 4.30° E, in the Netherlands.',
    );
  });

  it('names southern and western coordinates, and a country without an article', () => {
    expect(captureContext({ time: null, latitude: -33.9249, longitude: -70.1, country: 'CL' })).toBe('Taken near 33.92° S, 70.10° W, in Chile.');
  });

  it('gives the time alone, the place alone without a country, or nothing', () => {
    expect(captureContext({ time: { at: JULY_3_0610_UTC, offsetMinutes: -300 }, latitude: null, longitude: null, country: null })).toBe(
      'Taken on 2 July 2026 around 23:10.',
    );
    expect(captureContext({ time: null, latitude: 0.5, longitude: 0.5, country: null })).toBe('Taken near 0.50° N, 0.50° E.');
    expect(captureContext({ time: null, latitude: null, longitude: null, country: null })).toBeNull();
  });
});
