export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MagicLinkContent {
  link: string;
  expiresAt: Date;
  /** When the mail is rendered; the "expires in" minutes count from here. */
  now: Date;
}

const IGNORE_SENTENCE = 'If you did not ask to sign in, you can ignore this email.';

/**
 * `${publicUrl}/auth/verify?token=…`, keeping any path PUBLIC_URL has
 * (https://example.org/wildid → https://example.org/wildid/auth/verify).
 */
export function magicLinkUrl(publicUrl: string, token: string): string {
  const base = new URL(publicUrl);
  // A relative URL resolves against the last "directory" of its base, so the base must end in "/".
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const url = new URL('auth/verify', base);
  url.searchParams.set('token', token);
  return url.toString();
}

export function renderMagicLinkMail({ link, expiresAt, now }: MagicLinkContent): RenderedMail {
  const expiry = `This link expires in ${minutesUntil(expiresAt, now)}, at ${utcTime(expiresAt)}.`;
  const text = ['Hello,', '', 'Use this link to sign in to WildID:', '', link, '', expiry, '', IGNORE_SENTENCE, ''].join('\n');
  return { subject: 'Your WildID sign-in link', text, html: renderHtml(link, expiry) };
}

function renderHtml(link: string, expiry: string): string {
  const href = escapeHtml(link);
  // Inline styles only: mail clients drop <style> blocks and external assets.
  return `<!doctype html>
<html>
<body style="margin:0;padding:24px;background:#f4f6f3;font-family:Arial,Helvetica,sans-serif;color:#1f2a1c;">
<div style="max-width:480px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px;">
<p style="margin:0 0 16px;">Hello,</p>
<p style="margin:0 0 24px;">Use this button to sign in to WildID:</p>
<p style="margin:0 0 24px;"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#3d6b35;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">Sign in to WildID</a></p>
<p style="margin:0 0 8px;font-size:14px;">Or copy this link into your browser:</p>
<p style="margin:0 0 24px;font-size:14px;word-break:break-all;"><a href="${href}" style="color:#3d6b35;">${href}</a></p>
<p style="margin:0 0 16px;font-size:14px;">${escapeHtml(expiry)}</p>
<p style="margin:0;font-size:14px;color:#5b6657;">${escapeHtml(IGNORE_SENTENCE)}</p>
</div>
</body>
</html>
`;
}

/** Rounded to the nearest minute and never below one, so a mail rendered seconds after issue says "15 minutes". */
function minutesUntil(expiresAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** 2025-06-01 12:34 UTC: unambiguous whatever the reader's time zone. */
export function utcTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}
