import { validAnimalAnswer } from '@wildid/common/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PHONE, type WebStack, fitsViewportWidth, jpegFile, pickPhoto, screenshotBothSizes, useWebStackAndChromium } from '../support/browser';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { openSignedIn } from '../support/signed-in-page';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'review-web-test-secret-0123456789abcdef01234567';

describe('web app: reviewing identifications (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;
  const prisma = testPrisma();
  // New photos each: a byte-identical one (in any spec of the run, which shares the database) would reuse an earlier answer.
  let seed = 7_300;

  useWebStackAndChromium({ secretKey: SECRET_KEY }, (started) => ({ web, browser } = started));

  afterAll(async () => {
    await prisma.$disconnect();
  });

  const review = (scope: Page | ReturnType<Page['getByRole']>) => scope.getByRole('region', { name: 'Your review' });
  const identifiedBy = (scope: Page | ReturnType<Page['getByRole']>) => review(scope).locator('.identified-by');

  async function storedReview(id: string) {
    const row = await prisma.identification.findUniqueOrThrow({ where: { id } });
    return { verdict: row.reviewVerdict, scientificName: row.reviewScientificName, commonName: row.reviewCommonName, note: row.reviewNote, by: row.reviewedBy };
  }

  it('confirms the live result on a phone and takes it back with Undo; the history follows', async () => {
    const { page, problems } = await openSignedIn(web, browser, 'confirmer@example.org', PHONE);
    web.stack.fake.reset();
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer() });
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ }), 'fox.jpg'));
    await page.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    const current = page.locator('#current-result');
    expect(await identifiedBy(current).textContent()).toBe('Identified by the model: Red fox (Vulpes vulpes), 93%.');

    await review(current).getByRole('button', { name: 'Confirm' }).click();
    await eventually(async () => (await identifiedBy(current).textContent()) === 'Identified by you: Red fox (Vulpes vulpes), confirmed.', 'confirmed');
    const tile = page.locator('#history-grid > li').first();
    await tile.locator('.review-badge', { hasText: 'Confirmed' }).waitFor();
    const id = (await tile.getAttribute('data-id'))!;
    expect(await storedReview(id)).toMatchObject({ verdict: 'confirmed', by: 'confirmer@example.org', scientificName: null });

    await review(current).getByRole('button', { name: 'Undo' }).click();
    await eventually(async () => (await identifiedBy(current).textContent())?.startsWith('Identified by the model'), 'undone');
    expect(await review(current).getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(await tile.locator('.review-badge').count()).toBe(0);
    expect((await storedReview(id)).verdict).toBeNull();
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('corrects from the history: to an alternative, to a typed name with suggestions, unsure with a note', async () => {
    const { page, problems } = await openSignedIn(web, browser, 'corrector@example.org');
    web.stack.fake.reset();
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer() }, { kind: 'answer', content: validAnimalAnswer({ commonName: 'European badger', scientificName: 'Meles meles', alternatives: [] }) });
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ }), 'fox.jpg'));
    await page.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    await pickPhoto(page, jpegFile(await makeJpeg({ seed: seed++ }), 'badger.jpg'));
    await page.getByRole('article', { name: 'Result: European badger' }).waitFor();

    // The fox becomes the model's alternative, the Arctic fox.
    await page.locator('#history-grid').getByRole('button', { name: /Red fox/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Identification' });
    await review(dialog).getByRole('button', { name: 'Correct…' }).click();
    await review(dialog).getByRole('button', { name: /Arctic fox/ }).click();
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Arctic fox');
    expect(await dialog.getByLabel('Scientific name (optional)').inputValue()).toBe('Vulpes lagopus');
    await review(dialog).getByRole('button', { name: 'Save correction' }).click();
    await eventually(async () => (await identifiedBy(dialog).textContent()) === 'Identified by you: Arctic fox (Vulpes lagopus), a correction.', 'corrected');
    // The model's answer is kept as it was; the tile shows the person's name.
    await dialog.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    await screenshotBothSizes(page, 'review');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    const foxTile = page.locator('#history-grid > li', { hasText: 'Arctic fox' });
    await foxTile.locator('.review-badge', { hasText: 'Corrected' }).waitFor();
    const foxId = (await foxTile.getAttribute('data-id'))!;
    expect(await storedReview(foxId)).toMatchObject({ verdict: 'corrected', commonName: 'Arctic fox', scientificName: 'Vulpes lagopus' });

    // The badger: a typed name, suggested from the person's own history.
    await page.locator('#history-grid').getByRole('button', { name: /European badger/ }).click();
    await review(dialog).getByRole('button', { name: 'Correct…' }).click();
    const suggestions = review(dialog).locator('datalist option');
    await eventually(async () => (await suggestions.evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value))).includes('Arctic fox'), 'suggestions from the history');
    expect(await suggestions.evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value))).toEqual(expect.arrayContaining(['Arctic fox', 'European badger']));
    await review(dialog).getByRole('button', { name: 'Save correction' }).click();
    await review(dialog).getByText('Type the name of the animal').waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Arctic fox');
    expect(await dialog.getByLabel('Scientific name (optional)').inputValue()).toBe('Vulpes lagopus');
    await review(dialog).getByRole('button', { name: 'Save correction' }).click();
    await eventually(async () => (await identifiedBy(dialog).textContent()) === 'Identified by you: Arctic fox (Vulpes lagopus), a correction.', 'corrected to a suggestion');

    // Then to a name of one's own.
    await review(dialog).getByRole('button', { name: 'Correct…' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Pine marten');
    await dialog.getByLabel('Scientific name (optional)').fill('Martes martes');
    await dialog.getByLabel('Note (optional)').fill('Seen climbing at dusk; a "badger" would not.');
    await review(dialog).getByRole('button', { name: 'Save correction' }).click();
    await eventually(async () => (await identifiedBy(dialog).textContent()) === 'Identified by you: Pine marten (Martes martes), a correction.', 'typed correction');
    expect(await review(dialog).locator('.review-note-text').textContent()).toBe('Your note: Seen climbing at dusk; a "badger" would not.');
    const badgerId = (await page.locator('#history-grid > li', { hasText: 'Pine marten' }).getAttribute('data-id'))!;
    expect(await storedReview(badgerId)).toMatchObject({ verdict: 'corrected', commonName: 'Pine marten', scientificName: 'Martes martes', note: 'Seen climbing at dusk; a "badger" would not.' });

    // Unsure keeps the model's answer, marked.
    await dialog.getByLabel('Note (optional)').fill('Too dark to tell.');
    await review(dialog).getByRole('button', { name: 'Unsure' }).click();
    await eventually(async () => (await identifiedBy(dialog).textContent()) === 'Identified by the model: European badger (Meles meles), 93%. Marked unsure by you.', 'unsure');
    expect(await storedReview(badgerId)).toMatchObject({ verdict: 'unsure', commonName: null, note: 'Too dark to tell.' });

    // After a reload the reviews are still there.
    await page.reload();
    await page.locator('#history-grid').getByRole('button', { name: /Arctic fox|Red fox/ }).click();
    await eventually(async () => (await identifiedBy(dialog).textContent()) === 'Identified by you: Arctic fox (Vulpes lagopus), a correction.', 'correction after reload');
    expect(problems).toEqual([]);
  });

  it('reviews a batch photo from its detail', async () => {
    const { page, problems } = await openSignedIn(web, browser, 'batch.reviewer@example.org', PHONE);
    web.stack.fake.reset();
    await page.getByRole('button', { name: 'New batch' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Garden');
    await page.getByLabel('Choose photos').setInputFiles([jpegFile(await makeJpeg({ seed: seed++, width: 80, height: 60 }), 'a.jpg')]);
    await page.getByRole('button', { name: 'Start the batch' }).click();
    await eventually(async () => (await page.locator('#batch-counts').textContent())?.startsWith('1 photo · 1 with an animal'), 'the batch identified');
    await page.locator('#batch-grid .tile-open', { hasText: 'Red fox' }).click();
    const dialog = page.getByRole('dialog', { name: 'Identification' });
    await review(dialog).getByRole('button', { name: 'Confirm' }).click();
    await eventually(async () => (await identifiedBy(dialog).textContent()) === 'Identified by you: Red fox (Vulpes vulpes), confirmed.', 'confirmed');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await page.locator('#batch-grid .batch-tile .review-badge', { hasText: 'Confirmed' }).waitFor();
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
