import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import './current-user';
import { SessionCookie } from './session-cookie';
import { SessionService } from './session.service';

/** Resolves the session cookie (if any) to `request.user`, once per request. */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    const token = this.cookie.tokenOf(request);
    try {
      if (token) request.user = (await this.sessions.resolve(token)) ?? undefined;
      next();
    } catch (error) {
      next(error);
    }
  }
}
