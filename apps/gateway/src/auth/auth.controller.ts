import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { requestIdOf } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { clientAddressOf } from '../rate-limit/client-address';
import { checkInboxPage, confirmSignInPage, invalidLinkPage } from './auth-pages';
import { CurrentUser } from './current-user';
import { MagicLinkService } from './magic-link.service';
import { SessionCookie } from './session-cookie';
import { type SignedInUser, SessionService } from './session.service';

const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((email) => email.toLowerCase());
export const magicLinkRequestSchema = z.object({ email: emailSchema });
export const EMAIL_INVALID = 'Enter a valid email address, like name@example.org.';
/** A token that cannot be one is answered like an unknown one (the invalid-link page), not with a 400. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,128}$/);
type MagicLinkRequest = z.output<typeof magicLinkRequestSchema>;
const emailPipe = new ZodValidationPipe(magicLinkRequestSchema, EMAIL_INVALID);

@Controller()
export class AuthController {
  private readonly homePath: string;

  constructor(
    private readonly magicLinks: MagicLinkService,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const publicUrl = new URL(config.PUBLIC_URL);
    this.homePath = publicUrl.pathname.endsWith('/') ? publicUrl.pathname : `${publicUrl.pathname}/`;
  }

  @Post('api/auth/magic-link')
  @HttpCode(202)
  async requestLink(@Body(emailPipe) body: MagicLinkRequest, @Req() request: Request): Promise<{ ok: true }> {
    await this.magicLinks.request(body.email, clientAddressOf(request), requestIdOf(request));
    return { ok: true };
  }

  /** The "send me a new link" form on the invalid-link page (a plain HTML form post). */
  @Post('auth/magic-link')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async requestLinkFromForm(@Body(emailPipe) body: MagicLinkRequest, @Req() request: Request): Promise<string> {
    await this.magicLinks.request(body.email, clientAddressOf(request), requestIdOf(request));
    return checkInboxPage(this.homePath);
  }

  /** Shows a button instead of signing in: mail scanners that prefetch links must not use the token up. */
  @Get('auth/verify')
  @Header('Cache-Control', 'no-store')
  // same-origin: the token-bearing URL never leaves for another site, and the form post still carries a real Origin
  // (under no-referrer browsers send `Origin: null`, which the CSRF check must refuse).
  @Header('Referrer-Policy', 'same-origin')
  async confirmPage(@Query('token') token: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.magicLinks.limitVerifyAttempts(clientAddressOf(request));
    const parsed = tokenSchema.safeParse(token);
    const state = parsed.success ? await this.magicLinks.check(parsed.data) : { ok: false as const, reason: 'unknown' as const };
    response.type('html');
    if (state.ok) response.send(confirmSignInPage(parsed.data!, this.homePath));
    else response.status(400).send(invalidLinkPage(state.reason, this.homePath));
  }

  @Post('api/auth/verify')
  @Header('Cache-Control', 'no-store')
  async verify(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.magicLinks.limitVerifyAttempts(clientAddressOf(request));
    const parsed = tokenSchema.safeParse((body as { token?: unknown } | undefined)?.token);
    const outcome = parsed.success ? await this.magicLinks.redeem(parsed.data) : { ok: false as const, reason: 'unknown' as const };
    if (!outcome.ok) {
      response.status(400).type('html').send(invalidLinkPage(outcome.reason, this.homePath));
      return;
    }
    // A browser holds one session: whatever it was signed in as before ends (with its sockets) now.
    if (request.user) await this.sessions.end(request.user.sessionId);
    this.cookie.set(response, await this.sessions.start(outcome.userId, request.headers['user-agent']), this.sessions.absoluteLifetimeMs);
    response.redirect(303, this.homePath);
  }

  /** Ends this browser's session; its sockets, on every gateway, are disconnected. */
  @Post('api/auth/logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.user) await this.sessions.end(request.user.sessionId);
    this.cookie.clear(response);
  }

  /** Ends every session of the user (every browser and socket), this one included. */
  @Post('api/auth/logout-everywhere')
  @HttpCode(204)
  async logoutEverywhere(@CurrentUser() user: SignedInUser, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.endAllOf(user.id);
    this.cookie.clear(response);
  }

  @Get('api/me')
  me(@CurrentUser() user: SignedInUser): { id: string; email: string; isAdmin: boolean } {
    return { id: user.id, email: user.email, isAdmin: user.isAdmin };
  }
}
