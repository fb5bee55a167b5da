import { Controller, Delete, Get, HttpCode, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser } from './current-user';
import { SessionCookie } from './session-cookie';
import { type SessionSummary, type SignedInUser, SessionService } from './session.service';

/** A session id is the sha256 (hex) of its token. */
const SESSION_ID = /^[0-9a-f]{64}$/;

/** The signed-in user's own sessions: list them, end one. */
@Controller('api/me/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get()
  async list(@CurrentUser() user: SignedInUser): Promise<{ sessions: SessionSummary[] }> {
    return { sessions: await this.sessions.list(user.id, user.sessionId) };
  }

  /** Another user's session answers like one that does not exist. */
  @Delete(':id')
  @HttpCode(204)
  async end(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (!SESSION_ID.test(id) || !(await this.sessions.endOwn(user.id, id))) {
      throw new NotFoundException('No such session of yours is active.');
    }
    if (id === user.sessionId) this.cookie.clear(response);
  }
}
