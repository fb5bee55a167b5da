import { type MagicLinkMail, sealMagicLinkToken, sealSecret } from '@wildid/common';
import { describe, expect, it, vi } from 'vitest';
import type { MailerWorkerConfig } from '../config/mailer-worker-config';
import { PermanentMailError } from './mail-failure';
import { INVALID_TOKEN_SEAL, MailService } from './mail.service';
import type { MailTransport, OutgoingMail } from './mail.transport';

const SECRET_KEY = 'unit-test-secret-key-0123456789abcdef';
const NOW = new Date('2025-06-01T12:00:00.000Z');

function makeConfig(overrides: Partial<MailerWorkerConfig> = {}): MailerWorkerConfig {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: 'postgresql://localhost/unused',
    REDIS_URL: 'redis://127.0.0.1:6379',
    SECRET_KEY,
    SHUTDOWN_TIMEOUT_MS: 30_000,
    PUBLIC_URL: 'https://example.org/wildid',
    MAIL_SERVER: '127.0.0.1',
    MAIL_PORT: 1025,
    MAIL_SECURE: false,
    MAIL_FROM: 'WildID <no-reply@localhost>',
    MAILER_CONCURRENCY: 4,
    HEALTH_PORT: 0,
    HEALTH_HOST: '127.0.0.1',
    ...overrides,
  };
}

function makeMagicLinkMail(overrides: Partial<MagicLinkMail> = {}, token = 'the-token'): MagicLinkMail {
  return {
    template: 'magic-link',
    to: 'walker@example.org',
    sealedToken: sealMagicLinkToken(token, 'walker@example.org', SECRET_KEY),
    expiresAt: new Date(NOW.getTime() + 15 * 60_000).toISOString(),
    requestId: 'req-1',
    ...overrides,
  };
}

function makeSut(config: Partial<MailerWorkerConfig> = {}) {
  const transport = { send: vi.fn<(mail: OutgoingMail) => Promise<void>>().mockResolvedValue(undefined) };
  return { sut: new MailService(transport as unknown as MailTransport, makeConfig(config)), transport };
}

describe(MailService.name, () => {
  describe('send', () => {
    it('sends a magic-link mail to the recipient with the opened token in the link', async () => {
      const { sut, transport } = makeSut();
      await sut.send(makeMagicLinkMail(), NOW);

      expect(transport.send).toHaveBeenCalledTimes(1);
      const sent = transport.send.mock.calls[0][0];
      expect(sent.to).toBe('walker@example.org');
      expect(sent.subject).toBe('Your WildID sign-in link');
      expect(sent.text).toContain('https://example.org/wildid/auth/verify?token=the-token');
      expect(sent.html).toContain('href="https://example.org/wildid/auth/verify?token=the-token"');
      expect(sent.text).toContain('expires in 15 minutes, at 2025-06-01 12:15 UTC');
    });

    it('fails for good with invalid_token_seal when the token was sealed with another key', async () => {
      const { sut, transport } = makeSut();
      const mail = makeMagicLinkMail({ sealedToken: sealMagicLinkToken('t', 'walker@example.org', 'another-key-0123456789abcdef0123') });

      await expect(sut.send(mail, NOW)).rejects.toEqual(new PermanentMailError(INVALID_TOKEN_SEAL));
      expect(transport.send).not.toHaveBeenCalled();
    });

    it('fails for good, naming no address, when the job was edited to another recipient', async () => {
      const { sut, transport } = makeSut();
      const mail = makeMagicLinkMail({ to: 'attacker@example.net' });

      await expect(sut.send(mail, NOW)).rejects.toEqual(new PermanentMailError(INVALID_TOKEN_SEAL));
      expect(INVALID_TOKEN_SEAL).not.toMatch(/@/);
      expect(transport.send).not.toHaveBeenCalled();
    });

    it('accepts the same recipient in another letter case', async () => {
      const { sut, transport } = makeSut();

      await sut.send(makeMagicLinkMail({ to: 'Walker@Example.org' }), NOW);

      expect(transport.send).toHaveBeenCalledTimes(1);
    });

    it('fails for good with invalid_token_seal when the token was sealed for another purpose', async () => {
      const { sut, transport } = makeSut();
      const mail = makeMagicLinkMail({ sealedToken: sealSecret('t', SECRET_KEY, 'something-else', 'to:walker@example.org') });

      await expect(sut.send(mail, NOW)).rejects.toEqual(new PermanentMailError(INVALID_TOKEN_SEAL));
      expect(transport.send).not.toHaveBeenCalled();
    });

    it('fails for good with link_expired instead of mailing a dead link', async () => {
      const { sut, transport } = makeSut();
      const mail = makeMagicLinkMail({ expiresAt: new Date(NOW.getTime() - 1).toISOString() });

      await expect(sut.send(mail, NOW)).rejects.toEqual(new PermanentMailError('link_expired'));
      expect(transport.send).not.toHaveBeenCalled();
    });

    it('opens tokens with the development key when SECRET_KEY is unset', async () => {
      const { sut, transport } = makeSut({ SECRET_KEY: undefined });
      const sealedToken = sealMagicLinkToken('dev-token', 'walker@example.org', 'wildid-development-secret-not-for-production');

      await sut.send(makeMagicLinkMail({ sealedToken }), NOW);

      expect(transport.send.mock.calls[0][0].text).toContain('token=dev-token');
    });

    it('passes transport errors through for the caller to classify', async () => {
      const { sut, transport } = makeSut();
      const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });
      transport.send.mockRejectedValue(refused);

      await expect(sut.send(makeMagicLinkMail(), NOW)).rejects.toBe(refused);
    });
  });
});
