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
import { IdentificationService } from '../identifications/identification.service';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { type RateLimit, RateLimiter } from '../rate-limit/rate-limiter.service';
import { SessionSockets } from './session-sockets';
import { socketClientKey } from './socket-client-address';

/** Subscribe requests one socket may have waiting; a client floods past this, a person never does. */
const MAX_QUEUED_SUBSCRIBES = 100;

const subscribeRequestSchema = z.object({ id: z.string().max(64), accessToken: z.string().max(128) });

type IdentificationSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Reply = (response: SubscribeAck) => void;

/** Subscribe requests of one socket run one at a time, so the cap check and the join cannot interleave. */
interface SubscribeQueue {
  tail: Promise<void>;
  waiting: number;
}

const IDENTIFICATION_ROOM_PREFIX = identificationRoom('');

@WebSocketGateway()
export class IdentificationEventsGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(IdentificationEventsGateway.name);
  private readonly maxSubscriptions: number;
  private readonly queues = new WeakMap<IdentificationSocket, SubscribeQueue>();
  private readonly connectionRule: RateLimit;
  private readonly subscribeRule: RateLimit;

  constructor(
    private readonly identifications: IdentificationService,
    private readonly sessionSockets: SessionSockets,
    private readonly rateLimiter: RateLimiter,
    private readonly adapterHost: HttpAdapterHost,
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

  /** Queues the request behind the socket's earlier ones (see subscribeNow); a flood is refused at once. */
  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: IdentificationSocket, @MessageBody() body: unknown, @Ack() ack?: Reply): Promise<void> {
    // A client may emit without an acknowledgement callback; it then gets no answer.
    const reply: Reply = typeof ack === 'function' ? ack : () => undefined;
    const queue = this.queueOf(socket);
    if (queue.waiting >= MAX_QUEUED_SUBSCRIBES) {
      reply({ ok: false, error: 'too many subscribe requests at once; wait for their acknowledgements' });
      return Promise.resolve();
    }
    queue.waiting++;
    const run = queue.tail.then(() => this.subscribeNow(socket, body, reply)).finally(() => queue.waiting--);
    queue.tail = run.catch(() => undefined);
    return run;
  }

  private queueOf(socket: IdentificationSocket): SubscribeQueue {
    let queue = this.queues.get(socket);
    if (!queue) {
      queue = { tail: Promise.resolve(), waiting: 0 };
      this.queues.set(socket, queue);
    }
    return queue;
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

  /** Joins the identification's room, then sends its current state so nothing that already happened is missed. */
  private async subscribeNow(socket: IdentificationSocket, body: unknown, ack: Reply): Promise<void> {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return ack({ ok: false, error: 'subscribe needs { id, accessToken }' });
    const { id, accessToken } = request.data;
    const room = identificationRoom(id);
    try {
      const refusal = await this.limitFor(socket, this.subscribeRule);
      if (refusal) return ack({ ok: false, error: refusal.message });
      if (!socket.rooms.has(room) && subscribedIds(socket).length >= this.maxSubscriptions) {
        await this.leaveFinished(socket);
        if (subscribedIds(socket).length >= this.maxSubscriptions) {
          return ack({ ok: false, error: `at most ${this.maxSubscriptions} unfinished subscriptions per connection` });
        }
      }
      const before = await this.identifications.findView(id, { accessToken });
      if (!before) return ack({ ok: false, error: 'not found' });
      // A finished identification changes no more: its state is all there is, no room needed.
      if (isFinished(before)) return sendState(socket, ack, before);
      await socket.join(room);
      // Read again after joining: a change between the first read and the join is then either in this read or pushed to the room.
      const current = await this.identifications.findView(id, { accessToken });
      if (current) sendState(socket, ack, current);
      else ack({ ok: true });
    } catch (error) {
      this.logger.warn(`subscribe failed: ${(error as Error).message}`);
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
