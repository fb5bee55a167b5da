import { describe, expect, it, vi } from 'vitest';
import { FinalFailuresListener } from './final-failures.listener';
import type { IdentifyService } from './identify.service';

const ID = '0b0c8a52-5d2f-4c35-9d5a-0d7a3f3b9b11';

describe(FinalFailuresListener.name, () => {
  function makeSut() {
    const service = { fail: vi.fn().mockResolvedValue(undefined) };
    return { service, sut: new FinalFailuresListener(service as unknown as IdentifyService) };
  }

  describe('record', () => {
    it('records a job BullMQ failed for stalling too often as processing_interrupted', async () => {
      const { service, sut } = makeSut();

      await sut.record({ jobId: ID, failedReason: 'job stalled more than allowable limit' });

      expect(service.fail).toHaveBeenCalledWith(ID, expect.objectContaining({ code: 'processing_interrupted' }));
    });

    it('ignores jobs whose id is not an identification id', async () => {
      const { service, sut } = makeSut();

      await sut.record({ jobId: 'repeat:purge:1', failedReason: 'x' });

      expect(service.fail).not.toHaveBeenCalled();
    });

    it('never throws when the failure cannot be stored', async () => {
      const { service, sut } = makeSut();
      service.fail.mockRejectedValue(new Error('database down'));

      await expect(sut.record({ jobId: ID, failedReason: 'job stalled more than allowable limit' })).resolves.toBeUndefined();
    });
  });
});
