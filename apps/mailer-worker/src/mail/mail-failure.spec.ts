import { describe, expect, it } from 'vitest';
import { PermanentMailError, describeMailError, permanentFailureReason, safeForLogs } from './mail-failure';

/** The shape nodemailer gives SMTP errors. */
function smtpError(message: string, fields: { code?: string; responseCode?: number; response?: string }): Error {
  return Object.assign(new Error(message), fields);
}

describe('mail failures', () => {
  describe(permanentFailureReason.name, () => {
    const sut = permanentFailureReason;

    it('gives up on a 5xx reply, quoting the reply without the address', () => {
      const error = smtpError("Can't send mail - all recipients were rejected", {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.1.1 <bob@example.org>: mailbox unavailable',
      });
      expect(sut(error)).toBe('smtp_rejected: 550 5.1.1 <[address]>: mailbox unavailable');
    });

    it('gives up on a 5xx reply without text', () => {
      expect(sut(smtpError('rejected', { code: 'EMESSAGE', responseCode: 554 }))).toBe('smtp_rejected: 554');
    });

    it('gives up with the reason of a PermanentMailError', () => {
      expect(sut(new PermanentMailError('invalid_token_seal'))).toBe('invalid_token_seal');
    });

    it.each([
      ['a 4xx reply', smtpError('greylisted', { code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 try later' })],
      ['a refused connection', smtpError('connect ECONNREFUSED 127.0.0.1:1025', { code: 'ESOCKET' })],
      ['a timeout', smtpError('Greeting never received', { code: 'ETIMEDOUT' })],
      ['an unknown error', new Error('boom')],
      ['a thrown string', 'boom'],
    ])('lets BullMQ retry %s', (_label, error) => {
      expect(sut(error)).toBeUndefined();
    });
  });

  describe(describeMailError.name, () => {
    it('keeps the message and SMTP codes, without addresses', () => {
      const error = smtpError('450 <bob@example.org> mailbox busy', { code: 'EENVELOPE', responseCode: 450 });
      expect(describeMailError(error)).toEqual({ message: '450 <[address]> mailbox busy', code: 'EENVELOPE', responseCode: 450 });
    });
  });

  describe(safeForLogs.name, () => {
    it('folds a multi-line reply onto one bounded line', () => {
      expect(safeForLogs('550-first\r\n550 second')).toBe('550-first 550 second');
      expect(safeForLogs('x'.repeat(1000))).toHaveLength(300);
    });
  });
});
