import { expect } from 'vitest';
import { type Browser, asBrowser, signIn } from './accounts';
import type { CreatedBody } from './api-client';
import { AppProcess } from './app-process';
import { makeJpeg } from './images';
import { SmtpTestServer } from './smtp-test-server';
import { type StackOptions, type TestStack, startTestStack } from './test-stack';

export interface SignedInStackOptions extends StackOptions {
  secretKey: string;
  mailerEnv?: Record<string, string>;
}

/** A gateway and workers plus a mailer and an SMTP server: everything a signed-in browser needs. */
export interface SignedInStack {
  stack: TestStack;
  mailer: AppProcess;
  smtp: SmtpTestServer;
  url(path: string): string;
  /** Signs in through the mailed link, as a person would. */
  signIn(email: string, headers?: Record<string, string>): Promise<Browser>;
  stop(): Promise<void>;
}

export async function startSignedInStack(options: SignedInStackOptions): Promise<SignedInStack> {
  const smtp = new SmtpTestServer();
  const smtpPort = await smtp.start();
  const { secretKey, mailerEnv, ...stackOptions } = options;
  const stack = await startTestStack({ ...stackOptions, gatewayEnv: { SECRET_KEY: secretKey, ...options.gatewayEnv } });
  const mailer = await AppProcess.start('mailer-worker', {
    ...stack.env,
    SECRET_KEY: secretKey,
    MAIL_PORT: String(smtpPort),
    PUBLIC_URL: stack.gatewayUrl,
    ...mailerEnv,
  });
  return {
    stack,
    mailer,
    smtp,
    url: (path) => `${stack.gatewayUrl}${path}`,
    signIn: (email, headers) => signIn(stack.gatewayUrl, smtp, email, headers),
    async stop() {
      await mailer.stop();
      await stack.stop();
      await smtp.stop();
    },
  };
}

// Each upload is a different photo: byte-identical ones would reuse an earlier result.
let nextSeed = 70_000 + (process.pid % 1_000) * 100;

/** Uploads a small, new photo as this browser (anonymous without one); the status and body as answered. */
export async function upload(baseUrl: string, browser?: Browser, headers: Record<string, string> = {}): Promise<{ status: number; body: CreatedBody }> {
  const form = new FormData();
  form.append('image', new Blob([await makeJpeg({ seed: nextSeed++, width: 64, height: 48 })], { type: 'image/jpeg' }), 'photo.jpg');
  const response = await fetch(`${baseUrl}/api/identifications`, { method: 'POST', body: form, headers: { ...(browser ? asBrowser(browser) : {}), ...headers } });
  return { status: response.status, body: (await response.json()) as CreatedBody };
}

/** The same, expecting it accepted. */
export async function uploadAs(baseUrl: string, browser?: Browser): Promise<CreatedBody> {
  const response = await upload(baseUrl, browser);
  expect(response.status).toBe(202);
  return response.body;
}
