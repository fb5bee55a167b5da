import type { IdentificationView } from '@wildid/common';
import { type Socket, io } from 'socket.io-client';

export interface Followed {
  id: string;
  accessToken: string;
  /** Every `identification` event received for it, in order. */
  events: IdentificationView[];
  /** When its first final (completed or failed) event arrived. */
  finishedAt?: number;
  /** Its final event came over a connection made after a drop. */
  finishedAfterReconnect: boolean;
}

const isFinal = (view: IdentificationView) => view.status === 'completed' || view.status === 'failed';

/**
 * A socket.io client that follows identifications the way the web app does
 * (apps/gateway/src/web/live/live-updates.ts): after every (re)connection it
 * subscribes again to each unfinished one, and the gateway answers with the
 * current state, so a result that came while it was away is not lost.
 */
export class Follower {
  readonly followed = new Map<string, Followed>();
  readonly disconnectReasons: string[] = [];
  private connects = 0;
  private readonly socket: Socket;

  /** Every failed connection attempt's message (a polling "Session ID unknown" 400 lands here or in disconnectReasons). */
  readonly connectErrors: string[] = [];

  /**
   * `polling`: long-polling only, as a browser without WebSockets; the cookie
   * jar (withCredentials) keeps the proxy's sticky cookie, as a browser does.
   */
  constructor(baseUrl: string, readonly transport: 'websocket' | 'polling' = 'websocket') {
    this.socket = io(baseUrl, { transports: [transport], withCredentials: true, reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
    this.socket.on('connect_error', (error) => this.connectErrors.push(error.message));
    this.socket.on('connect', () => {
      this.connects += 1;
      for (const item of this.followed.values()) if (!item.finishedAt) this.subscribe(item);
    });
    this.socket.on('disconnect', (reason, details) => {
      const description = details && 'description' in details ? ` (${String(details.description)})` : '';
      this.disconnectReasons.push(`${reason}${description}`);
      // The server's own disconnect is not retried by socket.io; a person's browser would be reloaded or reconnect.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('identification', (view: IdentificationView) => this.receive(view));
  }

  get reconnects(): number {
    return Math.max(0, this.connects - 1);
  }

  async connected(timeoutMs = 15_000): Promise<void> {
    if (this.socket.connected) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not connect')), timeoutMs);
      this.socket.once('connect', () => (clearTimeout(timer), resolve()));
    });
  }

  follow(created: { id: string; accessToken: string }): Followed {
    const item: Followed = { ...created, events: [], finishedAfterReconnect: false };
    this.followed.set(created.id, item);
    if (this.socket.connected) this.subscribe(item);
    return item;
  }

  close(): void {
    this.socket.close();
  }

  private subscribe(item: Followed): void {
    // A refused or timed-out subscribe is retried on the next connection; the test's final checks catch any loss.
    this.socket.timeout(5_000).emit('subscribe', { id: item.id, accessToken: item.accessToken }, () => undefined);
  }

  private receive(view: IdentificationView): void {
    const item = this.followed.get(view.id);
    if (!item) return;
    item.events.push(view);
    if (isFinal(view) && !item.finishedAt) {
      item.finishedAt = Date.now();
      item.finishedAfterReconnect = this.reconnects > 0;
    }
  }
}
