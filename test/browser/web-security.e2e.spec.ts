import { createHash } from 'node:crypto';
import { validAnimalAnswer } from '@wildid/common/testing';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { API_DOCS_STYLE } from '../../apps/gateway/src/api-docs/api-docs-page';
import { AUTH_PAGE_STYLE } from '../../apps/gateway/src/auth/auth-pages';
import { asBrowser, signIn } from '../support/accounts';
import { type WebStack, computedStyle, jpegFile, newProfile, pickPhoto, watchForProblems, useWebStackAndChromium } from '../support/browser';
import { parseCsp } from '../support/csp';
import { makeJpeg } from '../support/images';

const SECRET_KEY = 'web-security-test-secret-0123456789abcdef01234';

/** The policy the issue asks for, plus the style blocks of the sign-in pages and of /api/docs, allowed by their hashes. */
const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
const EXPECTED_CSP: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': `'self' ${hashOf(AUTH_PAGE_STYLE)} ${hashOf(API_DOCS_STYLE)}`,
  'img-src': "'self' blob: data:",
  // Replaced by the gateway's own ws:// origin once the stack has started.
  'connect-src': '',
  'object-src': "'none'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
  'form-action': "'self'",
};

describe('web app: security headers, caching and safe rendering (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;
  let base: string;

  useWebStackAndChromium({ secretKey: SECRET_KEY }, (started) => {
    ({ web, browser } = started);
    base = web.stack.gatewayUrl;
    EXPECTED_CSP['connect-src'] = `'self' ${base.replace('http:', 'ws:')}`;
  });

  async function openPage(path = '/'): Promise<{ page: Page; problems: string[] }> {
    const page = await (await newProfile(browser)).newPage();
    const problems = watchForProblems(page);
    await page.goto(`${base}${path}`);
    return { page, problems };
  }

  it('puts the strict policy and security headers on pages, API answers, errors and sign-in pages', async () => {
    const signedIn = await signIn(base, web.smtp, 'headers@example.org');
    const responses = await Promise.all([
      fetch(`${base}/`),
      fetch(`${base}/api/me`),
      fetch(`${base}/api/identifications/not-an-id`),
      fetch(`${base}/auth/verify?token=${'x'.repeat(30)}`),
      fetch(`${base}/no-such-page`),
      // Refused by the CSRF origin check, a middleware that runs before any route.
      fetch(`${base}/api/auth/logout`, { method: 'POST', headers: asBrowser(signedIn, { origin: 'https://evil.example' }) }),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 401, 404, 400, 404, 403]);
    const expectedDirectives = Object.fromEntries(Object.entries(EXPECTED_CSP).map(([name, sources]) => [name, sources.split(' ')]));
    for (const response of responses) {
      expect(parseCsp(response.headers.get('content-security-policy')), response.url).toEqual(expectedDirectives);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });

  it('caches hashed assets for good, revalidates the page, and loads nothing from other hosts', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toHaveLength(3); // favicon, stylesheet, script
    for (const asset of assets) {
      const response = await fetch(`${base}/${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      if (asset.endsWith('.css')) expect(await response.text()).not.toMatch(/url\((["']?)(https?:)?\/\//);
    }
  });

  it('shows what the model says as text, never as HTML', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Fox';
    web.stack.fake.script({
      kind: 'answer',
      content: validAnimalAnswer({
        commonName: hostile,
        description: '<script>window.__pwned=2</script><b>bold</b>',
        safety: '<a href="javascript:window.__pwned=3">click</a>',
      }),
    });
    const { page, problems } = await openPage();
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: 3100 })));
    const card = page.getByRole('article', { name: `Result: ${hostile}` });
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe(hostile);
    expect(await card.innerText()).toContain('<script>window.__pwned=2</script><b>bold</b>');
    expect(await card.locator('img[src="x"], script, b, a').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('refuses inline scripts, while the sign-in pages keep their styles', async () => {
    const { page, problems } = await openPage();
    await page.addScriptTag({ content: 'window.__inline = 1' }).catch(() => undefined);
    expect(await page.evaluate('window.__inline')).toBeUndefined();
    expect(problems.some((problem) => /inline script/i.test(problem))).toBe(true);

    const signInPage = await openPage(`/auth/verify?token=${'y'.repeat(30)}`);
    await signInPage.page.getByRole('heading', { name: 'That link did not work' }).waitFor();
    const button = signInPage.page.getByRole('button', { name: 'Send me a new link' });
    expect(await computedStyle(button, 'background-color')).toBe('rgb(47, 107, 58)');
    expect(signInPage.problems).toEqual([]);
  });

  it('serves the OpenAPI 3.1 description for this server', async () => {
    const response = await fetch(`${base}/api/openapi.json`);

    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ openapi: '3.1.0', servers: [{ url: expect.stringMatching(/^http:\/\//) }] });
  });

  it('shows the API description page styled, with no script and nothing from another host', async () => {
    const { page, problems } = await openPage('/api/docs');
    await page.getByRole('heading', { name: /WildID API/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Socket protocol (socket.io)' }).count()).toBe(1);
    expect(await computedStyle(page.locator('pre').first(), 'background-color')).toBe('rgb(242, 245, 242)');
    expect(await page.locator('script, link[rel=stylesheet], [src^="http"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('works from the keyboard: skip link, labelled controls, visible focus, dialogs', async () => {
    const { page, problems } = await openPage();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    const focused = () => page.evaluate('document.activeElement.id || document.activeElement.textContent.trim()');
    const tabUntil = async (target: string) => {
      for (let presses = 0; presses < 10 && (await focused()) !== target; presses++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(target);
    };
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await tabUntil('Sign in');
    const outline = await computedStyle(page.getByRole('button', { name: 'Sign in', exact: true }), 'outline-style');
    expect(outline).toBe('solid');
    await tabUntil('photo-input');
    const labelOutline = await computedStyle(page.locator('label[for="photo-input"]'), 'outline-style');
    expect(labelOutline).toBe('solid');
    expect(await page.getByLabel('Take a photo').getAttribute('capture')).toBe('environment');
    expect(await page.getByLabel('Take a photo').getAttribute('accept')).toBe('image/*');

    await page.keyboard.press('Shift+Tab');
    await tabUntil('Sign in');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('sign-in-email');
    await page.keyboard.type('not an address');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Enter a valid email address').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
