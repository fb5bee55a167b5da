import type { z } from 'zod';

/**
 * Development only: a gateway and a mailer started without SECRET_KEY on one
 * machine still agree. Anything reachable from elsewhere refuses to start with
 * it (requireSafeSecretKey), since everyone can read it here.
 */
const DEVELOPMENT_SECRET_KEY = 'wildid-development-secret-not-for-production';
const MIN_SECRET_KEY_LENGTH = 32;

/** Where `npm run dev` serves; the default PUBLIC_URL outside production. */
export const DEVELOPMENT_PUBLIC_URL = 'http://localhost:3000';

type WithSecret = { NODE_ENV: string; SECRET_KEY?: string; PUBLIC_URL?: string };

export function secretKeyOf(env: Pick<WithSecret, 'SECRET_KEY'>): string {
  return env.SECRET_KEY ?? DEVELOPMENT_SECRET_KEY;
}

/** localhost, *.localhost, 127.0.0.0/8 or ::1: only this machine can reach it. */
export function isLocalhostUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/**
 * The development key (or none) is refused whenever the process may face
 * other people: in production, and whenever PUBLIC_URL is not a localhost
 * address (a "development" setup published on a network).
 */
export function requireSafeSecretKey(env: WithSecret, ctx: z.RefinementCtx): void {
  const exposure =
    env.NODE_ENV === 'production'
      ? 'NODE_ENV=production'
      : env.PUBLIC_URL && !isLocalhostUrl(env.PUBLIC_URL)
        ? `PUBLIC_URL (${new URL(env.PUBLIC_URL).origin}) is not a localhost address`
        : undefined;
  if (!exposure) return;
  const key = env.SECRET_KEY;
  const problem = !key
    ? 'is missing'
    : key === DEVELOPMENT_SECRET_KEY
      ? 'is the development fallback'
      : key.length < MIN_SECRET_KEY_LENGTH
        ? `is shorter than ${MIN_SECRET_KEY_LENGTH} characters`
        : undefined;
  if (!problem) return;
  ctx.addIssue({
    code: 'custom',
    path: ['SECRET_KEY'],
    message: `${problem}, and ${exposure}: set SECRET_KEY to at least ${MIN_SECRET_KEY_LENGTH} random characters (e.g. \`openssl rand -hex 32\`), the same for every WildID process`,
  });
}

/** In production, links and the origin check must name the real address: no localhost default. */
export function requirePublicUrlInProduction(env: { NODE_ENV: string; PUBLIC_URL?: string }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production' || env.PUBLIC_URL) return;
  ctx.addIssue({
    code: 'custom',
    path: ['PUBLIC_URL'],
    message: 'is required when NODE_ENV=production: set it to the address people reach WildID at, e.g. https://wildid.example.org',
  });
}

/** After the checks: outside production an unset PUBLIC_URL means `npm run dev`'s address. */
export function withDefaultPublicUrl<T extends { PUBLIC_URL?: string }>(env: T): T & { PUBLIC_URL: string } {
  return { ...env, PUBLIC_URL: env.PUBLIC_URL ?? DEVELOPMENT_PUBLIC_URL };
}
