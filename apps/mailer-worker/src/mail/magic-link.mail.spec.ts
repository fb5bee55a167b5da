import { describe, expect, it } from 'vitest';
import { escapeHtml, magicLinkUrl, renderMagicLinkMail } from './magic-link.mail';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const IN_15_MINUTES = new Date('2025-06-01T12:15:00.000Z');
const LINK = 'https://wildid.example/auth/verify?token=abc_DEF-123';

describe('magic-link mail', () => {
  describe(magicLinkUrl.name, () => {
    const sut = magicLinkUrl;

    it('puts the token into /auth/verify on the public origin', () => {
      expect(sut('https://wildid.example', 'abc_DEF-123')).toBe('https://wildid.example/auth/verify?token=abc_DEF-123');
    });

    it.each([
      ['without a trailing slash', 'https://example.org/wildid'],
      ['with a trailing slash', 'https://example.org/wildid/'],
    ])('keeps the path of a PUBLIC_URL %s', (_label, publicUrl) => {
      expect(sut(publicUrl, 'tok')).toBe('https://example.org/wildid/auth/verify?token=tok');
    });

    it('keeps a port', () => {
      expect(sut('http://localhost:3000', 'tok')).toBe('http://localhost:3000/auth/verify?token=tok');
    });

    it('encodes characters that would break the query', () => {
      const url = new URL(sut('https://example.org', 'a+b&c=d/e'));
      expect(url.searchParams.get('token')).toBe('a+b&c=d/e');
      expect(url.searchParams.size).toBe(1);
    });
  });

  describe(renderMagicLinkMail.name, () => {
    const sut = renderMagicLinkMail;

    it('has a subject naming WildID', () => {
      expect(sut({ link: LINK, expiresAt: IN_15_MINUTES, now: NOW }).subject).toBe('Your WildID sign-in link');
    });

    it('gives the link, the expiry in minutes and in UTC, and the ignore sentence in the text part', () => {
      const { text } = sut({ link: LINK, expiresAt: IN_15_MINUTES, now: NOW });
      expect(text).toContain(`\n${LINK}\n`);
      expect(text).toContain('expires in 15 minutes, at 2025-06-01 12:15 UTC');
      expect(text).toContain('If you did not ask to sign in, you can ignore this email.');
    });

    it('gives the same in the HTML part, with the link as an href', () => {
      const { html } = sut({ link: LINK, expiresAt: IN_15_MINUTES, now: NOW });
      expect(html).toContain(`href="${LINK}"`);
      expect(html).toContain('expires in 15 minutes, at 2025-06-01 12:15 UTC');
      expect(html).toContain('If you did not ask to sign in, you can ignore this email.');
    });

    it('rounds to the nearest minute, so a mail rendered seconds later still says 15', () => {
      const { text } = sut({ link: LINK, expiresAt: IN_15_MINUTES, now: new Date(NOW.getTime() + 3_000) });
      expect(text).toContain('expires in 15 minutes');
    });

    it('says "1 minute" when less than a minute is left', () => {
      const { text } = sut({ link: LINK, expiresAt: IN_15_MINUTES, now: new Date(IN_15_MINUTES.getTime() - 10_000) });
      expect(text).toContain('expires in 1 minute,');
    });

    it('escapes the link in the HTML part', () => {
      const hostile = 'https://x.example/auth/verify?token=a&b="><script>alert(1)</script>';
      const { html, text } = sut({ link: hostile, expiresAt: IN_15_MINUTES, now: NOW });
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('"><script');
      expect(html).toContain('token=a&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text).toContain(hostile);
    });

    it('loads no external assets', () => {
      const { html } = sut({ link: LINK, expiresAt: IN_15_MINUTES, now: NOW });
      expect(html).not.toMatch(/<img|<link|<script|src=|url\(/i);
    });
  });

  describe(escapeHtml.name, () => {
    it('escapes the five HTML-significant characters', () => {
      expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    });
  });
});
