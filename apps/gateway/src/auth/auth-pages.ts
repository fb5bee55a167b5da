import type { TokenProblem } from './magic-link.service';

/** Small server-rendered pages for the sign-in link; no scripts, so the strict CSP holds. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The pages' only styles. Inline, so they work at every URL depth; the
 * Content-Security-Policy allows exactly this text by its hash (web-host/security-headers.ts).
 */
export const AUTH_PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b2a1f;line-height:1.5}
button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:.5rem;background:#2f6b3a;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
input{font-size:1rem;padding:.6rem;width:100%;box-sizing:border-box;margin:.3rem 0 1rem;border:1px solid #58705c;border-radius:.4rem}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · WildID</title>
<style>${AUTH_PAGE_STYLE}</style>
</head><body><main>${body}</main></body></html>`;
}

/** `base` is PUBLIC_URL's path (ends with /): links stay right behind a reverse proxy and from any route. */
export function confirmSignInPage(token: string, base: string): string {
  return page(
    'Sign in',
    `<h1>Sign in to WildID</h1>
<p>Press the button to finish signing in on this device.</p>
<form method="post" action="${escapeHtml(base)}api/auth/verify">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Sign in</button>
</form>`,
  );
}

const PROBLEMS: Record<TokenProblem['reason'], string> = {
  unknown: 'This sign-in link is not valid. It may have been copied incompletely.',
  used: 'This sign-in link was already used. Each link works once.',
  expired: 'This sign-in link has expired.',
};

export function invalidLinkPage(reason: TokenProblem['reason'], base: string): string {
  return page(
    'Sign-in link not valid',
    `<h1>That link did not work</h1>
<p>${escapeHtml(PROBLEMS[reason])}</p>
<h2>Get a new link</h2>
<form method="post" action="${escapeHtml(base)}auth/magic-link">
<label for="email">Your email address</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">Send me a new link</button>
</form>
<p><a href="${escapeHtml(base)}">Back to WildID</a></p>`,
  );
}

export function checkInboxPage(base: string): string {
  return page(
    'Check your inbox',
    `<h1>Check your inbox</h1>
<p>If the address is valid, a sign-in link is on its way. It works once and expires soon.</p>
<p><a href="${escapeHtml(base)}">Back to WildID</a></p>`,
  );
}
