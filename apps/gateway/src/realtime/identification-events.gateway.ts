import { Logger } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  IDENTIFICATION_EVENT,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  identificationRoom,
} from '@wildid/common';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { IdentificationService } from '../identifications/identification.service';

/** One socket may follow this many identifications; more is abuse, not a person. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

const subscribeRequestSchema = z.object({ id: z.string().max(64), accessToken: z.string().max(128) });

type IdentificationSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

@WebSocketGateway()
export class IdentificationEventsGateway {
  private readonly logger = new Logger(IdentificationEventsGateway.name);

  constructor(private readonly identifications: IdentificationService) {}

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
      if (!(await this.identifications.findView(id, accessToken))) return ack({ ok: false, error: 'not found' });
      await socket.join(room);
      // Read again after joining: a change between the first read and the join is then either in this read or pushed to the room.
      const current = await this.identifications.findView(id, accessToken);
      ack({ ok: true });
      if (current) socket.emit(IDENTIFICATION_EVENT, current);
    } catch (error) {
      this.logger.warn(`subscribe failed: ${(error as Error).message}`);
      ack({ ok: false, error: 'temporarily unavailable, try again' });
    }
  }
}
