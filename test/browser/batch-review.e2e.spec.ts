import { validAnimalAnswer } from '@wildid/common/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PHONE, type WebStack, fitsViewportWidth, screenshotBothSizes, useWebStackAndChromium } from '../support/browser';
import { BatchClient } from '../support/batches';
import { testPrisma } from '../support/database';
import { trailCameraPhoto } from '../support/images';
import { openSignedIn } from '../support/signed-in-page';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'batch-review-web-test-secret-0123456789abcdef01';
let seed = 7_600;

/** A trail camera's photo, named as the camera names it. */
async function trapPhoto(when: string): Promise<{ name: string; bytes: Buffer }> {
  const bytes = await trailCameraPhoto(seed++, when, '+02:00');
  return { name: `IMG_${seed}.JPG`, bytes };
}

describe('web app: reviewing a batch, review filters and the life list (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;
  const prisma = testPrisma();

  useWebStackAndChromium({ secretKey: SECRET_KEY, gatewayEnv: { BURST_GAP_SECONDS: '60', REVIEW_BELOW_CONFIDENCE: '0.7' } }, (started) => ({ web, browser } = started));

  afterAll(async () => {
    await prisma.$disconnect();
  });

  const captions = (page: Page) => page.locator('#batch-grid .tile-name').allTextContents();
  const badges = (page: Page) => page.locator('#batch-grid .review-badge').allTextContents();

  async function showReview(page: Page, select: '#batch-review-filter' | '#history-review-filter', label: string, expected: string[], titles: string): Promise<void> {
    await page.locator(select).selectOption({ label });
    await eventually(async () => (await page.locator(titles).allTextContents()).join('|') === expected.join('|'), `${select} ${label}: ${expected.join(', ')}`);
  }

  it('reviews a whole camera-trap event, filters by review with "needs a look" first, and lists the species', async () => {
    const { page, problems, client } = await openSignedIn(web, browser, 'trapper@example.org', PHONE);
    const batches = new BatchClient(web.stack.gatewayUrl, client);
    const batch = await batches.created({ name: 'Trap 7, July', kind: 'camera-trap' });
    web.stack.fake.reset(); // every photo a red fox (93 %) unless scripted
    // The burst first, then (once it is done) the later photo with an unsure answer: the answers land on the right photos.
    const burst = await batches.upload(batch.id, [await trapPhoto('2026:07:03 06:10:00'), await trapPhoto('2026:07:03 06:10:30'), await trapPhoto('2026:07:03 06:11:00')]);
    expect(burst.body.accepted).toHaveLength(3);
    await eventually(async () => (await batches.get(batch.id)).body.counts.completed === 3, 'the burst identified');
    web.stack.fake.script({
      kind: 'answer',
      content: validAnimalAnswer({ commonName: 'Roe deer', scientificName: 'Capreolus capreolus', confidence: 0.41, alternatives: [{ commonName: 'Red deer', scientificName: 'Cervus elaphus' }] }),
    });
    expect((await batches.upload(batch.id, [await trapPhoto('2026:07:03 09:00:00')])).body.accepted).toHaveLength(1);

    await page.reload();
    await page.getByRole('button', { name: /Trap 7, July/ }).click();
    await eventually(async () => (await page.locator('#batch-counts').textContent()) === '4 photos · 4 with an animal · 0 blank · 0 failed', 'all four identified');
    await eventually(async () => (await captions(page)).join('|') === 'Red fox|Red fox|Red fox|Roe deer', 'the named grid');
    expect(await badges(page)).toEqual(['Needs a look']);
    const reviewOptions = await page.locator('#batch-review-filter option').allTextContents();
    expect(reviewOptions.slice(0, 2)).toEqual(['All', 'Needs a look']);
    await showReview(page, '#batch-review-filter', 'Needs a look', ['Roe deer'], '#batch-grid .tile-name');
    await showReview(page, '#batch-review-filter', 'All', ['Red fox', 'Red fox', 'Red fox', 'Roe deer'], '#batch-grid .tile-name');

    // One correction for the whole burst.
    const event = page.locator('#batch-grid > .batch-event', { hasText: 'Event: 3 photos' });
    await event.getByRole('button', { name: 'Review the event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review the event' });
    expect(await dialog.innerText()).toContain('3 photos taken together. The model named: Red fox.');
    await dialog.getByRole('button', { name: 'Correct…' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Grey wolf');
    await dialog.getByLabel('Scientific name (optional)').fill('Canis lupus');
    await screenshotBothSizes(page, 'event-review');
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText('3 photos of the event reviewed.').waitFor();
    await eventually(async () => (await captions(page)).join('|') === 'Grey wolf|Grey wolf|Grey wolf|Roe deer', 'the corrected event');
    expect(await badges(page)).toEqual(['Corrected', 'Corrected', 'Corrected', 'Needs a look']);
    const rows = await prisma.identification.findMany({ where: { id: { in: burst.body.accepted.map((photo) => photo.id) } } });
    expect(rows.map((row) => [row.reviewVerdict, row.reviewScientificName, row.reviewedBy])).toEqual(Array.from({ length: 3 }, () => ['corrected', 'Canis lupus', 'trapper@example.org']));
    await screenshotBothSizes(page, 'batch-review', { fullPage: true });

    await showReview(page, '#batch-review-filter', 'Corrected', ['Grey wolf', 'Grey wolf', 'Grey wolf'], '#batch-grid .tile-name');
    await showReview(page, '#batch-review-filter', 'Unreviewed', ['Roe deer'], '#batch-grid .tile-name');
    await showReview(page, '#batch-review-filter', 'All', ['Grey wolf', 'Grey wolf', 'Grey wolf', 'Roe deer'], '#batch-grid .tile-name');

    // Undo for the event, then a confirmation of the model's answer.
    await event.getByRole('button', { name: 'Review the event' }).click();
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await page.getByText("3 photos of the event back to the model's answer.").waitFor();
    await eventually(async () => (await captions(page)).join('|') === 'Red fox|Red fox|Red fox|Roe deer', 'the event undone');
    await event.getByRole('button', { name: 'Review the event' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await eventually(async () => (await badges(page)).join('|') === 'Confirmed|Confirmed|Confirmed|Needs a look', 'the event confirmed');

    // The history has the same filter.
    await showReview(page, '#history-review-filter', 'Needs a look', ['Roe deer'], '#history-grid .history-title');
    await showReview(page, '#history-review-filter', 'Confirmed', ['Red fox', 'Red fox', 'Red fox'], '#history-grid .history-title');
    await showReview(page, '#history-review-filter', 'Corrected', [], '#history-grid .history-title');
    await page.getByText('None of your identifications is in this list.').waitFor();

    // The life list: most recently seen first, each marked, with first and last seen and the number of photos.
    await page.getByRole('link', { name: 'Life list' }).click();
    await page.getByRole('heading', { name: 'Your life list' }).waitFor();
    const species = page.locator('#species-list > li');
    await eventually(async () => (await species.count()) === 2, 'two species');
    expect(await species.locator('.history-title').allTextContents()).toEqual(['Roe deer', 'Red fox']);
    expect(await species.locator('.review-badge').allTextContents()).toEqual(['Unreviewed', 'Confirmed']);
    expect(await species.nth(0).locator('.history-meta').textContent()).toBe('Seen 3 Jul 2026, 07:00 · 1 photo');
    expect(await species.nth(1).locator('.history-meta').textContent()).toBe('First seen 3 Jul 2026, 04:10 · last seen 3 Jul 2026, 04:11 · 3 photos');
    expect(await page.locator('#species-summary').textContent()).toBe('2 species, 4 photos.');
    expect(await page.locator('#batches').isVisible()).toBe(false);
    expect(await fitsViewportWidth(page)).toBe(true);
    await screenshotBothSizes(page, 'life-list');
    await species.nth(0).getByRole('button').click();
    await page.getByRole('dialog', { name: 'Identification' }).getByRole('article', { name: 'Result: Roe deer' }).waitFor();
    await page.getByRole('dialog', { name: 'Identification' }).getByRole('button', { name: 'Close' }).first().click();

    await page.getByRole('link', { name: 'Back' }).first().click();
    await page.getByRole('heading', { name: 'What animal is this?' }).waitFor();
    expect(await page.locator('#species-page').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });
});
