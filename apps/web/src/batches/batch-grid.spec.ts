import type { BatchPhoto } from '@wildid/common/batches/batch-view';
import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../format';
import { isBlank, photoCaption } from './batch-grid';

const photo = (overrides: Partial<BatchPhoto>): BatchPhoto => ({ id: 'p1', status: 'queued', createdAt: '2026-12-06T00:00:00.000Z', imageUrl: '', ...overrides });

describe('batch grid', () => {
  describe(photoCaption.name, () => {
    const sut = photoCaption;

    it('shows the place in the queue when the server gives it, else a plain wait', () => {
      expect(sut(photo({ queue: { ahead: 3, etaSeconds: 40 } }))).toBe('3 ahead, about 40 s');
      expect(sut(photo({}))).toBe('Waiting…');
    });

    it("names the animal, the model's first guess, a blank or a failure", () => {
      expect(sut(photo({ status: 'completed', result: { isAnimal: true, commonName: 'Red fox' } as BatchPhoto['result'] }))).toBe('Red fox');
      expect(sut(photo({ status: 'processing', partial: { commonName: 'red fox' } }))).toBe('Probably red fox…');
      expect(sut(photo({ status: 'completed', result: { isAnimal: false } as BatchPhoto['result'] }))).toBe('No animal');
      expect(sut(photo({ status: 'failed' }))).toBe('Could not identify');
    });
  });

  describe(isBlank.name, () => {
    it('is a completed photo without an animal only', () => {
      expect(isBlank(photo({ status: 'completed', result: { isAnimal: false } as BatchPhoto['result'] }))).toBe(true);
      expect(isBlank(photo({ status: 'failed' }))).toBe(false);
    });
  });

  describe(formatSeconds.name, () => {
    it('reads as seconds, minutes or hours', () => {
      expect([formatSeconds(0.2), formatSeconds(89), formatSeconds(600), formatSeconds(9000)]).toEqual(['1 s', '89 s', '10 min', '2.5 h']);
    });
  });
});
