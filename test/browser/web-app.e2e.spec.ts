import { validAnimalAnswer } from '@wildid/common/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PHONE,
  type WebStack,
  countPageLoads,
  fitsViewportWidth,
  jpegFile,
  makeFoxPicture,
  newProfile,
  pickPhoto,
  screenshotBothSizes,
  signInInBrowser,
  watchForProblems,
  useWebStackAndChromium,
} from '../support/browser';
import { type Browser as SignedInClient, asBrowser, signIn } from '../support/accounts';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'web-app-test-secret-0123456789abcdef0123456789';
/** What the page asks for at once (api/account.ts). */
const HISTORY_PAGE_SIZE = 12;
const ADMIN = 'ranger@example.org';

describe('web app: upload with live result, sign-in and history (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;
  const prisma = testPrisma();
  let seed = 900;

  useWebStackAndChromium({ secretKey: SECRET_KEY, adminEmails: ADMIN }, (started) => ({ web, browser } = started));

  afterAll(async () => {
    await prisma.$disconnect();
  });

  async function openApp(): Promise<{ page: Page; problems: string[] }> {
    const page = await (await newProfile(browser)).newPage();
    const problems = watchForProblems(page);
    await page.goto(web.stack.gatewayUrl);
    return { page, problems };
  }

  async function uploadAs(client: SignedInClient, photo: Buffer): Promise<void> {
    const form = new FormData();
    form.append('image', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
    const response = await fetch(`${web.stack.gatewayUrl}/api/identifications`, { method: 'POST', body: form, headers: asBrowser(client) });
    expect(response.status).toBe(202);
  }

  /** The history's entries once at least one is shown. */
  async function historyTitles(page: Page): Promise<string[]> {
    await page.locator('#history-grid .history-title').first().waitFor();
    return page.locator('#history-grid .history-title').allTextContents();
  }

  it('shows the streamed name ("Probably a red fox…") before the result card', async () => {
    // Chunks spaced out so the names arrive well before the rest of the answer.
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer(), chunkDelayMs: 80 });
    const { page, problems } = await openApp();

    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ }), 'fox.jpg'));

    const guess = page.locator('#current-result .partial-guess');
    await guess.waitFor();
    expect(await guess.textContent()).toContain('Probably a red fox…');
    const card = page.getByRole('article', { name: 'Result: Red fox' });
    expect(await card.count()).toBe(0);
    await card.waitFor();
    expect(await guess.count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('identifies an anonymous photo live and shows the whole result card', async () => {
    const { page, problems } = await openApp();
    await page.getByRole('heading', { name: 'What animal is this?' }).waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.setViewportSize(PHONE);
    expect(await fitsViewportWidth(page)).toBe(true);
    await screenshotBothSizes(page, 'home');
    const pageLoads = countPageLoads(page);

    await pickPhoto(page, jpegFile(await makeFoxPicture(), 'fox.jpg'));

    const card = page.getByRole('article', { name: 'Result: Red fox' });
    await card.waitFor();
    expect(pageLoads()).toBe(0);
    expect(await page.locator('#preview').getAttribute('src')).toMatch(/^blob:/);
    expect(await page.locator('#upload-progress').isHidden()).toBe(true);
    expect(await page.locator('#current-status').textContent()).toBe('Result ready: Red fox.');
    const text = await card.innerText();
    for (const expected of ['Vulpes vulpes', '93%', 'High confidence', 'LC', 'Least Concern', 'Not at risk at present', 'Canidae', 'Arctic fox', 'rusty-orange coat']) {
      expect(text.toLowerCase()).toContain(expected.toLowerCase());
    }
    expect(await card.getByRole('meter', { name: 'Confidence' }).getAttribute('aria-valuenow')).toBe('93');
    expect(await card.getByRole('note').innerText()).toMatch(/^Safety\s+Shy and not dangerous/);
    expect(await fitsViewportWidth(page)).toBe(true);
    await screenshotBothSizes(page, 'result', { fullPage: true });
    expect(problems).toEqual([]);
  });

  it('signs in through the emailed link, claims earlier photos, and keeps results in history', async () => {
    const { page, problems } = await openApp();
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer({ commonName: 'European badger', scientificName: 'Meles meles' }) });
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ })));
    await page.getByRole('article', { name: 'Result: European badger' }).waitFor();
    expect(await page.evaluate('localStorage.getItem("wildid.anonymousUploads")')).toContain('accessToken');

    await signInInBrowser(page, web, 'Fox.Watcher@Browser.Example.org', async (step) => {
      await screenshotBothSizes(page, step === 'form' ? 'sign-in' : 'check-inbox');
    });

    await page.getByText('fox.watcher@browser.example.org').waitFor();
    await page.getByText('1 photo you identified on this device before signing in was added to your history.').waitFor();
    await page.getByRole('heading', { name: 'Your identifications' }).waitFor();
    expect(await historyTitles(page)).toEqual(['European badger']);
    expect(await page.evaluate('localStorage.getItem("wildid.anonymousUploads")')).toBeNull();
    expect(await page.getByRole('link', { name: 'Queue dashboard' }).count()).toBe(0);

    // A new photo while signed in: the card and the history entry both appear without a reload.
    const pageLoads = countPageLoads(page);
    await pickPhoto(page, jpegFile(await makeFoxPicture()));
    await page.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    await page.locator('#history-grid .history-title', { hasText: 'Red fox' }).waitFor();
    expect(pageLoads()).toBe(0);

    await page.reload();
    expect(await historyTitles(page)).toEqual(['Red fox', 'European badger']);
    const thumbnail = page.locator('#history-grid img').first();
    expect(await thumbnail.evaluate((image) => (image as unknown as { decode(): Promise<void> }).decode().then(() => true))).toBe(true);
    await screenshotBothSizes(page, 'history');

    await page.getByRole('button', { name: /Red fox/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Identification' });
    await dialog.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    await dialog.locator('.result-photo').evaluate((image) => (image as unknown as { decode(): Promise<void> }).decode());
    await screenshotBothSizes(page, 'detail');

    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await page.locator('#history-actions summary', { hasText: 'Export' }).click();
    await page.getByRole('link', { name: 'CSV (spreadsheet)' }).click();
    const csv = await (await download).createReadStream().then((stream) => stream.toArray());
    expect(Buffer.concat(csv).toString()).toMatch(/^"date","status","common_name".*\r\n.*Red fox.*\r\n.*European badger/s);

    await page.getByRole('button', { name: /Red fox/ }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByText('The identification and its photo were deleted.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    expect(await historyTitles(page)).toEqual(['European badger']);
    await page.reload();
    expect(await historyTitles(page)).toEqual(['European badger']);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'fox.watcher@browser.example.org' } });
    expect(await prisma.identification.count({ where: { userId: user.id } })).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await page.locator('#history').isHidden()).toBe(true);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.locator('#history').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('loads older history pages as they scroll into view on a phone', async () => {
    const email = 'long.history@example.org';
    const account = await signIn(web.stack.gatewayUrl, web.smtp, email);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    for (let i = 0; i < HISTORY_PAGE_SIZE + 1; i++) await uploadAs(account, await makeJpeg({ seed: seed++, width: 64, height: 48 }));
    await eventually(async () => (await prisma.identification.count({ where: { userId: user.id, status: 'completed' } })) === HISTORY_PAGE_SIZE + 1, 'all uploads to complete');

    const context = await newProfile(browser, PHONE);
    await context.addCookies([{ name: 'wildid_session', value: account.cookie.split('=')[1]!, url: web.stack.gatewayUrl }]);
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(web.stack.gatewayUrl);
    const tiles = page.locator('#history-grid > li');
    await tiles.nth(HISTORY_PAGE_SIZE - 1).waitFor();
    expect(await tiles.count()).toBe(HISTORY_PAGE_SIZE);

    await page.getByRole('button', { name: 'Show older identifications' }).scrollIntoViewIfNeeded();
    await tiles.nth(HISTORY_PAGE_SIZE).waitFor();
    expect(await tiles.count()).toBe(HISTORY_PAGE_SIZE + 1);
    await page.getByRole('button', { name: 'Show older identifications' }).waitFor({ state: 'hidden' });
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows the queue dashboard link to admins only, and an empty history to new accounts', async () => {
    const { page, problems } = await openApp();
    await signInInBrowser(page, web, ADMIN);
    const link = page.getByRole('link', { name: 'Queue dashboard' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('admin/queues');
    await page.getByText('Nothing here yet.').waitFor();
    await page.setViewportSize(PHONE);
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
