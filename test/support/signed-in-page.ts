import type { Browser as Chromium, Page } from 'playwright-core';
import { type Browser as SignedInClient, signIn } from './accounts';
import { DESKTOP, type WebStack, newProfile, watchForProblems } from './browser';

export interface SignedInPage {
  page: Page;
  /** Uncaught errors and CSP violations seen on the page (must stay empty). */
  problems: string[];
  /** The same session for API calls from the test. */
  client: SignedInClient;
}

/** A page of the app already signed in as `email` (signed in over HTTP, the cookie handed to a fresh profile): quicker than the form. */
export async function openSignedIn(web: WebStack, chromium: Chromium, email: string, viewport = DESKTOP): Promise<SignedInPage> {
  const client = await signIn(web.stack.gatewayUrl, web.smtp, email);
  const context = await newProfile(chromium, viewport);
  await context.addCookies([{ name: 'wildid_session', value: client.cookie.split('=')[1]!, url: web.stack.gatewayUrl }]);
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(web.stack.gatewayUrl);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { page, problems, client };
}
