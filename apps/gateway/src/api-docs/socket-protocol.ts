import { BATCH_EVENT, IDENTIFICATION_EVENT } from '@wildid/common';

/**
 * The socket.io protocol, which OpenAPI cannot express: published as the
 * document's `x-socket-io` extension and on /api/docs. The types live in
 * libs/common/src/events/socket-events.ts.
 */
export const SOCKET_PROTOCOL = {
  path: '/socket.io/',
  transports: ['websocket', 'polling'],
  handshake:
    "Same origin as PUBLIC_URL (or none). With the session cookie, the socket receives the events of all the user's identifications without subscribing, and is disconnected when that session ends or expires. Over RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE per client IP: connect_error with data.retryAfterSeconds.",
  clientToServer: [
    {
      event: 'subscribe',
      payload: '{ id: string, accessToken: string }',
      acknowledgement: '{ ok: true } | { ok: false, error: string }',
      description:
        'Follow one identification. Right after the acknowledgement the current state arrives as an identification event. Refused beyond SOCKET_MAX_SUBSCRIPTIONS per socket and RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE per client IP.',
    },
  ],
  serverToClient: [
    {
      event: IDENTIFICATION_EVENT,
      payload: '#/components/schemas/Identification',
      description:
        'At every status change (and partial names while processing), the same body as GET /api/identifications/{id}; the state sent on subscribe to a queued one carries its queue place (queue: { ahead, etaSeconds }). A review or its undoing is pushed to the owner\'s session sockets the same way.',
    },
    {
      event: BATCH_EVENT,
      payload: '{ id: string, counts: #/components/schemas/BatchCounts, eta?: { seconds: number } }',
      description:
        "To the sockets of the batch owner's sessions (with the session cookie), when photos of one of their batches start or finish: at most 2 per second per batch, the last one always with the final counts. Re-read GET /api/batches/{id} after (re)connecting.",
    },
  ],
  limits: 'Messages up to 16 KiB.',
} as const;
