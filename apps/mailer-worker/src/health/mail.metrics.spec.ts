import { EventEmitter } from 'node:events';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MailMetrics } from './mail.metrics';

const magicLink = (finishedOn?: number) => ({ data: { template: 'magic-link' }, finishedOn }) as unknown as Job;

describe(MailMetrics.name, () => {
  describe('observe', () => {
    it('counts sent mails, and given-up mails by reason; a failure that will be retried is not counted', async () => {
      const registry = new Registry();
      const worker = new EventEmitter();
      new MailMetrics(registry).observe(worker as unknown as Worker);

      worker.emit('completed', magicLink());
      worker.emit('failed', magicLink(), new Error('ECONNREFUSED'));
      worker.emit('failed', magicLink(Date.now()), new Error('ECONNREFUSED'));
      worker.emit('failed', magicLink(Date.now()), new UnrecoverableError('smtp_rejected: 550 5.1.1 <[address]> unknown'));

      const text = await registry.metrics();
      expect(text).toContain('wildid_mails_sent_total{template="magic-link"} 1');
      expect(text).toContain('wildid_mails_failed_total{template="magic-link",reason="retries_exhausted"} 1');
      expect(text).toContain('wildid_mails_failed_total{template="magic-link",reason="smtp_rejected"} 1');
    });
  });
});
