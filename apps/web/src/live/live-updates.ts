import type { BatchEvent } from '@wildid/common/batches/batch-view';
import type { ClientToServerEvents, ServerToClientEvents } from '@wildid/common/events/socket-events';
import { type IdentificationView, isFinished } from '@wildid/common/identifications/identification-view';
import { type Socket, io } from 'socket.io-client';
import { ApiError } from '../api/http';
import { getIdentification } from '../api/identifications';

/** live: socket connected; offline: it is not, and followed identifications are polled over HTTP. */
export type ConnectionState = 'live' | 'offline';

const POLL_INTERVAL_MS = 2_500;
const SUBSCRIBE_TIMEOUT_MS = 5_000;

/**
 * Status changes of identifications, pushed over socket.io. A result must
 * never be lost: after every (re)connection each followed identification is
 * subscribed again (the server then sends its current state), and whenever
 * the socket is down, including when websockets are blocked outright, they
 * are polled over HTTP until they end.
 */
export class LiveUpdates {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Unfinished identifications being followed → their access token (none: the owner's cookie is enough). */
  private readonly followed = new Map<string, string | undefined>();
  private readonly ended = new Set<string>();
  private readonly viewListeners = new Set<(view: IdentificationView) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly batchListeners = new Set<(event: BatchEvent) => void>();
  private pollTimer: number | undefined;
  state: ConnectionState = 'offline';

  constructor() {
    this.socket = io({ path: new URL('socket.io/', document.baseURI).pathname });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('disconnect', () => this.setState('offline'));
    this.socket.on('connect_error', () => this.setState('offline'));
    this.socket.on('identification', (view) => this.deliver(view));
    this.socket.on('batch', (event) => this.batchListeners.forEach((listener) => listener(event)));
    // The browser knows a network is gone long before a socket ping times out.
    window.addEventListener('offline', () => this.socket.disconnect());
    window.addEventListener('online', () => this.socket.connect());
    // Phones suspend background tabs; catch up when the page is looked at again.
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.catchUp());
  }

  onView(listener: (view: IdentificationView) => void): void {
    this.viewListeners.add(listener);
  }

  /** A batch's counts changed (the owner's sockets only). */
  onBatch(listener: (event: BatchEvent) => void): void {
    this.batchListeners.add(listener);
  }

  onState(listener: (state: ConnectionState) => void): void {
    this.stateListeners.add(listener);
  }

  follow(id: string, accessToken?: string): void {
    this.ended.delete(id);
    this.followed.set(id, accessToken);
    if (this.socket.connected) this.subscribe(id, accessToken);
    this.schedulePoll();
  }

  unfollow(id: string): void {
    this.followed.delete(id);
  }

  /** A new handshake, so the server sees the session cookie just set or cleared. */
  reconnect(): void {
    this.socket.disconnect().connect();
  }

  private onConnect(): void {
    this.setState('live');
    for (const [id, accessToken] of this.followed) this.subscribe(id, accessToken);
  }

  private subscribe(id: string, accessToken: string | undefined): void {
    // Without a token the owner's socket already gets the events; fetch the state it may have missed.
    if (!accessToken) return void this.refresh(id);
    this.socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit('subscribe', { id, accessToken }, (error, ack) => {
      if (error || !ack.ok) void this.refresh(id);
    });
  }

  private deliver(view: IdentificationView): void {
    // A late poll answer must not turn a finished result back into "identifying".
    if (this.ended.has(view.id) && !isFinished(view)) return;
    if (isFinished(view)) {
      this.ended.add(view.id);
      this.followed.delete(view.id);
    }
    for (const listener of this.viewListeners) listener(view);
  }

  private async refresh(id: string): Promise<void> {
    try {
      this.deliver(await getIdentification(id, this.followed.get(id)));
    } catch (error) {
      // Deleted, or expired: nothing will ever come. Otherwise (offline…) the next poll or reconnection tries again.
      if (error instanceof ApiError && error.status === 404) this.followed.delete(id);
    }
  }

  private catchUp(): void {
    if (!this.socket.connected) for (const id of this.followed.keys()) void this.refresh(id);
  }

  private schedulePoll(): void {
    if (this.pollTimer !== undefined || this.followed.size === 0) return;
    this.pollTimer = window.setTimeout(() => {
      this.pollTimer = undefined;
      this.catchUp();
      this.schedulePoll();
    }, POLL_INTERVAL_MS);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
    if (state === 'offline') this.schedulePoll();
  }
}
