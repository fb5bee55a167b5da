import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHONE, type WebStack, countPageLoads, fitsViewportWidth, newProfile, pickPhoto, signInInBrowser, useWebStackAndChromium, watchForProblems } from '../support/browser';
import { makeJpeg } from '../support/images';
import { makeZip } from '../support/zips';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'batches-web-test-secret-0123456789abcdef012345';
let seed = 4_000;

/** A small JPEG whose EXIF says when (and where) it was taken, as a camera writes it. */
async function photoTaken(when?: string, gps?: { lat: string; lon: string }): Promise<Buffer> {
  const plain = await makeJpeg({ seed: seed++, width: 80, height: 60 });
  if (!when && !gps) return plain;
  return sharp(plain)
    .withExif({
      IFD0: { Make: 'TrailCam' },
      ...(when ? { IFD2: { DateTimeOriginal: when, OffsetTimeOriginal: '+02:00' } } : {}),
      ...(gps ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: gps.lat, GPSLongitudeRef: 'E', GPSLongitude: gps.lon } } : {}),
    })
    .jpeg()
    .toBuffer();
}

const jpeg = (name: string, buffer: Buffer) => ({ name, mimeType: 'image/jpeg', buffer });

describe('web app: batches (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;

  // One job at a time: the photos are identified in the order they were enqueued, so the scripted answers land predictably.
  useWebStackAndChromium(
    { secretKey: SECRET_KEY, gatewayEnv: { BURST_GAP_SECONDS: '60' }, workerEnv: { IDENTIFIER_CONCURRENCY: '1' } },
    (started) => ({ web, browser } = started),
  );

  async function signedInPage(email: string, viewport = PHONE): Promise<{ page: Page; problems: string[] }> {
    const page = await (await newProfile(browser, viewport)).newPage();
    const problems = watchForProblems(page);
    await page.goto(web.stack.gatewayUrl);
    await signInInBrowser(page, web, email);
    return { page, problems };
  }

  /** The captions of the grid's tiles as shown now. */
  const captions = (page: Page) => page.locator('#batch-grid .tile-name').allTextContents();

  it('creates a batch on a phone, uploads photos, a bad file and a zip, and shows live results, counts, blanks and events', async () => {
    const { page, problems } = await signedInPage('trip@example.org');
    const pageLoads = countPageLoads(page);
    // The four loose photos are enqueued first (one request), then the zip's two: those two are the blanks.
    web.stack.fake.reset();
    web.stack.fake.script(...Array.from({ length: 4 }, () => ({ kind: 'answer' as const, content: validAnimalAnswer() })), { kind: 'answer', content: noAnimalAnswer() }, { kind: 'answer', content: noAnimalAnswer() });

    await page.getByRole('button', { name: 'New batch' }).click();
    await page.getByLabel('Name').fill('Veluwe weekend');
    await page.getByLabel('Kind').selectOption('trip');
    await page.getByLabel('Latitude').fill('52.1');
    await page.getByLabel('Longitude').fill('5.8');
    await page.getByLabel('Choose photos').setInputFiles([
      jpeg('burst-1.jpg', await photoTaken('2026:07:03 06:10:00')),
      jpeg('burst-2.jpg', await photoTaken('2026:07:03 06:10:30')),
      jpeg('burst-3.jpg', await photoTaken('2026:07:03 06:11:20')),
      jpeg('later.jpg', await photoTaken('2026:07:03 09:00:00')),
      { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a photo') },
    ]);
    const zip = await makeZip([
      { name: 'card/', bytes: Buffer.alloc(0) },
      { name: 'card/DCIM/empty-1.jpg', bytes: await photoTaken() },
      { name: 'card/DCIM/empty-2.jpg', bytes: await photoTaken() },
      { name: 'card/README.txt', bytes: Buffer.from('camera trap 7') },
    ]);
    await page.getByLabel('Choose a zip').setInputFiles({ name: 'card.zip', mimeType: 'application/zip', buffer: zip });
    expect(await page.locator('#batch-chosen').textContent()).toBe('Chosen: 5 files and 1 zip.');
    await page.getByRole('button', { name: 'Start the batch' }).click();

    await page.getByRole('heading', { name: 'Veluwe weekend' }).waitFor();
    // Every file has its upload row; each ends sent at 100 %.
    const uploads = page.locator('#batch-uploads li');
    await eventually(async () => (await uploads.count()) === 6 && (await page.locator('#batch-uploads .upload-state', { hasText: /^Sent/ }).count()) === 6, 'all 6 uploads sent');
    expect(await page.getByLabel('Upload of burst-1.jpg').evaluate((bar) => (bar as unknown as { value: number }).value)).toBe(100);
    expect(await uploads.filter({ hasText: 'card.zip' }).locator('.upload-state').textContent()).toBe('Sent: 2 photos accepted');
    // The refused files, with the server's reasons.
    const rejected = page.locator('#batch-rejected li');
    await rejected.filter({ hasText: 'notes.jpg' }).waitFor();
    expect(await rejected.filter({ hasText: 'notes.jpg' }).textContent()).toContain('not a supported image');
    expect(await rejected.filter({ hasText: 'README.txt' }).textContent()).toContain('not a supported image');

    // The grid fills with names as results arrive, without reloading the page.
    const counts = page.locator('#batch-counts');
    await eventually(async () => (await counts.textContent()) === '6 photos · 4 with an animal · 2 blank · 0 failed', 'final counts', 30_000);
    await eventually(async () => (await captions(page)).join('|') === 'Red fox|Red fox|Red fox|Red fox', 'four named photos');
    expect(pageLoads()).toBe(0); // counted from after sign-in

    // Blanks are hidden by default and one click away; bursts are grouped.
    const events = page.locator('#batch-grid > .batch-event');
    expect(await page.locator('#batch-grid .event-label').allTextContents()).toEqual(['Event: 3 photos']);
    expect(await events.count()).toBe(2);
    await page.getByRole('button', { name: 'Blanks (2)' }).click();
    expect(await captions(page)).toEqual(['No animal', 'No animal']);
    await page.getByRole('button', { name: 'Animals' }).click();
    expect((await captions(page)).length).toBe(4);
    await page.getByRole('button', { name: 'Failed (0)' }).click();
    expect(await captions(page)).toEqual([]);

    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('lists my batches to reopen one, renames and deletes it', async () => {
    const { page, problems } = await signedInPage('camera@example.org', { width: 1280, height: 800 });
    await page.getByRole('button', { name: 'New batch' }).click();
    await page.getByLabel('Name').fill('Trap 3, October');
    await page.getByLabel('Kind').selectOption('camera-trap');
    await page.getByLabel('Choose photos').setInputFiles([jpeg('a.jpg', await photoTaken()), jpeg('b.jpg', await photoTaken())]);
    // A third dropped on the form, as from a file manager (built in the page: test code has no DOM types).
    const dropped = (await photoTaken()).toString('base64');
    const dataTransfer = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File([Uint8Array.from(atob('${dropped}'), (c) => c.charCodeAt(0))], 'dropped.jpg', { type: 'image/jpeg' })); return t; })()`,
    );
    await page.locator('#batch-form').dispatchEvent('drop', { dataTransfer });
    expect(await page.locator('#batch-chosen').textContent()).toBe('Chosen: 3 files.');
    expect(await page.locator('#current').isHidden()).toBe(true); // not taken as a single upload
    await page.getByRole('button', { name: 'Start the batch' }).click();
    await eventually(async () => (await page.locator('#batch-counts').textContent())?.startsWith('3 photos · 3 with an animal'), 'all three identified');

    // Reopened from the list in a fresh page.
    await page.reload();
    await page.getByRole('button', { name: /Trap 3, October/ }).click();
    await page.getByRole('heading', { name: 'Trap 3, October' }).waitFor();
    await eventually(async () => (await captions(page)).length === 3, 'the reopened grid');

    page.once('dialog', (dialog) => void dialog.accept('Trap 3, late October'));
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'Trap 3, late October' }).waitFor();
    await page.locator('#batch-list').getByRole('button', { name: /Trap 3, late October/ }).waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.locator('#batch-view').waitFor({ state: 'hidden' });
    await eventually(async () => (await page.locator('#batch-list li').count()) === 0, 'the list without it');
    expect(problems).toEqual([]);
  });

  it('a single upload with "use the photo\'s time and place" ticked shows the context used', async () => {
    const page = await (await newProfile(browser)).newPage();
    const problems = watchForProblems(page);
    await page.goto(web.stack.gatewayUrl);
    await page.getByLabel("Use the photo's time and place").check();
    await pickPhoto(page, jpeg('dawn.jpg', await photoTaken('2026:07:03 06:10:00', { lat: '52/1 6/1 0/1', lon: '4/1 18/1 0/1' })));
    const context = page.locator('#current-result .capture-context');
    await context.waitFor();
    expect(await context.textContent()).toBe('Time and place used: Taken on 3 July 2026 around 06:10, near 52.10° N, 4.30° E, in the Netherlands.');
    expect(problems).toEqual([]);
  });
});
