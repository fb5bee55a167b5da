import { describe, expect, it } from 'vitest';
import type { AnimalResult } from './animal-result.schema';
import { type IdentificationViewRow, toIdentificationView } from './identification-view';

function makeRow(overrides: Partial<IdentificationViewRow> = {}): IdentificationViewRow {
  return {
    id: '5f0c6a1e-7d0b-4c1e-9a8e-0d6f1b2c3d4e',
    status: 'queued',
    createdAt: new Date('2025-03-14T09:26:53.589Z'),
    completedAt: null,
    result: null,
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

describe('identification view', () => {
  describe(toIdentificationView.name, () => {
    const sut = toIdentificationView;

    it('omits completedAt, result and error when they are null', () => {
      const view = sut(makeRow());

      expect(view).toStrictEqual({
        id: '5f0c6a1e-7d0b-4c1e-9a8e-0d6f1b2c3d4e',
        status: 'queued',
        createdAt: '2025-03-14T09:26:53.589Z',
      });
      expect(Object.keys(view).sort()).toEqual(['createdAt', 'id', 'status']);
    });

    it('gives dates as ISO strings', () => {
      const view = sut(
        makeRow({
          status: 'completed',
          createdAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
          completedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 7, 8)),
          result: { isAnimal: false },
        }),
      );

      expect(view.createdAt).toBe('2025-01-02T03:04:05.006Z');
      expect(view.completedAt).toBe('2025-01-02T03:04:07.008Z');
    });

    it("passes a completed result through, and names the model's animal as what it stands for", () => {
      const result: AnimalResult = { isAnimal: true, commonName: 'Red fox', confidence: 0.9 };

      const view = sut(makeRow({ status: 'completed', completedAt: new Date('2025-03-14T09:27:00.000Z'), result }));

      expect(view).toStrictEqual({
        id: '5f0c6a1e-7d0b-4c1e-9a8e-0d6f1b2c3d4e',
        status: 'completed',
        createdAt: '2025-03-14T09:26:53.589Z',
        completedAt: '2025-03-14T09:27:00.000Z',
        result,
        identifiedAs: { method: 'machine', commonName: 'Red fox', probability: 0.9 },
      });
    });

    it("carries the owner's review, and the corrected name as what it stands for", () => {
      const result: AnimalResult = { isAnimal: true, commonName: 'Red fox', confidence: 0.9 };
      const reviewedAt = new Date('2025-03-15T10:00:00.000Z');

      const view = sut(makeRow({ status: 'completed', result, reviewVerdict: 'corrected', reviewCommonName: 'Badger', reviewedBy: 'owner@example.org', reviewedAt }));

      expect(view.result).toStrictEqual(result);
      expect(view.review).toStrictEqual({ verdict: 'corrected', commonName: 'Badger', by: 'owner@example.org', at: '2025-03-15T10:00:00.000Z' });
      expect(view.identifiedAs).toStrictEqual({ method: 'human', commonName: 'Badger' });
    });

    it('maps errorCode and errorMessage to error: {code, message}', () => {
      const view = sut(
        makeRow({
          status: 'failed',
          completedAt: new Date('2025-03-14T09:27:00.000Z'),
          errorCode: 'model_output_invalid',
          errorMessage: 'The model answered with something we could not read. Please try again.',
        }),
      );

      expect(view.error).toStrictEqual({
        code: 'model_output_invalid',
        message: 'The model answered with something we could not read. Please try again.',
      });
      expect(view).not.toHaveProperty('result');
      expect(view).not.toHaveProperty('errorCode');
      expect(view).not.toHaveProperty('errorMessage');
    });

    it('falls back to the code as message when errorMessage is null', () => {
      const view = sut(makeRow({ status: 'failed', errorCode: 'model_timeout' }));

      expect(view.error).toStrictEqual({ code: 'model_timeout', message: 'model_timeout' });
    });

    it('omits error when only errorMessage is set', () => {
      const view = sut(makeRow({ errorMessage: 'orphan message' }));

      expect(view).not.toHaveProperty('error');
    });
  });
});
