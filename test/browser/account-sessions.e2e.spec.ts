import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  PHONE,
  type WebStack,
  fitsViewportWidth,
  newProfile,
  screenshotBothSizes,
  signInInBrowser,
  watchForProblems,
  useWebStackAndChromium,
} from '../support/browser';

const SECRET_KEY = 'account-sessions-secret-0123456789abcdef0123456789';

describe('web app: account sessions, sign out one and everywhere (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;

  useWebStackAndChromium({ secretKey: SECRET_KEY, withWorker: false }, (started) => ({ web, browser } = started));

  /** A separate browser (own cookies) signed in as `email`. */
  async function signedInBrowser(email: string): Promise<{ page: Page; problems: string[] }> {
    const page = await (await newProfile(browser)).newPage();
    const problems = watchForProblems(page);
    await page.goto(web.stack.gatewayUrl);
    await signInInBrowser(page, web, email);
    return { page, problems };
  }

  async function openSessions(page: Page) {
    await page.getByRole('button', { name: /manage sessions/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Your sessions' });
    await dialog.waitFor();
    return dialog;
  }

  async function isSignedOut(page: Page): Promise<boolean> {
    await page.reload();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    return true;
  }

  it('lists both browsers, signs the other one out, then signs out everywhere', async () => {
    const email = 'two-devices@example.org';
    const laptop = await signedInBrowser(email);
    const phone = await signedInBrowser(email);

    const dialog = await openSessions(laptop.page);
    const rows = dialog.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'This browser' }).count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/Chrome on Linux[\s\S]*Signed in .+ · last active .+/);
    await laptop.page.setViewportSize(PHONE);
    expect(await fitsViewportWidth(laptop.page)).toBe(true);
    await screenshotBothSizes(laptop.page, 'sessions');

    await dialog.getByRole('button', { name: 'Sign out Chrome on Linux', exact: true }).click();

    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('This browser');
    expect(await isSignedOut(phone.page)).toBe(true);

    await signInInBrowser(phone.page, web, email);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    const again = await openSessions(laptop.page);
    await expect.poll(() => again.getByRole('listitem').count()).toBe(2);

    await again.getByRole('button', { name: 'Sign out everywhere' }).click();

    await laptop.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await laptop.page.getByRole('status').first().innerText()).toBe('You are signed out on every device.');
    expect(await isSignedOut(laptop.page)).toBe(true);
    expect(await isSignedOut(phone.page)).toBe(true);
    expect([...laptop.problems, ...phone.problems]).toEqual([]);
  });

  it('signs this browser out from its own row', async () => {
    const { page, problems } = await signedInBrowser('single@example.org');
    const dialog = await openSessions(page);

    await dialog.getByRole('button', { name: 'Sign out Chrome on Linux (this browser)' }).click();

    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Your sessions' }).isVisible()).toBe(false);
    expect(await isSignedOut(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
