import { validAnimalAnswer } from '@wildid/common/testing';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PHONE, type WebStack, fitsViewportWidth, jpegFile, newProfile, pickPhoto, screenshotBothSizes, watchForProblems, useWebStackAndChromium } from '../support/browser';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { openSignedIn } from '../support/signed-in-page';
import { eventually } from '../support/waiting';

const SECRET_KEY = 'reports-web-test-secret-0123456789abcdef0123456';
const ADMIN = 'warden@example.org';

describe('web app: reporting wrong identifications and the admins\' reports page (Chromium)', () => {
  let web: WebStack;
  let browser: Browser;
  const prisma = testPrisma();
  let seed = 7_800;

  useWebStackAndChromium({ secretKey: SECRET_KEY, adminEmails: ADMIN }, (started) => ({ web, browser } = started));

  afterAll(async () => {
    await prisma.$disconnect();
  });

  it('reports a result anonymously and from the history; an admin resolves them on the Reports page', async () => {
    // Suites run one after another on one database: earlier suites' open reports would be on the admin's page too.
    await prisma.identificationReport.updateMany({ where: { resolvedAt: null }, data: { resolvedAt: new Date(), resolvedBy: 'an earlier suite' } });
    // Anonymous, on a phone: the report goes with the upload's access token.
    const anonymous = await (await newProfile(browser, PHONE)).newPage();
    const anonymousProblems = watchForProblems(anonymous);
    await anonymous.goto(web.stack.gatewayUrl);
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer() });
    await pickPhoto(anonymous, jpegFile(await makeJpeg({ seed: seed++ }), 'dog.jpg'));
    await anonymous.getByRole('article', { name: 'Result: Red fox' }).waitFor();
    expect(await anonymous.getByRole('region', { name: 'Your review' }).count()).toBe(0); // reviews are for accounts
    await anonymous.getByRole('button', { name: 'Report a wrong identification' }).click();
    const form = anonymous.getByRole('dialog', { name: 'Report a wrong identification' });
    await form.getByRole('button', { name: 'Send the report' }).click();
    await form.getByText('Say what is wrong with this identification.').waitFor();
    await form.getByLabel('What is wrong?').fill('This is our neighbour\'s dog, a Shiba Inu.');
    await form.getByLabel('What is it, in your view? (optional)').fill('Domestic dog');
    await screenshotBothSizes(anonymous, 'report');
    await form.getByRole('button', { name: 'Send the report' }).click();
    await anonymous.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect(await fitsViewportWidth(anonymous)).toBe(true);
    expect(anonymousProblems).toEqual([]);

    // Signed in, from the history's detail; no Reports page for a non-admin, even by its address.
    const { page: owner, problems: ownerProblems } = await openSignedIn(web, browser, 'owner@example.org');
    web.stack.fake.script({ kind: 'answer', content: validAnimalAnswer({ commonName: 'Eurasian lynx', scientificName: 'Lynx lynx' }) });
    await pickPhoto(owner, jpegFile(await makeJpeg({ seed: seed++ }), 'cat.jpg'));
    await owner.locator('#history-grid').getByRole('button', { name: /Eurasian lynx/ }).click();
    const detail = owner.getByRole('dialog', { name: 'Identification' });
    await detail.getByRole('button', { name: 'Report a wrong identification' }).click();
    const ownerForm = owner.getByRole('dialog', { name: 'Report a wrong identification' });
    await ownerForm.getByLabel('What is wrong?').fill('A house cat: no ear tufts.');
    await ownerForm.getByRole('button', { name: 'Send the report' }).click();
    await owner.getByRole('heading', { name: 'Thank you' }).waitFor();
    // Counted by this test's reasons: other suites' reports share the database.
    expect(await prisma.identificationReport.count({ where: { reason: { in: ["This is our neighbour's dog, a Shiba Inu.", 'A house cat: no ear tufts.'] } } })).toBe(2);
    expect(await owner.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    await owner.goto(`${web.stack.gatewayUrl}/#reports`);
    await owner.getByRole('heading', { name: 'What animal is this?' }).waitFor();
    expect(await owner.locator('#reports-page').isVisible()).toBe(false);
    expect(ownerProblems).toEqual([]);

    // The admin: a Reports link next to the dashboard, the open reports oldest first, each resolved.
    const { page: admin, problems: adminProblems } = await openSignedIn(web, browser, ADMIN, PHONE);
    const link = admin.getByRole('link', { name: 'Reports' });
    expect(await admin.locator('#account a').allTextContents()).toEqual(['Queue dashboard', 'Reports']);
    await link.click();
    await admin.getByRole('heading', { name: 'Reports' }).waitFor();
    const entries = admin.locator('#reports-list > li');
    await eventually(async () => (await entries.count()) === 2, 'two open reports');
    const first = entries.nth(0);
    expect(await first.locator('.report-answer').textContent()).toBe('Answer: Red fox (Vulpes vulpes), 93%.');
    expect(await first.innerText()).toContain("Report: This is our neighbour's dog, a Shiba Inu.");
    expect(await first.innerText()).toContain('Suggested name: Domestic dog');
    // An anonymous upload's photo is deleted once identified; an account's is kept and shown.
    expect(await first.innerText()).toContain('The photo is no longer kept.');
    expect(await entries.nth(1).locator('.report-answer').textContent()).toBe('Answer: Eurasian lynx (Lynx lynx), 93%.');
    await entries.nth(1).getByRole('img', { name: 'The reported photo' }).evaluate((image) => (image as unknown as { decode(): Promise<void> }).decode());
    expect(await fitsViewportWidth(admin)).toBe(true);
    await screenshotBothSizes(admin, 'reports', { fullPage: true });

    await first.getByRole('button', { name: 'Resolve' }).click();
    await eventually(async () => (await entries.count()) === 1, 'one left');
    const resolved = await prisma.identificationReport.findFirstOrThrow({ where: { reason: { startsWith: 'This is our' } } });
    expect(resolved.resolvedBy).toBe(ADMIN);
    await entries.nth(0).getByRole('button', { name: 'Resolve' }).click();
    await admin.getByText('No open reports.').waitFor();
    await admin.reload();
    await admin.getByText('No open reports.').waitFor();
    expect(adminProblems).toEqual([]);
  });
});
