import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { sessionRoom } from '@wildid/common';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';
import type { Server, Socket } from 'socket.io';
import { SessionCookie } from '../auth/session-cookie';
import { SessionEvents } from '../auth/session-events';
import { type SignedInUser, SessionService } from '../auth/session.service';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { COOKIE_SECRET } from '../http/cookie-secret';

const SESSION_ROOM_PREFIX = sessionRoom('');

interface SocketData {
  user?: SignedInUser;
}

/**
 * Which session a socket belongs to, and sockets live as long as it. An ended session's room is
 * disconnected through the Redis adapter, so sockets on every gateway close.
 * A periodic sweep of this gateway's own session rooms catches what no one
 * announced: sessions that expired (idle or absolute), and an announcement
 * lost to a crash between the row's update and the broadcast.
 */
@Injectable()
export class SessionSockets implements OnApplicationShutdown {
  private readonly logger = new Logger(SessionSockets.name);
  private server?: Server;
  private sweepTimer?: NodeJS.Timeout;
  private stopListening?: () => void;
  private readonly parseCookies: ReturnType<typeof cookieParser>;

  constructor(
    private readonly sessions: SessionService,
    private readonly events: SessionEvents,
    private readonly cookie: SessionCookie,
    @Inject(COOKIE_SECRET) cookieSecret: string,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.parseCookies = cookieParser(cookieSecret);
  }

  /** Called once the socket.io server exists. */
  attach(server: Server): void {
    this.server = server;
    // Middleware runs before the connection is accepted: by the time the client is connected, its session is known.
    server.use((socket, next) => void this.authenticate(socket).finally(() => next()));
    this.stopListening = this.events.onEnded((ids) => this.disconnect(ids, server));
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.SESSION_SOCKET_CHECK_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
    this.stopListening?.();
  }

  /** The signed-in user of a socket whose handshake carried a valid session cookie. */
  userOf(socket: Socket): SignedInUser | undefined {
    return (socket.data as SocketData).user;
  }

  private async authenticate(socket: Socket): Promise<void> {
    const request = socket.request as unknown as Request;
    await new Promise<void>((resolve) => this.parseCookies(request, {} as never, () => resolve()));
    const token = this.cookie.tokenOf(request);
    if (!token) return;
    try {
      const user = await this.sessions.resolve(token);
      if (user) (socket.data as SocketData).user = user;
    } catch (error) {
      // Anonymous then: the socket still works for subscriptions by access token.
      this.logger.warn({ msg: 'could not resolve the session of a socket', error: (error as Error).message });
    }
  }

  private disconnect(sessionIds: string[], server: Server): void {
    server.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
  }

  /** This gateway's session rooms whose session no longer works are closed here (other gateways sweep their own). */
  private async sweep(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const ids = [...server.of('/').adapter.rooms.keys()].filter((room) => room.startsWith(SESSION_ROOM_PREFIX)).map((room) => room.slice(SESSION_ROOM_PREFIX.length));
    if (ids.length === 0) return;
    try {
      const active = await this.sessions.activeAmong(ids);
      const gone = ids.filter((id) => !active.has(id));
      if (gone.length > 0) server.local.in(gone.map(sessionRoom)).disconnectSockets(true);
    } catch (error) {
      this.logger.warn({ msg: 'session socket sweep failed, will retry', error: (error as Error).message });
    }
  }
}
