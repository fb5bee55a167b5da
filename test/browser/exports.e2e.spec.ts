import type { Browser, Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, type WebStack, fitsViewportWidth, screenshotBothSizes, useWebStackAndChromium } from '../support/browser';
import { BatchClient } from '../support/batches';
import { trailCameraPhoto } from '../support/images';
import { openSignedIn } from '../support/signed-in-page';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'exports-web-test-secret-0123456789abcdef0123456';
let seed = 7_900;

/** A trail camera's photo, named as the camera names it. */
async function trapPhoto(when: string): Promise<{ name: string; bytes: Buffer }> {
  const bytes = await trailCameraPhoto(seed++, when, '+02:00');
  return { name: `IMG_${seed}.JPG`, bytes };
}

async function bytesOf(download: Download): Promise<Buffer> {
  return Buffer.concat(await (await download.createReadStream()).toArray());
}

/** A zip names each entry in plain text in its headers: enough to see which files the download holds (the API specs check what is in them). */
function zipHolds(zip: Buffer, name: string): boolean {
  return zip.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'binary')) && zip.includes(Buffer.from(name));
}

describe('web app: export menus (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;

  useWebStackAndChromium({ secretKey: SECRET_KEY, gatewayEnv: { BURST_GAP_SECONDS: '60' } }, (started) => ({ web, browser } = started));

  /** Opens the menu in `area`, ticks "Include image links" as asked, and downloads one format. */
  async function exportFrom(page: Page, area: string, format: RegExp, includeImageLinks: boolean): Promise<Download> {
    const menu = page.locator(`${area} .export-menu`);
    if (!(await menu.evaluate((details) => (details as unknown as { open: boolean }).open))) await menu.locator('summary').click();
    await menu.getByLabel('Include image links').setChecked(includeImageLinks);
    const download = page.waitForEvent('download');
    await menu.getByRole('link', { name: format }).click();
    return download;
  }

  it('downloads the history as CSV and DwC-A, and a camera-trap batch as CSV, DwC-A and Camtrap DP, with or without image links', async () => {
    const { page, problems, client } = await openSignedIn(web, browser, 'web-exporter@example.org', PHONE);
    const batches = new BatchClient(web.stack.gatewayUrl, client);
    const trap = await batches.created({ name: 'Trap 2', kind: 'camera-trap', location: { latitude: 52.1, longitude: 5.8 } });
    const trip = await batches.created({ name: 'Walk', kind: 'trip' });
    expect((await batches.upload(trap.id, [await trapPhoto('2026:07:03 06:10:00'), await trapPhoto('2026:07:03 06:10:20')])).status).toBe(202);
    expect((await batches.upload(trip.id, [await trapPhoto('2026:07:04 10:00:00')])).status).toBe(202);
    await eventually(async () => (await batches.get(trap.id)).body.counts.completed === 2 && (await batches.get(trip.id)).body.counts.completed === 1, 'both batches identified');
    await page.reload();

    // The history: CSV and Darwin Core; Camtrap DP is for camera-trap batches only.
    await page.locator('#history-grid > li').nth(2).waitFor();
    await page.locator('#history-actions summary').click();
    expect(await page.locator('#history-actions .export-options a').allTextContents()).toEqual(['CSV (spreadsheet)', 'Darwin Core Archive (GBIF)']);
    expect(await fitsViewportWidth(page)).toBe(true);
    await page.locator('#history-actions').scrollIntoViewIfNeeded();
    await screenshotBothSizes(page, 'export-menu');
    const csv = (await bytesOf(await exportFrom(page, '#history-actions', /CSV/, false))).toString();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4); // a header and three photos
    const dwca = await exportFrom(page, '#history-actions', /Darwin Core/, true);
    expect(dwca.url()).toBe(`${web.stack.gatewayUrl}/api/me/identifications/export?format=dwca&includeImageLinks=true`);
    const dwcaZip = await bytesOf(dwca);
    expect(['occurrence.txt', 'meta.xml', 'eml.xml'].map((name) => zipHolds(dwcaZip, name))).toEqual([true, true, true]);
    const plainDwca = await exportFrom(page, '#history-actions', /Darwin Core/, false);
    expect(plainDwca.url()).toBe(`${web.stack.gatewayUrl}/api/me/identifications/export?format=dwca`);
    expect(zipHolds(await bytesOf(plainDwca), 'occurrence.txt')).toBe(true);

    // The camera-trap batch adds Camtrap DP; a trip's batch does not.
    await page.getByRole('button', { name: /Trap 2/ }).click();
    await page.getByRole('heading', { name: 'Trap 2' }).waitFor();
    await page.locator('#batch-export summary').click();
    expect(await page.locator('#batch-export .export-options a').allTextContents()).toEqual(['CSV (spreadsheet)', 'Darwin Core Archive (GBIF)', 'Camtrap DP (camera traps)']);
    const camtrap = await exportFrom(page, '#batch-export', /Camtrap DP/, true);
    expect(camtrap.url()).toBe(`${web.stack.gatewayUrl}/api/batches/${trap.id}/export?format=camtrap-dp&includeImageLinks=true`);
    const camtrapZip = await bytesOf(camtrap);
    expect(['datapackage.json', 'deployments.csv', 'media.csv', 'observations.csv'].map((name) => zipHolds(camtrapZip, name))).toEqual([true, true, true, true]);
    const batchCsv = (await bytesOf(await exportFrom(page, '#batch-export', /CSV/, false))).toString();
    expect(batchCsv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(zipHolds(await bytesOf(await exportFrom(page, '#batch-export', /Darwin Core/, false)), 'occurrence.txt')).toBe(true);

    await page.getByRole('button', { name: /Walk/ }).click();
    await page.getByRole('heading', { name: 'Walk' }).waitFor();
    await page.locator('#batch-export summary').click();
    expect(await page.locator('#batch-export .export-options a').allTextContents()).toEqual(['CSV (spreadsheet)', 'Darwin Core Archive (GBIF)']);
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
