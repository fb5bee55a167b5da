import { MAIL_JOB, MAIL_QUEUE, type MailJob, sealMagicLinkToken } from '@wildid/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { MailerWorkerConfig } from '../config/mailer-worker-config';
import { PermanentMailError } from './mail-failure';
import { MailProcessor } from './mail.processor';
import type { MailService } from './mail.service';

function makeJob(data: unknown, attemptsMade = 0): Job {
  return { id: '7', name: MAIL_JOB, data, attemptsMade, opts: { attempts: 3 } } as unknown as Job;
}

const VALID: MailJob = {
  template: 'magic-link',
  to: 'walker@example.org',
  sealedToken: sealMagicLinkToken('the-token', 'walker@example.org', 'k'.repeat(32)),
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  requestId: 'req-1',
};

function makeSut() {
  const service = { send: vi.fn<(mail: MailJob) => Promise<void>>().mockResolvedValue(undefined) };
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
  const sut = new MailProcessor(service as unknown as MailService, { MAILER_CONCURRENCY: 2 } as MailerWorkerConfig, logger, { name: MAIL_QUEUE } as Queue);
  return { sut, service, logged };
}

describe(MailProcessor.name, () => {
  describe('process', () => {
    it('sends the mail and logs job id, request id and attempt, without the address', async () => {
      const { sut, service, logged } = makeSut();
      await sut.process(makeJob(VALID, 1));

      expect(service.send).toHaveBeenCalledWith(VALID);
      expect(JSON.parse(logged.at(-1)!)).toMatchObject({ msg: 'mail sent', queue: 'mail', jobId: '7', requestId: 'req-1', attempt: 2 });
      expect(logged.join('\n')).not.toContain('walker@example.org');
      expect(logged.join('\n')).not.toContain(VALID.sealedToken);
    });

    it('gives up at once on an invalid payload', async () => {
      const { sut, service } = makeSut();
      await expect(sut.process(makeJob({ template: 'magic-link', to: 'nope' }))).rejects.toBeInstanceOf(UnrecoverableError);
      expect(service.send).not.toHaveBeenCalled();
    });

    it('gives up with smtp_rejected on a 5xx reply', async () => {
      const { sut, service, logged } = makeSut();
      service.send.mockRejectedValue(
        Object.assign(new Error('rejected'), { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <walker@example.org> unknown' }),
      );

      const failure = await sut.process(makeJob(VALID)).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(UnrecoverableError);
      expect((failure as Error).message).toBe('smtp_rejected: 550 5.1.1 <[address]> unknown');
      expect(logged.join('\n')).not.toContain('walker@example.org');
    });

    it('gives up with the reason of a permanent mail error', async () => {
      const { sut, service } = makeSut();
      service.send.mockRejectedValue(new PermanentMailError('invalid_token_seal'));

      await expect(sut.process(makeJob(VALID))).rejects.toEqual(new UnrecoverableError('invalid_token_seal'));
    });

    it.each([
      ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ESOCKET' })],
      ['a 4xx reply', Object.assign(new Error('try later'), { code: 'EENVELOPE', responseCode: 451, response: '451 try later' })],
    ])('rethrows %s so BullMQ retries it', async (_label, error) => {
      const { sut, service } = makeSut();
      service.send.mockRejectedValue(error);

      await expect(sut.process(makeJob(VALID))).rejects.toBe(error);
    });
  });
});
