import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

function makeSut() {
  return new ZodValidationPipe(z.object({ limit: z.coerce.number().int().min(1).default(20) }), 'limit must be a whole number.');
}

describe(ZodValidationPipe.name, () => {
  describe('transform', () => {
    it('returns the parsed value, coerced and with defaults', () => {
      expect(makeSut().transform({ limit: '7' })).toEqual({ limit: 7 });
      expect(makeSut().transform({})).toEqual({ limit: 20 });
    });

    it('throws a 400 with the message for the person when the value does not parse', () => {
      const sut = makeSut();

      expect(() => sut.transform({ limit: '0' })).toThrow(BadRequestException);
      expect(() => sut.transform({ limit: 'x' })).toThrow('limit must be a whole number.');
    });
  });
});
