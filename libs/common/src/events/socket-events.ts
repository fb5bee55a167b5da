import type { BatchEvent } from '../batches/batch-view';
import type { IdentificationView } from '../identifications/identification-view';

/** Server → client events, shared by the gateway, the workers' emitter and the web client. */
export const IDENTIFICATION_EVENT = 'identification';
/** A batch's counts changed: sent to its owner's sockets, at most 2 per second per batch, the last one with the final counts. */
export const BATCH_EVENT = 'batch';

export interface SubscribeRequest {
  id: string;
  accessToken: string;
}

export type SubscribeAck = { ok: true } | { ok: false; error: string };

export interface ServerToClientEvents {
  identification: (view: IdentificationView) => void;
  /** To the owner's session sockets: a batch's counts changed (at most 2 per second per batch). */
  batch: (event: BatchEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
}

/** Every socket of one signed-in user: they get events for all their identifications without subscribing. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Every subscriber of one identification, on whichever gateway instance it is connected. */
export function identificationRoom(identificationId: string): string {
  return `identification:${identificationId}`;
}

/** Every socket opened with one sign-in session, on whichever gateway: ending the session disconnects them. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}
