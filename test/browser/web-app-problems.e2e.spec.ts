import { randomBytes } from 'node:crypto';
import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type WebStack,
  countPageLoads,
  jpegFile,
  newProfile,
  pickPhoto,
  screenshotBothSizes,
  watchForProblems,
  useWebStackAndChromium,
} from '../support/browser';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'web-problems-test-secret-0123456789abcdef012345';

describe('web app: bad files, no animal, failures and lost connections (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const prisma = testPrisma();
  let seed = 1900;

  useWebStackAndChromium(
    {
      secretKey: SECRET_KEY,
      gatewayEnv: { IDENTIFY_ATTEMPTS: '2', IDENTIFY_BACKOFF_MS: '100' },
      // Above the slow answer the lost-connection test scripts, so that answer is not a timeout.
      workerEnv: { TOGETHER_TIMEOUT_MS: '10000' },
    },
    (started) => ({ web, browser } = started),
  );

  beforeEach(async () => {
    web.stack.fake.reset();
    context = await newProfile(browser);
    page = await context.newPage();
    problems = watchForProblems(page);
    await page.goto(web.stack.gatewayUrl);
  });

  afterEach(async (test) => {
    await context?.close();
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  const uploadError = () => page.locator('#upload-error');

  it('refuses a file that is not a photo with a readable message, before and after upload', async () => {
    await pickPhoto(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('field notes: saw a fox') });
    await uploadError().waitFor();
    expect(await uploadError().textContent()).toBe('“notes.txt” is not a photo. Choose an image file, such as a JPEG or PNG from your camera or gallery.');
    await screenshotBothSizes(page, 'not-a-photo');

    // Claims to be a JPEG: only the server can tell, and its message is shown as is.
    await pickPhoto(page, jpegFile(Buffer.from('not really a jpeg'), 'fake.jpg'));
    await uploadError().getByText('This file is not a supported image.').waitFor();
    expect(await page.locator('#current').isHidden()).toBe(true);

    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ })));
    await page.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    expect(await uploadError().isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('explains "no animal found" and what to try next', async () => {
    web.stack.fake.script({ kind: 'answer', content: noAnimalAnswer() });
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ })));
    const card = page.getByRole('article', { name: 'Result: no animal found' });
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('We could not find an animal in this photo.');
    expect(text).toContain('What the model saw: The photo shows a parked bicycle');
    expect(text).toContain('Get closer, or zoom in');
    await screenshotBothSizes(page, 'no-animal', { fullPage: true });
    expect(problems).toEqual([]);
  });

  it('explains a failed identification and retries the same photo', async () => {
    web.stack.fake.script({ kind: 'answer', content: 'a red fox, probably' }, { kind: 'answer', content: { commonName: 'Fox' } });
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ })));
    const card = page.getByRole('article', { name: 'Result: identification failed' });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/Try a clearer photo, closer, in better light[\s\S]*What to try next/);
    await screenshotBothSizes(page, 'failed');

    await card.getByRole('button', { name: 'Try this photo again' }).click();
    await page.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('still shows the result when the connection drops while the photo is being identified', async () => {
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer({ commonName: 'Pine marten' }), delayMs: 3000 });
    const pageLoads = countPageLoads(page);
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ })));
    await page.getByText('Identifying the animal…').waitFor();

    await context.setOffline(true);
    await page.getByText('Live updates are interrupted.').waitFor();
    const row = await eventually(
      async () => (await prisma.identification.findFirst({ where: { status: 'completed', result: { path: ['commonName'], equals: 'Pine marten' } } })) ?? undefined,
      'the identification to complete while the page is offline',
    );
    expect(await page.getByRole('article').count()).toBe(0);

    await context.setOffline(false);
    await page.getByRole('article', { name: 'Result: Pine marten' }).waitFor();
    expect(await page.getByText('Live updates are interrupted.').isHidden()).toBe(true);
    expect(row.completedAt).not.toBeNull();
    expect(pageLoads()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('falls back to polling when websockets and socket.io are blocked', async () => {
    const blockedPage = await context.newPage();
    const blockedProblems = watchForProblems(blockedPage);
    await blockedPage.route('**/socket.io/**', (route) => route.abort());
    await blockedPage.routeWebSocket('**/socket.io/**', (socket) => socket.close());
    await blockedPage.goto(web.stack.gatewayUrl);
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer({ commonName: 'Red squirrel' }), delayMs: 1000 });

    await pickPhoto(blockedPage, jpegFile(await makeJpeg({ seed: seed++ })));
    await blockedPage.getByText('Live updates are interrupted.').waitFor();
    await blockedPage.getByRole('article', { name: 'Result: Red squirrel' }).waitFor();
    expect(blockedProblems).toEqual([]);
  });

  it('makes a large photo smaller in the browser before uploading it', async () => {
    // Noise does not compress: a 12-megapixel photo of it is several megabytes, like a phone camera's.
    const large = await sharp(randomBytes(4000 * 3000 * 3), { raw: { width: 4000, height: 3000, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
    expect(large.length).toBeGreaterThan(3_000_000);
    // Records the size of the photo the page hands to XMLHttpRequest (an init script is not subject to the page's CSP).
    await page.addInitScript(`{
      const send = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (body) {
        if (body instanceof FormData) window.__sentPhotoBytes = body.get('image').size;
        return send.call(this, body);
      };
    }`);
    await page.reload();
    await pickPhoto(page, jpegFile(large, 'big.jpg'));
    await page.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    const sent = Number(await page.evaluate('window.__sentPhotoBytes'));
    expect(sent).toBeGreaterThan(100_000);
    expect(sent).toBeLessThan(large.length / 2);
    expect(problems).toEqual([]);
  });
});
