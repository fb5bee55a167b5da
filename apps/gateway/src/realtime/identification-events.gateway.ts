import { Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  IDENTIFICATION_EVENT,
  type ClientToServerEvents,
  type IdentificationView,
  type ServerToClientEvents,
  type SubscribeAck,
  identificationRoom,
  isFinished,
  sessionRoom,
  userRoom,
} from '@wildid/common';
import type { Express } from 'express';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { IdentificationChanges } from '../identifications/identification-changes';
import { IdentificationService } from '../identifications/identification.service';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { type RateLimit, RateLimiter } from '../rate-limit/rate-limiter.service';
import { SessionSockets } from './session-sockets';
import { socketClientKey } from './socket-client-address';

/** Subscribe requests one socket may have in flight; a client floods past this, a person never does. */
const MAX_SUBSCRIBES_IN_FLIGHT = 100;

const subscribeRequestSchema = z.object({ id: z.string().max(64), accessToken: z.string().max(128) });

type IdentificationSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Reply = (response: SubscribeAck) => void;

const IDENTIFICATION_ROOM_PREFIX = identificationRoom('');

@WebSocketGateway()
export class IdentificationEventsGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(IdentificationEventsGateway.name);
  private readonly maxSubscriptions: number;
  /** Subscribe requests in flight per socket. */
  private readonly inFlight = new WeakMap<IdentificationSocket, number>();
  private readonly connectionRule: RateLimit;
  private readonly subscribeRule: RateLimit;

  constructor(
    private readonly identifications: IdentificationService,
    private readonly sessionSockets: SessionSockets,
    private readonly rateLimiter: RateLimiter,
    private readonly adapterHost: HttpAdapterHost,
    private readonly changes: IdentificationChanges,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxSubscriptions = config.SOCKET_MAX_SUBSCRIPTIONS;
    const perMinute = (name: string, what: string, limit: number): RateLimit => ({ name, what, limit, windowSeconds: 60 });
    this.connectionRule = perMinute('socket-connections', 'connections from your network', config.RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE);
    this.subscribeRule = perMinute('socket-subscribes', 'subscribe requests from your network', config.RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE);
  }

  /** Connections per client IP first (a refused client gets connect_error with the message and `data.retryAfterSeconds`), then the session. */
  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.limitFor(socket, this.connectionRule).then(
        (refusal) => next(refusal ? Object.assign(new Error(refusal.message), { data: { retryAfterSeconds: refusal.retryAfterSeconds } }) : undefined),
        () => next(new Error('temporarily unavailable, try again')),
      );
    });
    this.sessionSockets.attach(server);
    // Through the Redis adapter: the owner's sockets on every gateway get it.
    this.changes.onChanged((ownerId, view) => server.to(userRoom(ownerId)).emit(IDENTIFICATION_EVENT, view));
  }

  /** undefined if `rule` lets one more hit from the socket's client through; else the refusal. */
  private async limitFor(socket: Socket, rule: RateLimit): Promise<RateLimitedException | undefined> {
    const client = socketClientKey(socket.request, this.adapterHost.httpAdapter.getInstance<Express>());
    const decision = await this.rateLimiter.take(rule, client);
    return decision.allowed ? undefined : new RateLimitedException(decision.retryAfterSeconds, rule.what);
  }

  /**
   * A socket whose handshake carried a valid session (resolved by SessionSockets
   * before the connection was accepted) joins its user's room (every event of
   * theirs reaches it) and its session's room (closed when the session ends).
   * Synchronous, so the rooms are joined before the client hears it is connected.
   */
  handleConnection(socket: IdentificationSocket): void {
    const user = this.sessionSockets.userOf(socket);
    if (user) void socket.join([userRoom(user.id), sessionRoom(user.sessionId)]);
  }

  /** A socket's requests run concurrently (see subscribeNow for why the cap still holds); a flood is refused at once. */
  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: IdentificationSocket, @MessageBody() body: unknown, @Ack() ack?: Reply): Promise<void> {
    // A client may emit without an acknowledgement callback; it then gets no answer.
    const reply: Reply = typeof ack === 'function' ? ack : () => undefined;
    const inFlight = this.inFlight.get(socket) ?? 0;
    if (inFlight >= MAX_SUBSCRIBES_IN_FLIGHT) return reply({ ok: false, error: 'too many subscribe requests at once; wait for their acknowledgements' });
    this.inFlight.set(socket, inFlight + 1);
    try {
      await this.subscribeNow(socket, body, reply);
    } finally {
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 1) - 1);
    }
  }

  /** Joins the room unless the socket is at its cap; synchronous, so no other request runs between check and join. */
  private joinUnderCap(socket: IdentificationSocket, id: string): boolean {
    const room = identificationRoom(id);
    if (!socket.rooms.has(room) && subscribedIds(socket).length >= this.maxSubscriptions) return false;
    void socket.join(room);
    return true;
  }

  /**
   * Nothing more is pushed for a finished (or deleted) identification, so its
   * room only counts against the cap: a long-lived tab that identified many
   * photos frees those places instead of being refused.
   */
  private async leaveFinished(socket: IdentificationSocket): Promise<void> {
    const subscribed = subscribedIds(socket);
    const unfinished = new Set(await this.identifications.unfinishedAmong(subscribed));
    for (const id of subscribed) if (!unfinished.has(id)) await socket.leave(identificationRoom(id));
  }

  /**
   * Joins the identification's room, then sends its current state so nothing that already happened is missed.
   * Requests of one socket run concurrently: the cap check and the join happen in one synchronous step
   * (socket.join updates socket.rooms at once), so two requests cannot both take the last place.
   */
  private async subscribeNow(socket: IdentificationSocket, body: unknown, ack: Reply): Promise<void> {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return ack({ ok: false, error: 'subscribe needs { id, accessToken }' });
    const { id, accessToken } = request.data;
    try {
      const refusal = await this.limitFor(socket, this.subscribeRule);
      if (refusal) return ack({ ok: false, error: refusal.message });
      const before = await this.identifications.findView(id, { accessToken });
      if (!before) return ack({ ok: false, error: 'not found' });
      // A finished identification changes no more: its state is all there is, no room needed.
      if (isFinished(before)) return sendState(socket, ack, before);
      if (!this.joinUnderCap(socket, id)) {
        await this.leaveFinished(socket);
        if (!this.joinUnderCap(socket, id)) return ack({ ok: false, error: `at most ${this.maxSubscriptions} unfinished subscriptions per connection` });
      }
      // Read again after joining: a change between the first read and the join is then either in this read or pushed to the room.
      const current = await this.identifications.findView(id, { accessToken });
      if (current) sendState(socket, ack, current);
      else ack({ ok: true });
    } catch (error) {
      this.logger.warn({ msg: 'subscribe failed', identificationId: id, error: (error as Error).message });
      ack({ ok: false, error: 'temporarily unavailable, try again' });
    }
  }
}

/** The acknowledgement first, so a client sees its subscribe confirmed before the state arrives. */
function sendState(socket: IdentificationSocket, ack: Reply, view: IdentificationView): void {
  ack({ ok: true });
  socket.emit(IDENTIFICATION_EVENT, view);
}

/** Identification ids of the rooms a socket is in. */
function subscribedIds(socket: IdentificationSocket): string[] {
  return [...socket.rooms].filter((room) => room.startsWith(IDENTIFICATION_ROOM_PREFIX)).map((room) => room.slice(IDENTIFICATION_ROOM_PREFIX.length));
}
