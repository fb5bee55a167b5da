import { IDENTIFY_QUEUE } from '@wildid/common';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import type { IdentifierWorkerConfig } from '../config/identifier-worker-config';
import type { IdentifyProgress } from './identify-progress';
import { IdentifyProcessor, jobLogProgress } from './identify.processor';
import type { IdentifyService } from './identify.service';
import { ModelCallError } from './model-errors';

const ID = '0b7c6f4e-7a39-4a38-9a7e-3f1f3e1f2a10';
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (.*)$/;

function makeJob(attemptsMade = 0, attempts = 3) {
  const lines: string[] = [];
  const job = {
    id: ID,
    data: { identificationId: ID, requestId: 'req-1' },
    attemptsMade,
    opts: { attempts },
    log: vi.fn(async (line: string) => lines.push(line)),
  };
  return { job: job as unknown as Job, steps: () => lines.map((line) => LINE.exec(line)?.[1] ?? `unstamped: ${line}`) };
}

function makeSut() {
  const service = {
    identify: vi.fn(async (_id: string, progress: IdentifyProgress) => progress('result stored: completed')),
    fail: vi.fn(async (_id: string, failure: { code: string }, progress: IdentifyProgress) => progress(`failure stored: ${failure.code}`)),
    holdForOperator: vi.fn(async () => undefined),
    failureWithSpend: (error: unknown) => ({ code: error instanceof ModelCallError ? error.code : 'internal_error', message: 'm' }),
  };
  const sut = new IdentifyProcessor(service as unknown as IdentifyService, {} as IdentifierWorkerConfig, { name: IDENTIFY_QUEUE } as Queue);
  return { sut, service };
}

describe(IdentifyProcessor.name, () => {

  describe('process', () => {
    it('hands the service a reporter writing to the job log, the attempt named on the first line', async () => {
      const { sut, service } = makeSut();
      const { job, steps } = makeJob(1, 3);

      await sut.process(job);

      expect(service.identify).toHaveBeenCalledWith(ID, expect.any(Function));
      expect(steps()).toEqual(['attempt 2 of 3: result stored: completed']);
    });

    it('logs a retryable error as retried while attempts remain, and rethrows it', async () => {
      const { sut, service } = makeSut();
      const { job, steps } = makeJob(0, 3);
      const error = new ModelCallError('model_unavailable', 'busy', true);
      service.identify.mockRejectedValue(error);

      await expect(sut.process(job)).rejects.toBe(error);

      expect(steps()).toEqual(['attempt 1 of 3: error model_unavailable; will retry']);
      expect(service.fail).not.toHaveBeenCalled();
    });

    it('gives up on the last attempt, logging why, and stores the failure', async () => {
      const { sut, service } = makeSut();
      const { job, steps } = makeJob(2, 3);
      service.identify.mockRejectedValue(new ModelCallError('model_timeout', 'slow', true));

      await expect(sut.process(job)).rejects.toBeInstanceOf(UnrecoverableError);

      expect(service.fail).toHaveBeenCalledWith(ID, expect.objectContaining({ code: 'model_timeout' }), expect.any(Function));
      expect(steps()).toEqual([
        'attempt 3 of 3: error model_timeout; giving up (no attempts left)',
        'failure stored: model_timeout',
      ]);
    });

    it('gives up at once on an error a retry cannot fix', async () => {
      const { sut, service } = makeSut();
      const { job, steps } = makeJob(0, 3);
      service.identify.mockRejectedValue(new ModelCallError('model_auth_failed', 'key', false));

      await expect(sut.process(job)).rejects.toThrow('model_auth_failed');

      expect(steps()).toContain('attempt 1 of 3: error model_auth_failed; giving up (not retryable)');
    });

    it('holds the job for the operator on an operator problem, spending no attempt and storing no failure', async () => {
      const { sut, service } = makeSut();
      const { job } = makeJob(0, 3);
      const error = new ModelCallError('model_quota_exceeded', 'paused', false, { notice: 'model_credits_exhausted' });
      service.identify.mockRejectedValue(error);

      const thrown = await sut.process(job).catch((e: unknown) => e);

      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(UnrecoverableError);
      expect((thrown as Error).message).toBe(Worker.RateLimitError().message);
      expect(service.holdForOperator).toHaveBeenCalledWith(ID, error, expect.any(Function));
      expect(service.fail).not.toHaveBeenCalled();
    });

    it('names an unexpected error internal_error with its message', async () => {
      const { sut, service } = makeSut();
      const { job, steps } = makeJob(0, 3);
      service.identify.mockRejectedValue(new Error('connection reset'));

      await expect(sut.process(job)).rejects.toThrow('connection reset');

      expect(steps()).toContain('attempt 1 of 3: error internal_error (connection reset); will retry');
    });
  });
});

describe(jobLogProgress.name, () => {
  it('writes timestamped lines, naming the attempt on the first', async () => {
    const { job, steps } = makeJob();
    const sut = jobLogProgress(job, 'attempt 1 of 3');

    await sut('model called: m');
    await sut('result stored: completed');

    expect(steps()).toEqual(['attempt 1 of 3: model called: m', 'result stored: completed']);
  });

  it('never fails the job when a line cannot be written', async () => {
    const job = { log: vi.fn().mockRejectedValue(new Error('redis down')) };

    await expect(jobLogProgress(job, 'attempt 1 of 1')('step')).resolves.toBeUndefined();
  });
});
