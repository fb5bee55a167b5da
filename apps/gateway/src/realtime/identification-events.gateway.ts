import { Inject, Logger } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  IDENTIFICATION_EVENT,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  identificationRoom,
  userRoom,
} from '@wildid/common';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { sessionTokenOf } from '../auth/session-cookie';
import { SessionService } from '../auth/session.service';
import { IdentificationService } from '../identifications/identification.service';
import { COOKIE_SECRET } from '../http/cookie-secret';

/** One socket may follow this many identifications; more is abuse, not a person. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

const subscribeRequestSchema = z.object({ id: z.string().max(64), accessToken: z.string().max(128) });

type IdentificationSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

@WebSocketGateway()
export class IdentificationEventsGateway implements OnGatewayConnection {
  private readonly logger = new Logger(IdentificationEventsGateway.name);
  private readonly parseCookies: ReturnType<typeof cookieParser>;

  constructor(
    private readonly identifications: IdentificationService,
    private readonly sessions: SessionService,
    @Inject(COOKIE_SECRET) cookieSecret: string,
  ) {
    this.parseCookies = cookieParser(cookieSecret);
  }

  /** A socket with a valid session cookie joins its user's room: every event of theirs reaches it. */
  async handleConnection(socket: IdentificationSocket): Promise<void> {
    const request = socket.request as unknown as Request;
    await new Promise<void>((resolve) => this.parseCookies(request, {} as never, () => resolve()));
    const token = sessionTokenOf(request);
    if (!token) return;
    try {
      const user = await this.sessions.resolve(token);
      if (user) await socket.join(userRoom(user.id));
    } catch (error) {
      this.logger.warn(`could not resolve the session of a socket: ${(error as Error).message}`);
    }
  }

  /** Joins the identification's room, then sends its current state so nothing that already happened is missed. */
  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: IdentificationSocket,
    @MessageBody() body: unknown,
    @Ack() ack: (response: SubscribeAck) => void,
  ): Promise<void> {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return ack({ ok: false, error: 'subscribe needs { id, accessToken }' });
    const { id, accessToken } = request.data;
    const room = identificationRoom(id);
    if (!socket.rooms.has(room) && socket.rooms.size > MAX_SUBSCRIPTIONS_PER_SOCKET) {
      return ack({ ok: false, error: `at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection` });
    }
    try {
      if (!(await this.identifications.findView(id, { accessToken }))) return ack({ ok: false, error: 'not found' });
      await socket.join(room);
      // Read again after joining: a change between the first read and the join is then either in this read or pushed to the room.
      const current = await this.identifications.findView(id, { accessToken });
      ack({ ok: true });
      if (current) socket.emit(IDENTIFICATION_EVENT, current);
    } catch (error) {
      this.logger.warn(`subscribe failed: ${(error as Error).message}`);
      ack({ ok: false, error: 'temporarily unavailable, try again' });
    }
  }
}
