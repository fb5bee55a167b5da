import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { receiveSignInLink } from './accounts';
import { AppProcess } from './app-process';
import { SmtpTestServer } from './smtp-test-server';
import { type StackOptions, type TestStack, startTestStack } from './test-stack';

/** Debian's Chromium (`.ci/run` installs it); playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

const SCREENSHOT_DIRS = ['test-artifacts/screenshots', 'docs/screenshots'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A fresh browser profile (cookies, localStorage) at desktop size; reduced motion keeps screenshots still. */
export function newProfile(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, reducedMotion: 'reduce', locale: 'en-GB', timezoneId: 'UTC' });
}

/**
 * Collects what must never happen on our pages: uncaught script errors and
 * Content-Security-Policy violations. (Console errors about 4xx answers are expected.)
 */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return problems;
}

/**
 * Saves the current screen at phone and desktop size, into test-artifacts/
 * (git-ignored) and docs/screenshots (for the README). Palette PNGs keep them small.
 */
export async function screenshotBothSizes(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    const png = await page.screenshot({ fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
    const small = await sharp(png).png({ palette: true, quality: 85, compressionLevel: 9, effort: 7 }).toBuffer();
    for (const dir of SCREENSHOT_DIRS) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}-${label}.png`), small);
    }
  }
  await page.setViewportSize(original);
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export async function fitsViewportWidth(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
}

export interface WebStack {
  stack: TestStack;
  smtp: SmtpTestServer;
  mailer: AppProcess;
  stop(): Promise<void>;
}

/** Gateway, identifier worker, mailer worker, fake Together server and a test SMTP server. */
export async function startWebStack(options: WebStackOptions): Promise<WebStack> {
  const smtp = new SmtpTestServer();
  const smtpPort = await smtp.start();
  const stack = await startTestStack({
    ...options,
    gatewayEnv: { SECRET_KEY: options.secretKey, ADMIN_EMAILS: options.adminEmails ?? '', ...options.gatewayEnv },
  });
  const mailer = await AppProcess.start('mailer-worker', {
    ...stack.env,
    SECRET_KEY: options.secretKey,
    MAIL_PORT: String(smtpPort),
    PUBLIC_URL: stack.gatewayUrl,
  });
  return {
    stack,
    smtp,
    mailer,
    async stop() {
      await mailer.stop();
      await stack.stop();
      await smtp.stop();
    },
  };
}

export type WebStackOptions = StackOptions & { secretKey: string; adminEmails?: string };

/**
 * The lifecycle every browser suite shares: a web stack and Chromium started before its tests (handed to
 * `started`), the gateway's last log lines printed when a test fails, both stopped after the tests.
 */
export function useWebStackAndChromium(options: WebStackOptions, started: (running: { web: WebStack; browser: Browser }) => void): void {
  let web: WebStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebStack(options), launchChromium()]);
    started({ web, browser });
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && web) console.log(web.stack.gateway.logs.slice(-4000));
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });
}

/** Picks a photo with the "Choose a photo" button, as a person would. */
export async function pickPhoto(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.getByLabel('Choose a photo').setInputFiles(file);
}

export function jpegFile(buffer: Buffer, name = 'photo.jpg') {
  return { name, mimeType: 'image/jpeg', buffer };
}

/** The whole sign-in as a person does it: the form, the mail, the link, the confirm button. */
export async function signInInBrowser(page: Page, web: WebStack, email: string, onStep?: (step: 'form' | 'sent') => Promise<void>): Promise<void> {
  const mailsBefore = web.smtp.messagesTo(email).length;
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Email address').fill(email);
  await onStep?.('form');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await onStep?.('sent');
  const link = await receiveSignInLink(web.smtp, email, mailsBefore);
  await page.goto(link.toString());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${web.stack.gatewayUrl}/`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Counts full page loads of the main frame: a live update must not need one. */
export function countPageLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

/** One computed CSS property of the element (the test code has no DOM types, hence the string). */
export function computedStyle(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, name) => (globalThis as unknown as BrowserGlobals).getComputedStyle(element).getPropertyValue(name), property);
}

interface BrowserGlobals {
  getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
}

/** A drawn red fox as a JPEG: nicer than noise in the README's screenshots (the fake model answers anyway). */
export function makeFoxPicture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#d7e8c9"/><stop offset="1" stop-color="#7da35f"/></linearGradient></defs>
<rect width="800" height="600" fill="url(#sky)"/><ellipse cx="400" cy="570" rx="460" ry="90" fill="#557a3c"/>
<path d="M540 440q150-10 180-130q20 80-40 130q-60 40-140 30z" fill="#d9661f"/><path d="M700 330q18-10 20-20q5 45-35 70z" fill="#fff"/>
<rect x="420" y="470" width="24" height="80" rx="9" fill="#3b2a1e"/><rect x="520" y="470" width="24" height="80" rx="9" fill="#3b2a1e"/>
<ellipse cx="480" cy="430" rx="125" ry="78" fill="#d9661f"/>
<path d="M300 235L262 105L360 195Z" fill="#3b2a1e"/><path d="M440 195L528 105L490 240Z" fill="#3b2a1e"/>
<path d="M305 232L278 132L352 198Z" fill="#e8772a"/><path d="M448 198L512 132L485 235Z" fill="#e8772a"/>
<path d="M270 230Q395 160 520 230L395 385Z" fill="#e8772a"/>
<path d="M300 262Q345 300 395 385Q420 300 490 262Q440 300 395 330Q350 300 300 262Z" fill="#fff"/>
<ellipse cx="350" cy="262" rx="10" ry="12" fill="#222"/><ellipse cx="440" cy="262" rx="10" ry="12" fill="#222"/><ellipse cx="395" cy="375" rx="15" ry="11" fill="#222"/>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
