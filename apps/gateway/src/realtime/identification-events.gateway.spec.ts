import type { HttpAdapterHost } from '@nestjs/core';
import { IDENTIFICATION_EVENT, type IdentificationView, identificationRoom } from '@wildid/common';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../config/gateway-config';
import type { IdentificationService } from '../identifications/identification.service';
import { IdentificationChanges } from '../identifications/identification-changes';
import type { RateLimiter } from '../rate-limit/rate-limiter.service';
import { IdentificationEventsGateway } from './identification-events.gateway';
import type { SessionSockets } from './session-sockets';

const ID_A = '0b7c6f4e-7a39-4a38-9a7e-3f1f3e1f2a10';
const ID_B = '1b7c6f4e-7a39-4a38-9a7e-3f1f3e1f2a11';
const queued = (id: string): IdentificationView => ({ id, status: 'queued', createdAt: '2026-12-05T12:00:00.000Z' });

function makeSocket() {
  const rooms = new Set<string>(['socket-id']);
  return {
    rooms,
    request: { headers: {}, socket: { remoteAddress: '127.0.0.1' } },
    join: vi.fn((room: string) => void rooms.add(room)),
    leave: vi.fn((room: string) => void rooms.delete(room)),
    emit: vi.fn(),
  };
}

/** Reads that wait until the test lets them answer. */
function makeSut(maxSubscriptions = 100) {
  const pending: Array<{ id: string; answer: (view: IdentificationView | null) => void }> = [];
  const identifications = {
    findView: vi.fn((id: string) => new Promise<IdentificationView | null>((answer) => pending.push({ id, answer }))),
    unfinishedAmong: vi.fn(async (ids: string[]) => ids),
  };
  const limiter = { take: vi.fn(async () => ({ allowed: true, retryAfterSeconds: 0 })) };
  const adapterHost = { httpAdapter: { getInstance: () => ({ get: () => () => false }) } };
  const config = { SOCKET_MAX_SUBSCRIPTIONS: maxSubscriptions, RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: 0, RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE: 0 } as GatewayConfig;
  const sut = new IdentificationEventsGateway(
    identifications as unknown as IdentificationService,
    {} as SessionSockets,
    limiter as unknown as RateLimiter,
    adapterHost as unknown as HttpAdapterHost,
    new IdentificationChanges(),
    config,
  );
  /** Answers every read asked for so far, as the identification's current state. */
  const answerReads = () => pending.splice(0).forEach(({ id, answer }) => answer(queued(id)));
  return { sut, identifications, answerReads };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe(IdentificationEventsGateway.name, () => {
  describe('subscribe', () => {
    it("runs one socket's requests concurrently: the second read starts before the first answers", async () => {
      const { sut, identifications, answerReads } = makeSut();
      const socket = makeSocket();
      const acks = { a: vi.fn(), b: vi.fn() };

      const a = sut.subscribe(socket as never, { id: ID_A, accessToken: 't' }, acks.a);
      const b = sut.subscribe(socket as never, { id: ID_B, accessToken: 't' }, acks.b);
      await until(() => identifications.findView.mock.calls.length === 2);
      expect(identifications.findView.mock.calls.map(([id]) => id)).toEqual([ID_A, ID_B]);
      while (identifications.findView.mock.calls.length < 4 || acks.a.mock.calls.length + acks.b.mock.calls.length < 2) {
        answerReads();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all([a, b]);

      expect(acks.a).toHaveBeenCalledWith({ ok: true });
      expect(acks.b).toHaveBeenCalledWith({ ok: true });
      expect(socket.rooms).toEqual(new Set(['socket-id', identificationRoom(ID_A), identificationRoom(ID_B)]));
      expect(socket.emit).toHaveBeenCalledWith(IDENTIFICATION_EVENT, queued(ID_A));
    });

    it('still holds the cap when concurrent requests race for the last place', async () => {
      const { sut, answerReads } = makeSut(1);
      const socket = makeSocket();
      const acks = { a: vi.fn(), b: vi.fn() };

      const both = Promise.all([
        sut.subscribe(socket as never, { id: ID_A, accessToken: 't' }, acks.a),
        sut.subscribe(socket as never, { id: ID_B, accessToken: 't' }, acks.b),
      ]);
      while (acks.a.mock.calls.length + acks.b.mock.calls.length < 2) {
        answerReads();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await both;

      const answers = [...acks.a.mock.calls, ...acks.b.mock.calls].map(([answer]) => answer as { ok: boolean });
      expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
      expect(answers.filter((answer) => !answer.ok)).toEqual([{ ok: false, error: 'at most 1 unfinished subscriptions per connection' }]);
      expect([...socket.rooms].filter((room) => room.startsWith('identification:'))).toHaveLength(1);
    });
  });
});
